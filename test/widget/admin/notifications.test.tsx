import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { apiError } from "./fake-admin.ts";
import { delivery, outboxMail } from "./fixtures.ts";
import { renderAdmin } from "./render-admin.tsx";

const EVIL = "<img src=x onerror=alert(1)>";
const mailRow = (subject: string) => screen.getByRole("listitem", { name: `Mail: ${subject}` });

describe("outbox", () => {
  it("lists mails with subject, recipient, status, time and the text as plain text", async () => {
    const api = await renderAdmin(
      {
        outbox: [
          outboxMail("m1", { subject: `New comment ${EVIL}`, text: `Someone wrote:\n${EVIL}\n<b>bold</b>` }),
          outboxMail("m2", { status: "sent", provider: "http" }),
          outboxMail("m3", { status: "failed", provider: "http", error: "HTTP 422 from the mail API" }),
        ],
      },
      { view: "outbox" },
    );
    await screen.findByText("Subject m2");
    expect(api.actions[0]).toMatchObject({ method: "GET", path: "/outbox" });
    expect(api.actions[0]?.query.has("site")).toBe(false);

    const evil = mailRow(`New comment ${EVIL}`);
    expect(evil.querySelector(".subject")?.textContent).toBe(`New comment ${EVIL}`);
    const pre = evil.querySelector("pre");
    expect(pre?.textContent).toBe(`Someone wrote:\n${EVIL}\n<b>bold</b>`);
    expect(pre?.children).toHaveLength(0);
    // Nothing in a mail became markup.
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector("main b")).toBeNull();
    expect(evil.textContent).toContain("to mod-m1@example.com");
    expect(evil.querySelector("time")?.getAttribute("datetime")).toBe("2011-04-01T07:00:00.000Z");
    expect(within(evil).getByText("logged").className).toBe("status logged");

    expect(within(mailRow("Subject m2")).getByText("sent")).toBeTruthy();
    const failed = mailRow("Subject m3");
    expect(within(failed).getByText("failed").className).toBe("status failed");
    expect(failed.querySelector(".error")?.textContent).toBe("Not sent: HTTP 422 from the mail API");
    expect(mailRow("Subject m2").querySelector(".error")).toBeNull();
  });

  it("filters by site and shows an empty state", async () => {
    const api = await renderAdmin({ outbox: [outboxMail("m1")] }, { view: "outbox" });
    await screen.findByText("Subject m1");
    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "other" } });
    expect(await screen.findByText(/No mail yet/)).toBeTruthy();
    expect(api.actions.at(-1)?.query.get("site")).toBe("other");
    expect(screen.queryByText("Subject m1")).toBeNull();
  });

  it("shows a failed load with a retry", async () => {
    const api = await renderAdmin({ outbox: [outboxMail("m1")] }, { view: "queue" });
    await screen.findByText("Nothing waits for moderation.");
    api.override["GET /outbox"] = () => apiError(500, { code: "internal", message: "Something went wrong." });
    location.hash = "#/outbox";
    dispatchEvent(new HashChangeEvent("hashchange"));
    expect((await screen.findByRole("alert")).textContent).toContain("Something went wrong.");
    delete api.override["GET /outbox"];
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await screen.findByText("Subject m1");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("webhook deliveries", () => {
  it("lists deliveries: event, URL, attempts, last status and error, times", async () => {
    const api = await renderAdmin(
      {
        deliveries: [
          delivery("d1"),
          delivery("d2", {
            event: "comment.approved",
            attempts: 3,
            lastStatus: 500,
            lastError: "Internal Server Error",
            deliveredAt: null,
          }),
          delivery("d3", { attempts: 0, lastStatus: null, deliveredAt: null, event: "comment.deleted" }),
        ],
      },
      { view: "webhooks" },
    );
    const list = await screen.findByRole("list", { name: "Webhook deliveries" });
    expect(api.actions[0]).toMatchObject({ method: "GET", path: "/webhooks" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows).toHaveLength(3);

    const [ok, failing, queued] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(ok.textContent).toContain("comment.created");
    expect(ok.querySelector(".url")?.textContent).toBe("https://hooks.example.com/confab");
    expect(ok.querySelector("a")).toBeNull();
    const status = (el: HTMLElement) => [
      el.querySelector(".status")?.className,
      el.querySelector(".status")?.textContent,
    ];
    expect(status(ok)).toEqual(["status delivered", "delivered"]);
    expect(ok.textContent).toContain("1 attempt");
    expect(ok.textContent).toContain("last answer HTTP 200");
    expect(ok.querySelectorAll("time")[1]?.getAttribute("datetime")).toBe("2011-04-01T07:00:01.000Z");

    expect(status(failing)).toEqual(["status failing", "not delivered"]);
    expect(failing.textContent).toContain("3 attempts");
    expect(failing.textContent).toContain("last answer HTTP 500");
    expect(failing.querySelector(".error")?.textContent).toBe("Last error: Internal Server Error");

    expect(status(queued)).toEqual(["status queued", "queued"]);
    expect(queued.textContent).toContain("0 attempts");
    expect(queued.textContent).not.toContain("last answer");
  });

  it("filters by site and shows an empty state", async () => {
    const api = await renderAdmin({ deliveries: [delivery("d1")] }, { view: "webhooks" });
    await screen.findByText("comment.created");
    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "other" } });
    expect(await screen.findByText(/No webhook deliveries yet/)).toBeTruthy();
    await waitFor(() => expect(api.actions.at(-1)?.query.get("site")).toBe("other"));
  });
});

describe("navigation", () => {
  it("offers the new views", async () => {
    await renderAdmin();
    const nav = screen.getByRole("navigation", { name: "Views" });
    for (const [name, href] of [
      ["Tokens", "#/tokens"],
      ["Outbox", "#/outbox"],
      ["Webhooks", "#/webhooks"],
    ]) {
      expect(within(nav).getByRole("link", { name }).getAttribute("href")).toBe(href);
    }
  });
});
