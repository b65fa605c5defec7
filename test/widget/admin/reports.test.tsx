// The Reports view: a site's reported comments with their reasons (GET /admin/reports).
import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import type { AdminReport } from "../../../shared/admin-types.ts";
import { adminSite, PAGE } from "./fixtures.ts";
import { renderAdmin } from "./render-admin.tsx";

const EVIL = "<img src=x onerror=alert(1)>";
const reported = (id: string, extra: Partial<AdminReport> = {}): AdminReport => ({
  commentId: id,
  site: "demo",
  status: "approved",
  author: `Author ${id}`,
  text: `Text of ${id}`,
  pageUrl: PAGE,
  reports: [{ reason: "off topic", createdAt: "2011-04-01T07:00:00.000Z" }],
  ...extra,
});

describe("reports", () => {
  it("lists a site's reported comments with their reasons, as text", async () => {
    const api = await renderAdmin(
      {
        reports: [
          reported("c1", {
            status: "pending",
            text: `Buy now ${EVIL}`,
            reports: [
              { reason: `spam ${EVIL}`, createdAt: "2011-04-01T07:02:00.000Z" },
              { reason: "advert", createdAt: "2011-04-01T07:01:00.000Z" },
            ],
          }),
          reported("c2", { author: "" }),
        ],
      },
      { view: "reports" },
    );
    const list = await screen.findByRole("list", { name: "Reported comments" });
    expect(api.actions[0]).toMatchObject({ method: "GET", path: "/reports" });
    expect(api.actions[0]?.query.get("site")).toBe("demo");
    const [held, other] = within(list).getAllByRole("listitem", { name: /^Reports on/ }) as [
      HTMLElement,
      HTMLElement,
    ];
    expect(held.querySelector(".status")?.textContent).toBe("held");
    expect(held.textContent).toContain("2 reports");
    expect(held.querySelector(".text")?.textContent).toBe(`Buy now ${EVIL}`);
    expect(held.querySelector("img")).toBeNull();
    const reasons = within(held).getByRole("list", { name: "Reasons" });
    expect(
      within(reasons)
        .getAllByRole("listitem")
        .map((li) => li.textContent?.replace(/^.*? (?=spam|advert)/, "")),
    ).toEqual([`spam ${EVIL}`, "advert"]);
    expect(other.getAttribute("aria-label")).toBe("Reports on the comment by Anonymous");
    expect(other.textContent).toContain("1 report");
    expect(other.textContent).not.toContain("1 reports");
  });

  it("changes site and shows an empty state", async () => {
    const api = await renderAdmin(
      { reports: [reported("c1")], sites: [adminSite("demo"), adminSite("other")] },
      { view: "reports" },
    );
    await screen.findByRole("list", { name: "Reported comments" });
    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "other" } });
    expect(await screen.findByText("No open reports on this site.")).toBeTruthy();
    await waitFor(() => expect(api.actions.at(-1)?.query.get("site")).toBe("other"));
  });

  it("is in the navigation", async () => {
    await renderAdmin();
    const nav = screen.getByRole("navigation", { name: "Views" });
    expect(within(nav).getByRole("link", { name: "Reports" }).getAttribute("href")).toBe("#/reports");
  });
});
