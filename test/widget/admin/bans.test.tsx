import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { apiError } from "./fake-admin.ts";
import { adminComment, ban } from "./fixtures.ts";
import { renderAdmin, row } from "./render-admin.tsx";

describe("bans", () => {
  it("lists a site's bans and adds an email ban with reason and expiry", async () => {
    const api = await renderAdmin({ bans: [ban("b0")] }, { view: "bans" });
    await screen.findByText("b0@spam.example");
    expect(api.actions[0]?.query.get("site")).toBe("demo");

    fireEvent.input(screen.getByLabelText("Email"), { target: { value: " troll@example.com " } });
    fireEvent.input(screen.getByLabelText("Reason"), { target: { value: "Abuse" } });
    fireEvent.input(screen.getByLabelText("Expires (optional)"), { target: { value: "2026-12-31" } });
    fireEvent.click(screen.getByRole("button", { name: "Add ban" }));

    await screen.findByText("troll@example.com");
    expect(api.actions.at(-1)).toMatchObject({
      method: "POST",
      path: "/bans",
      body: {
        site: "demo",
        kind: "email",
        value: "troll@example.com",
        reason: "Abuse",
        expiresAt: "2026-12-31T23:59:59.999Z",
      },
    });
    expect((screen.getByLabelText("Email") as HTMLInputElement).value).toBe("");
  });

  it("shows the API's field error next to the email", async () => {
    const api = await renderAdmin({}, { view: "bans" });
    await screen.findByText("No bans on this site.");
    api.override["POST /bans"] = () =>
      apiError(400, { code: "validation_failed", message: "Check the email.", fields: { value: "invalid" } });
    fireEvent.input(screen.getByLabelText("Email"), { target: { value: "troll@localhost" } });
    fireEvent.click(screen.getByRole("button", { name: "Add ban" }));

    expect((await screen.findByRole("alert")).textContent).toBe("Check the email.");
    const email = screen.getByLabelText("Email");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(email.parentElement?.querySelector(".error")?.textContent).toBe("Not valid.");
    expect(screen.getByText("No bans on this site.")).toBeTruthy();
  });

  it("removes a ban with DELETE", async () => {
    const api = await renderAdmin({ bans: [ban("b1"), ban("b2")] }, { view: "bans" });
    await screen.findByText("b1@spam.example");
    fireEvent.click(screen.getByRole("button", { name: "Remove ban on b1@spam.example" }));
    await waitFor(() => expect(screen.queryByText("b1@spam.example")).toBeNull());
    expect(api.actions.at(-1)).toMatchObject({ method: "DELETE", path: "/bans/b1" });
    expect(screen.getByText("b2@spam.example")).toBeTruthy();
  });

  it("bans a comment's author by network hash from the queue", async () => {
    const api = await renderAdmin({ comments: [adminComment("c1", { networkHash: "9f2c1e" })] });
    await screen.findByText("Author c1");
    fireEvent.click(within(row("c1")).getByRole("button", { name: "Ban…" }));
    const form = within(row("c1")).getByRole("form", { name: "Ban this author" });
    expect((within(form).getByLabelText("Ban by") as HTMLSelectElement).value).toBe("ip");
    fireEvent.input(within(form).getByLabelText("Reason"), { target: { value: "Flooding" } });
    fireEvent.click(within(form).getByRole("button", { name: "Ban" }));

    expect((await within(row("c1")).findByRole("status")).textContent).toBe("Banned (ip: 9f2c1e).");
    expect(api.actions.at(-1)).toMatchObject({
      method: "POST",
      path: "/bans",
      body: { site: "demo", fromComment: "c1", kind: "ip", reason: "Flooding", expiresAt: null },
    });
  });
});
