import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { adminComment, adminIdentity, adminSession, MODERATOR_TOKEN } from "./fixtures.ts";
import { renderAdmin } from "./render-admin.tsx";

const ada = adminIdentity("ada", { name: "Ada", sessions: 2, passkeys: 1 });
const bob = adminIdentity("bob", {
  name: "Bob",
  verified: "github",
  email: undefined,
  subject: "1001",
  sessions: 1,
});
const cy = adminIdentity("cy", { name: "Cy", site: "other" });
const readerRow = (name: string) => screen.getByRole("listitem", { name: `Reader ${name}` });
const sessionRow = (name: string) => screen.getAllByRole("listitem", { name: `Session of ${name}` });

describe("how each comment's author was verified", () => {
  it("labels the author in the comment meta: email, GitHub, SSO, or anonymous", async () => {
    const by = (verified: any) => ({
      name: `By ${verified}`,
      website: null,
      avatar: "s",
      isModerator: false,
      verified,
    });
    await renderAdmin({
      comments: [
        adminComment("c1", { author: by("email") }),
        adminComment("c2", { author: by("github") }),
        adminComment("c3", { author: by("sso") }),
        adminComment("c4", { author: by(null) }),
      ],
    });
    await screen.findByText("By email");
    const label = (id: string) => document.querySelector(`#row-${id} .verified`)?.textContent;
    expect(label("c1")).toBe("verified by email");
    expect(label("c2")).toBe("verified by GitHub");
    expect(label("c3")).toBe("verified by SSO");
    expect(label("c4")).toBe("anonymous");
  });
});

