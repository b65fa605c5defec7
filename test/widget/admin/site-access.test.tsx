import { fireEvent, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { adminSite } from "./fixtures.ts";
import { renderAdmin } from "./render-admin.tsx";

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const save = () => fireEvent.click(screen.getByRole("button", { name: "Save settings" }));

describe("who may post and how readers sign in", () => {
  it("shows the site's posting rule, reserved names and sign-in methods, OIDC issuers by name", async () => {
    await renderAdmin(
      {
        sites: [
          adminSite("demo", {
            posting: "verified-or-held",
            reservedNames: ["Admin", "Demo Team"],
            signIn: ["passkey", "oidc:gitlab", "github", "oidc:corp"],
          }),
        ],
      },
      { view: "sites" },
    );
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    expect((screen.getByLabelText("Who may post") as HTMLSelectElement).value).toBe("verified-or-held");
    expect(field("Reserved names").value).toBe("Admin\nDemo Team");
    const methods = screen.getByRole("group", { name: "Sign-in methods" });
    const checked = (name: string) => (screen.getByRole("checkbox", { name }) as HTMLInputElement).checked;
    expect([checked("Email code"), checked("Passkey"), checked("GitHub"), checked("Google")]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(methods.getAttribute("aria-describedby")).toBe("site-signIn-msg");
    expect(field("OIDC providers").value).toBe("gitlab\ncorp");
  });

  it("sends only what changed: the rule, the names, the methods with the OIDC entries", async () => {
    const api = await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    fireEvent.change(screen.getByLabelText("Who may post"), { target: { value: "verified" } });
    fireEvent.input(field("Reserved names"), { target: { value: " Admin \n\nModerator" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "Email code" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Google" }));
    fireEvent.input(field("OIDC providers"), { target: { value: "gitlab" } });
    save();
    await screen.findByText("Saved.");
    expect(api.actions.at(-1)).toMatchObject({ method: "PATCH", path: "/sites/demo" });
    expect(api.actions.at(-1)?.body).toEqual({
      posting: "verified",
      reservedNames: ["Admin", "Moderator"],
      signIn: ["passkey", "google", "oidc:gitlab"],
    });
  });

  it("refuses an OIDC name the worker would refuse, before sending", async () => {
    const api = await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    fireEvent.input(field("OIDC providers"), { target: { value: "GitLab Corp" } });
    save();
    expect(screen.getByRole("alert").textContent).toBe("Please correct the marked fields.");
    expect(field("OIDC providers").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText(/“GitLab Corp” is not a provider name/)).toBeTruthy();
    expect(api.actions).toHaveLength(0);
  });
});

describe("the SSO secret", () => {
  it("makes a secret and shows it once, read-only, with Copy; Done forgets it", async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    const api = await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    expect(screen.getByText(/^Off\./)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Make a secret" }));
    const secret = (await screen.findByLabelText("New SSO secret")) as HTMLInputElement;
    expect(secret.value).toBe("sso-demo-first-0123456789abcdef");
    expect(secret.readOnly).toBe(true);
    expect(document.activeElement).toBe(secret);
    expect(secret.getAttribute("aria-describedby")).toBe("sso-warning");
    expect(screen.getByText(/Shown once\./)).toBeTruthy();
    expect(api.actions.at(-1)).toMatchObject({ method: "POST", path: "/sites/demo/sso-secret" });
    fireEvent.click(screen.getByRole("button", { name: "Copy" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("sso-demo-first-0123456789abcdef"));
    expect(JSON.stringify({ ...sessionStorage })).not.toContain("sso-demo-first");

    fireEvent.click(screen.getByRole("button", { name: "Done, I copied it" }));
    expect(screen.queryByLabelText("New SSO secret")).toBeNull();
    expect(document.body.innerHTML).not.toContain("sso-demo-first");
    expect(screen.getByText(/^On:/)).toBeTruthy();
  });

  it("rotates and turns SSO off only after a confirmation", async () => {
    const api = await renderAdmin({ sites: [adminSite("demo", { ssoEnabled: true })] }, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    fireEvent.click(screen.getByRole("button", { name: "Rotate secret…" }));
    expect(screen.getByText(/The current one stops working at once/)).toBeTruthy();
    fireEvent.keyDown(screen.getByRole("button", { name: "Yes, rotate" }), { key: "Escape" });
    expect(api.actions).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: "Rotate secret…" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, rotate" }));
    expect(((await screen.findByLabelText("New SSO secret")) as HTMLInputElement).value).toBe(
      "sso-demo-rotated-0123456789abcdef",
    );
    fireEvent.click(screen.getByRole("button", { name: "Done, I copied it" }));

    fireEvent.click(screen.getByRole("button", { name: "Turn SSO off…" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, turn off" }));
    await screen.findByRole("button", { name: "Make a secret" });
    expect(api.actions.at(-1)).toMatchObject({ method: "DELETE", path: "/sites/demo/sso-secret" });
    expect(api.state.sites[0]?.ssoEnabled).toBe(false);
  });

  it("is not offered on the new-site form", async () => {
    await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    fireEvent.click(screen.getByRole("button", { name: "+ New site" }));
    await screen.findByRole("form", { name: "New site" });
    expect(screen.queryByRole("heading", { name: "Single sign-on (SSO)" })).toBeNull();
  });
});
