import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { adminToken, MODERATOR_TOKEN } from "./fixtures.ts";
import { renderAdmin } from "./render-admin.tsx";

const tokenRow = (label: string) => screen.getByRole("listitem", { name: `Token ${label}` });
const go = async (view: string) => {
  location.hash = `#/${view}`;
  // happy-dom may or may not fire it for a script change; the browser does.
  dispatchEvent(new HashChangeEvent("hashchange"));
  await screen.findByRole("heading", { level: 2, name: view === "tokens" ? "Tokens" : "Queue" });
};

describe("tokens", () => {
  it("lists the moderator tokens with their sites and last use", async () => {
    const api = await renderAdmin(
      {
        tokens: [
          adminToken("t1", {
            label: "Ana",
            sites: ["demo", "other"],
            lastUsedAt: "2011-04-02T00:00:00.000Z",
          }),
          adminToken("t2", { label: "Bo" }),
        ],
      },
      { view: "tokens" },
    );
    await screen.findByText("Ana");
    expect(api.actions[0]).toMatchObject({ method: "GET", path: "/tokens" });
    expect(tokenRow("Ana").textContent).toContain("sites: demo, other");
    expect(tokenRow("Ana").querySelectorAll("time")[1]?.getAttribute("datetime")).toBe(
      "2011-04-02T00:00:00.000Z",
    );
    expect(tokenRow("Bo").textContent).toContain("never used");
  });

  it("says so when there are none", async () => {
    await renderAdmin({}, { view: "tokens" });
    expect(await screen.findByText(/No moderator tokens yet/)).toBeTruthy();
  });

  it("mints a token and shows it once, read-only; it is gone after leaving the view", async () => {
    const api = await renderAdmin({}, { view: "tokens" });
    await screen.findByText(/No moderator tokens yet/);
    fireEvent.input(screen.getByLabelText("Label"), { target: { value: "  Ana  " } });
    fireEvent.click(screen.getByRole("checkbox", { name: /Site other/ }));
    fireEvent.click(screen.getByRole("checkbox", { name: /Demo Blog/ }));
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));

    const field = (await screen.findByLabelText("New token")) as HTMLInputElement;
    const secret = "secret-tok1-0123456789abcdef";
    expect(field.value).toBe(secret);
    expect(field.readOnly).toBe(true);
    expect(screen.getByText(/Shown once\./)).toBeTruthy();
    expect(screen.getByText(/cannot be shown again/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Copy" })).toBeTruthy();
    const mint = api.actions.find((c) => c.method === "POST");
    // Sites in the order of the site list, the label trimmed.
    expect(mint).toMatchObject({ path: "/tokens", body: { label: "Ana", sites: ["demo", "other"] } });
    // The list is reloaded and shows the new token (never the secret itself).
    await screen.findByRole("listitem", { name: "Token Ana" });
    expect(tokenRow("Ana").textContent).not.toContain(secret);
    // Nothing keeps it but the view: not the storage, not the address.
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(secret);
    expect(localStorage.length).toBe(0);
    expect(location.href).not.toContain(secret);

    await go("queue");
    await go("tokens");
    await screen.findByRole("listitem", { name: "Token Ana" });
    expect(screen.queryByLabelText("New token")).toBeNull();
    expect(document.body.innerHTML).not.toContain(secret);
    expect(screen.getByRole("button", { name: "Create token" })).toBeTruthy();
  });

  it("Done forgets the shown token at once", async () => {
    await renderAdmin({}, { view: "tokens" });
    await screen.findByText(/No moderator tokens yet/);
    fireEvent.input(screen.getByLabelText("Label"), { target: { value: "Ana" } });
    fireEvent.click(screen.getByRole("checkbox", { name: /Demo Blog/ }));
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));
    await screen.findByLabelText("New token");
    fireEvent.click(screen.getByRole("button", { name: "Done, I copied it" }));
    expect(screen.queryByLabelText("New token")).toBeNull();
    expect(document.body.innerHTML).not.toContain("secret-tok1");
  });

  it("checks the form before sending and shows the API's field errors", async () => {
    const api = await renderAdmin({}, { view: "tokens" });
    await screen.findByText(/No moderator tokens yet/);
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect(screen.getByLabelText("Label").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Choose at least one site.")).toBeTruthy();
    expect(api.actions.filter((c) => c.method === "POST")).toEqual([]);

    // The API's answer for a site that vanished meanwhile.
    api.state.sites = api.state.sites.filter((s) => s.id !== "other");
    fireEvent.input(screen.getByLabelText("Label"), { target: { value: "Ana" } });
    fireEvent.click(screen.getByRole("checkbox", { name: /Site other/ }));
    fireEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Some fields are not valid.");
    expect(screen.getByText("Not valid.")).toBeTruthy();
    expect(screen.queryByLabelText("New token")).toBeNull();
  });

  it("revokes a token only after Yes; No cancels without a request", async () => {
    const api = await renderAdmin(
      { tokens: [adminToken("t1", { label: "Ana" }), adminToken("t2", { label: "Bo" })] },
      { view: "tokens" },
    );
    await screen.findByText("Ana");
    fireEvent.click(within(tokenRow("Ana")).getByRole("button", { name: "Revoke Ana" }));
    const ask = within(tokenRow("Ana")).getByRole("group", { name: /Revoke “Ana”\?/ });
    expect(document.activeElement).toBe(within(ask).getByRole("button", { name: "Yes, revoke" }));
    fireEvent.click(within(ask).getByRole("button", { name: "No" }));
    expect(within(tokenRow("Ana")).queryByRole("group")).toBeNull();
    expect(api.actions.filter((c) => c.method === "DELETE")).toEqual([]);

    fireEvent.click(within(tokenRow("Ana")).getByRole("button", { name: "Revoke Ana" }));
    fireEvent.keyDown(document.activeElement as Element, { key: "Escape" });
    expect(within(tokenRow("Ana")).queryByRole("group")).toBeNull();
    expect(api.actions.filter((c) => c.method === "DELETE")).toEqual([]);

    fireEvent.click(within(tokenRow("Ana")).getByRole("button", { name: "Revoke Ana" }));
    fireEvent.click(within(tokenRow("Ana")).getByRole("button", { name: "Yes, revoke" }));
    await waitFor(() => expect(screen.queryByText("Ana")).toBeNull());
    expect(api.actions.filter((c) => c.method === "DELETE")).toEqual([
      expect.objectContaining({ path: "/tokens/t1" }),
    ]);
    expect(api.state.tokens.map((t) => t.id)).toEqual(["t2"]);
    expect(screen.getByText("Bo")).toBeTruthy();
  });

  it("shows a failed revoke next to its token", async () => {
    const api = await renderAdmin({ tokens: [adminToken("t1", { label: "Ana" })] }, { view: "tokens" });
    await screen.findByText("Ana");
    api.state.tokens = [];
    fireEvent.click(within(tokenRow("Ana")).getByRole("button", { name: "Revoke Ana" }));
    fireEvent.click(within(tokenRow("Ana")).getByRole("button", { name: "Yes, revoke" }));
    expect((await within(tokenRow("Ana")).findByRole("alert")).textContent).toBe("No such token.");
  });

  it("a moderator token gets 403: a note, and it stays signed in", async () => {
    const api = await renderAdmin({}, { view: "tokens", token: MODERATOR_TOKEN });
    expect((await screen.findByRole("note")).textContent).toContain("Only the operator can manage tokens");
    expect(api.actions.some((c) => c.path === "/tokens")).toBe(true);
    expect(screen.queryByRole("button", { name: "Create token" })).toBeNull();
    expect(screen.queryByLabelText("Admin token")).toBeNull();
    expect(sessionStorage.getItem("confab-admin-token")).toBe(MODERATOR_TOKEN);
  });

  it("a token revoked meanwhile (403 on tokens and on sites) signs out", async () => {
    const api = await renderAdmin({}, { view: "queue" });
    await screen.findByText("Nothing waits for moderation.");
    api.override["GET /tokens"] = () =>
      new Response(JSON.stringify({ error: { code: "forbidden", message: "This token is not valid." } }), {
        status: 403,
      });
    api.override["GET /sites"] = api.override["GET /tokens"];
    await go("tokens").catch(() => {});
    await waitFor(() => expect(screen.getByLabelText("Admin token")).toBeTruthy());
    expect(screen.getByRole("alert").textContent).toBe("This token is not valid.");
    expect(sessionStorage.length).toBe(0);
  });
});