describe("readers", () => {
  it("lists the chosen site's identities with how they verified and what they use", async () => {
    const api = await renderAdmin({ identities: [ada, bob, cy] }, { view: "readers" });
    await screen.findByRole("listitem", { name: "Reader Ada" });
    expect(api.actions[0]).toMatchObject({ method: "GET", path: "/identities" });
    expect(api.actions[0]?.query.get("site")).toBe("demo");
    expect(readerRow("Ada").textContent).toContain("ada@example.org");
    expect(readerRow("Ada").textContent).toContain("2 signed-in devices");
    expect(readerRow("Ada").textContent).toContain("1 passkey");
    expect(readerRow("Ada").textContent).toContain("2 comments");
    expect(readerRow("Bob").querySelector(".verified")?.textContent).toBe("GitHub");
    expect(readerRow("Bob").textContent).toContain("id 1001");
    expect(screen.queryByRole("listitem", { name: "Reader Cy" })).toBeNull();

    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "other" } });
    await screen.findByRole("listitem", { name: "Reader Cy" });
    expect(screen.queryByRole("listitem", { name: "Reader Ada" })).toBeNull();
  });

  it("searches by name, address or id when the search is submitted", async () => {
    const api = await renderAdmin({ identities: [ada, bob] }, { view: "readers" });
    await screen.findByRole("listitem", { name: "Reader Bob" });
    fireEvent.input(screen.getByLabelText("Name, address or id"), { target: { value: " 1001 " } });
    fireEvent.submit(screen.getByRole("form", { name: "Find readers" }));
    await waitFor(() => expect(api.actions.at(-1)?.query.get("q")).toBe("1001"));
    await screen.findByRole("listitem", { name: "Reader Bob" });
    expect(screen.queryByRole("listitem", { name: "Reader Ada" })).toBeNull();
    fireEvent.input(screen.getByLabelText("Name, address or id"), { target: { value: "nobody" } });
    fireEvent.submit(screen.getByRole("form", { name: "Find readers" }));
    expect(await screen.findByText("No reader matches.")).toBeTruthy();
  });

  it("marks a reader as staff and back with a checkbox", async () => {
    const api = await renderAdmin({ identities: [ada] }, { view: "readers" });
    const box = (await screen.findByRole("checkbox", { name: "Staff (Ada)" })) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(() => expect(within(readerRow("Ada")).getByText("staff")).toBeTruthy());
    expect(api.actions.at(-1)).toMatchObject({
      method: "PATCH",
      path: "/identities/ada",
      body: { isStaff: true },
    });
    expect((screen.getByRole("checkbox", { name: "Staff (Ada)" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole("checkbox", { name: "Staff (Ada)" }));
    await waitFor(() => expect(within(readerRow("Ada")).queryByText("staff")).toBeNull());
    expect(api.state.identities[0]?.isStaff).toBe(false);
  });

  it("says why a staff change failed, and leaves the box as it was", async () => {
    const api = await renderAdmin({ identities: [ada] }, { view: "readers" });
    api.override["PATCH /identities/:id"] = () =>
      new Response(JSON.stringify({ error: { code: "not_found", message: "No such identity." } }), {
        status: 404,
      });
    fireEvent.click(await screen.findByRole("checkbox", { name: "Staff (Ada)" }));
    expect((await within(readerRow("Ada")).findByRole("alert")).textContent).toBe("No such identity.");
    expect((screen.getByRole("checkbox", { name: "Staff (Ada)" }) as HTMLInputElement).checked).toBe(false);
  });

  it("signs a reader out everywhere after a confirmation, by keyboard (y) too", async () => {
    const api = await renderAdmin({ identities: [ada, bob] }, { view: "readers" });
    const button = await screen.findByRole("button", { name: "Sign out everywhere… (Ada)" });
    fireEvent.click(button);
    const yes = screen.getByRole("button", { name: "Yes, sign out" });
    expect(document.activeElement).toBe(yes);
    fireEvent.keyDown(yes, { key: "n" });
    expect(screen.queryByRole("button", { name: "Yes, sign out" })).toBeNull();
    expect(api.actions.filter((c) => c.method === "DELETE")).toHaveLength(0);

    fireEvent.click(button);
    fireEvent.keyDown(screen.getByRole("button", { name: "Yes, sign out" }), { key: "y" });
    await waitFor(() => expect(readerRow("Ada").textContent).toContain("0 signed-in devices"));
    expect(api.actions.at(-1)).toMatchObject({ method: "DELETE", path: "/identities/ada/sessions" });
    expect(
      (screen.getByRole("button", { name: "Sign out everywhere… (Ada)" }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it("works for a moderator token (the fake answers it like the operator here)", async () => {
    await renderAdmin({ identities: [ada] }, { view: "readers", token: MODERATOR_TOKEN });
    expect(await screen.findByRole("listitem", { name: "Reader Ada" })).toBeTruthy();
  });
});

describe("sessions", () => {
  const sessions = [
    adminSession("s1", ada, { lastUsedAt: "2011-04-03T06:00:00.000Z" }),
    adminSession("s2", ada, { method: "passkey" }),
    adminSession("s3", bob),
    adminSession("s4", cy),
  ];

  it("lists the site's live sessions: who, how they signed in, when", async () => {
    const api = await renderAdmin({ identities: [ada, bob, cy], sessions }, { view: "sessions" });
    await screen.findAllByRole("listitem", { name: "Session of Ada" });
    expect(api.actions[0]?.query.get("site")).toBe("demo");
    const [first, second] = sessionRow("Ada");
    expect(first?.textContent).toContain("signed in with email");
    expect(first?.textContent).toContain("last used");
    expect(second?.textContent).toContain("signed in with passkey");
    expect(second?.textContent).toContain("not used since");
    expect(sessionRow("Bob")[0]?.textContent).toContain("signed in with GitHub");
    expect(screen.queryByRole("listitem", { name: "Session of Cy" })).toBeNull();
  });

  it("revokes one session after a confirmation; the reader's other session stays", async () => {
    const api = await renderAdmin({ identities: [ada, bob], sessions }, { view: "sessions" });
    await screen.findAllByRole("listitem", { name: "Session of Ada" });
    fireEvent.click(within(sessionRow("Ada")[0] as HTMLElement).getByRole("button", { name: "Revoke…" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, revoke" }));
    await waitFor(() => expect(sessionRow("Ada")).toHaveLength(1));
    expect(api.actions.at(-1)).toMatchObject({ method: "DELETE", path: "/sessions/s1" });
    expect(api.state.sessions.map((s) => s.id)).toEqual(["s2", "s3", "s4"]);
  });

  it("signs a reader out everywhere from one of their sessions", async () => {
    const api = await renderAdmin({ identities: [ada, bob], sessions }, { view: "sessions" });
    await screen.findAllByRole("listitem", { name: "Session of Ada" });
    fireEvent.click(screen.getAllByRole("button", { name: "Sign out everywhere… (Ada)" })[1] as HTMLElement);
    fireEvent.click(screen.getByRole("button", { name: "Yes, sign out" }));
    await waitFor(() => expect(screen.queryByRole("listitem", { name: "Session of Ada" })).toBeNull());
    expect(api.actions.at(-1)).toMatchObject({ method: "DELETE", path: "/identities/ada/sessions" });
    expect(sessionRow("Bob")).toHaveLength(1);
  });

  it("shows a failed revoke's reason in its row and keeps the row", async () => {
    const api = await renderAdmin(
      { identities: [ada], sessions: sessions.slice(0, 1) },
      { view: "sessions" },
    );
    api.override["DELETE /sessions/:id"] = () =>
      new Response(JSON.stringify({ error: { code: "not_found", message: "No such session." } }), {
        status: 404,
      });
    fireEvent.click(await screen.findByRole("button", { name: "Revoke…" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, revoke" }));
    expect((await screen.findByRole("alert")).textContent).toBe("No such session.");
    expect(sessionRow("Ada")).toHaveLength(1);
  });

  it("says so when nobody is signed in", async () => {
    await renderAdmin({}, { view: "sessions" });
    expect(await screen.findByText("No reader is signed in on this site.")).toBeTruthy();
  });
});
