import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { apiError } from "./fake-admin.ts";
import { adminComment, TOKEN } from "./fixtures.ts";
import { renderAdmin, row } from "./render-admin.tsx";

const signIn = (token: string) => {
  fireEvent.input(screen.getByLabelText("Admin token"), { target: { value: token } });
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
};

describe("admin login", () => {
  it("checks the token, keeps it in sessionStorage only and sends it as a bearer token", async () => {
    const api = await renderAdmin({ comments: [adminComment("c1")] }, { token: null });
    expect(screen.getByLabelText("Admin token").getAttribute("type")).toBe("password");

    signIn(` ${TOKEN} `);
    await screen.findByText("Author c1");

    expect(sessionStorage.getItem("confab-admin-token")).toBe(TOKEN);
    expect(localStorage.length).toBe(0);
    expect(document.cookie).toBe("");
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /sites", "GET /comments"]);
    for (const call of api.calls) expect(call.headers.get("Authorization")).toBe(`Bearer ${TOKEN}`);
    expect(api.calls[1]?.query.get("status")).toBe("pending");
  });

  it("shows the API's message for a wrong token and keeps nothing", async () => {
    await renderAdmin({}, { token: null });
    signIn("wrong");
    expect((await screen.findByRole("alert")).textContent).toBe("This token is not valid.");
    expect(sessionStorage.length).toBe(0);
    expect(screen.getByRole("button", { name: "Sign in" })).toBeTruthy();
  });

  it("asks for a token before calling the API at all", async () => {
    const api = await renderAdmin({}, { token: null });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByRole("alert").textContent).toBe("Enter the admin token.");
    expect(api.calls).toHaveLength(0);
  });

  it("returns to the login form with the message when a call answers 401", async () => {
    const api = await renderAdmin({ comments: [adminComment("c1")] });
    await screen.findByText("Author c1");
    api.override["PATCH /comments/:id"] = () =>
      apiError(401, { code: "unauthorized", message: "The token was revoked." });

    fireEvent.click(within(row("c1")).getByRole("button", { name: "Approve" }));

    expect((await screen.findByRole("alert")).textContent).toBe("The token was revoked.");
    expect(screen.getByLabelText("Admin token")).toBeTruthy();
    expect(sessionStorage.getItem("confab-admin-token")).toBeNull();
  });

  it("returns to the login form when a stored token is refused on reload (403)", async () => {
    await renderAdmin({}, { token: "stale-token" });
    await waitFor(() => expect(screen.getByLabelText("Admin token")).toBeTruthy());
    expect(screen.getByRole("alert").textContent).toBe("This token is not valid.");
    expect(sessionStorage.length).toBe(0);
  });

  it("signs out: forgets the token and shows the form", async () => {
    await renderAdmin({ comments: [adminComment("c1")] });
    await screen.findByText("Author c1");
    fireEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(screen.getByLabelText("Admin token")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(sessionStorage.length).toBe(0);
  });
});
