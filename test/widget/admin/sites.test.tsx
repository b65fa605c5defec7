import { fireEvent, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { apiError } from "./fake-admin.ts";
import { adminSite } from "./fixtures.ts";
import { renderAdmin } from "./render-admin.tsx";

const input = (label: string, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe("site settings", () => {
  it("shows every field of the chosen site; secrets are write-only", async () => {
    await renderAdmin(
      { sites: [adminSite("demo", { notifyEmails: ["a@x.example", "b@x.example"] })] },
      { view: "sites" },
    );
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    expect(field("Name").value).toBe("Demo Blog");
    expect(field("Origins").value).toBe("https://demo.example.com");
    expect((screen.getByLabelText("Moderation") as HTMLSelectElement).value).toBe("first");
    expect(field("Edit window (seconds)").value).toBe("900");
    expect(field("Blocked words").value).toBe("casino");
    expect(field("Notify emails").value).toBe("a@x.example\nb@x.example");
    expect(field("Turnstile secret (write-only; empty keeps it)").value).toBe("");
    expect(field("Webhook secret (write-only; empty keeps it)").type).toBe("password");
    expect(field("Keep network hashes for (days)").value).toBe("90");
    expect((screen.getByLabelText("A comment with a blocked word is") as HTMLSelectElement).value).toBe(
      "hold",
    );
    for (const label of ["Require a name", "Require an email", "Webhook URL", "Turnstile site key"]) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
  });

  it("shows the addresses awaiting confirmation, and sends the list only when it changed", async () => {
    const api = await renderAdmin(
      {
        sites: [adminSite("demo", { notifyEmails: ["a@x.example"], notifyEmailsPending: ["b@x.example"] })],
      },
      { view: "sites" },
    );
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    const hint = () =>
      document.getElementById(field("Notify emails").getAttribute("aria-describedby") ?? "")?.textContent;
    expect(field("Notify emails").value).toBe("a@x.example\nb@x.example");
    expect(hint()).toContain("Awaiting confirmation: b@x.example.");

    input("Name", "Renamed");
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect((await screen.findByRole("status")).textContent).toBe("Saved.");
    expect(api.actions.at(-1)?.body).toEqual({ name: "Renamed" });

    input("Notify emails", "a@x.example\nb@x.example\nc@x.example");
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(hint()).toContain("Awaiting confirmation: b@x.example, c@x.example."));
    expect(api.actions.at(-1)?.body).toEqual({ notifyEmails: ["a@x.example", "b@x.example", "c@x.example"] });
    expect(field("Notify emails").value).toBe("a@x.example\nb@x.example\nc@x.example");
  });

  it("saves only the changed fields with PATCH", async () => {
    const api = await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    input("Origins", "https://demo.example.com\n\n  http://localhost:*  ");
    fireEvent.change(screen.getByLabelText("Moderation"), { target: { value: "all" } });
    fireEvent.click(screen.getByLabelText("Require an email"));
    input("Most links per comment (0 = no limit)", "0");
    fireEvent.change(screen.getByLabelText("A comment with a blocked word is"), {
      target: { value: "reject" },
    });
    input("Webhook secret (write-only; empty keeps it)", "s3cret");
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));

    expect((await screen.findByRole("status")).textContent).toBe("Saved.");
    expect(api.actions.at(-1)).toMatchObject({ method: "PATCH", path: "/sites/demo" });
    expect(api.actions.at(-1)?.body).toEqual({
      origins: ["https://demo.example.com", "http://localhost:*"],
      moderation: "all",
      requireEmail: true,
      maxLinks: 0,
      blockedWordsAction: "reject",
      webhookSecret: "s3cret",
    });
    // The secret is not shown again.
    expect(field("Webhook secret (write-only; empty keeps it)").value).toBe("");
  });

  it("shows validation errors from error.fields next to their fields", async () => {
    const api = await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    api.override["PATCH /sites/:id"] = () =>
      apiError(400, {
        code: "validation_failed",
        message: "Some fields are not valid.",
        fields: { "origins.1": "invalid", webhookUrl: "invalid", editWindowSeconds: "invalid" },
      });
    input("Origins", "https://demo.example.com\njavascript:alert(1)");
    input("Webhook URL", "ftp://hooks.example");
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));

    expect((await screen.findByRole("alert")).textContent).toBe("Some fields are not valid.");
    for (const label of ["Origins", "Webhook URL", "Edit window (seconds)"]) {
      const el = field(label);
      expect(el.getAttribute("aria-invalid")).toBe("true");
      const message = document.getElementById(el.getAttribute("aria-describedby") ?? "");
      expect(message?.textContent).toBe("Not valid.");
    }
    expect(field("Name").getAttribute("aria-invalid")).toBeNull();
  });

  it("checks a new site before sending and creates it with POST", async () => {
    const api = await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    fireEvent.click(screen.getByRole("button", { name: "+ New site" }));
    await screen.findByRole("form", { name: "New site" });
    input("Site id (data-site)", "Bad Id");
    input("Fastest human submit (ms; 0 = off)", "1.5");
    fireEvent.click(screen.getByRole("button", { name: "Create site" }));

    expect(screen.getByRole("alert").textContent).toBe("Please correct the marked fields.");
    expect(field("Name").getAttribute("aria-invalid")).toBe("true");
    expect(field("Origins").getAttribute("aria-invalid")).toBe("true");
    expect(field("Site id (data-site)").getAttribute("aria-invalid")).toBe("true");
    expect(field("Fastest human submit (ms; 0 = off)").getAttribute("aria-invalid")).toBe("true");
    expect(api.actions).toHaveLength(0);

    input("Site id (data-site)", "blog");
    input("Name", "My Blog");
    input("Origins", "https://blog.example.com");
    input("Fastest human submit (ms; 0 = off)", "2000");
    fireEvent.click(screen.getByRole("button", { name: "Create site" }));

    await screen.findByRole("form", { name: "Settings of My Blog" });
    expect(api.actions.at(-1)).toMatchObject({ method: "POST", path: "/sites" });
    expect(api.actions.at(-1)?.body).toEqual({
      id: "blog",
      name: "My Blog",
      origins: ["https://blog.example.com"],
      moderation: "none",
      requireName: false,
      requireEmail: false,
      minSubmitMs: 2000,
      blockedWords: [],
      blockedWordsAction: "hold",
      turnstileSiteKey: null,
      notifyEmails: [],
      webhookUrl: null,
      posting: "anyone",
      reservedNames: [],
      blockedSources: [],
      signIn: ["email", "passkey"],
    });
    // The new site is offered everywhere at once (here: in the site list).
    await waitFor(() => expect(screen.getByRole("button", { name: "My Blog (blog)" })).toBeTruthy());
  });

  it("edits the reaction emoji and the report threshold, and sends only what changed", async () => {
    const api = await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    expect(field("Reaction emoji").value).toBe("👍 ❤️ 😄 🎉 😮 🤔");
    expect(field("Readers' reports that hold a comment (1–100)").value).toBe("3");

    input("Reaction emoji", " 🎉  👍,❤️ ");
    input("Readers' reports that hold a comment (1–100)", "5");
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect((await screen.findByRole("status")).textContent).toBe("Saved.");
    expect(api.actions.at(-1)?.body).toEqual({ reactions: ["🎉", "👍", "❤️"], reportThreshold: 5 });
    expect(field("Reaction emoji").value).toBe("🎉 👍 ❤️");

    // Empty turns reactions off.
    input("Reaction emoji", "");
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(api.actions.at(-1)?.body).toEqual({ reactions: [] }));
  });

  it("edits the blocked sources, one host name a line, and sends the list", async () => {
    const api = await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    expect(field("Blocked sources").value).toBe("");
    input("Blocked sources", "spam.example\n\n  mastodon.bad.example  ");
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect((await screen.findByRole("status")).textContent).toBe("Saved.");
    expect(api.actions.at(-1)?.body).toEqual({ blockedSources: ["spam.example", "mastodon.bad.example"] });
  });

  it("checks the emoji and the threshold before sending", async () => {
    const api = await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    const before = api.actions.length;
    const errorOf = (label: string) =>
      document.getElementById(field(label).getAttribute("aria-describedby")?.split(" ")[0] ?? "")
        ?.textContent;
    const cases: [string, string, string][] = [
      ["Reaction emoji", "👍 ok", "“ok” is not one emoji: separate them with spaces."],
      ["Reaction emoji", "👍👍", "“👍👍” is not one emoji: separate them with spaces."],
      ["Reaction emoji", "👍 👍", "Each emoji once."],
      ["Reaction emoji", "👍 ❤️ 😄 🎉 😮 🤔 🚀 👀 🔥", "At most 8 emoji."],
      ["Readers' reports that hold a comment (1–100)", "0", "A whole number from 1 to 100."],
      ["Readers' reports that hold a comment (1–100)", "101", "A whole number from 1 to 100."],
      ["Readers' reports that hold a comment (1–100)", "2.5", "A whole number, 0 or more."],
    ];
    for (const [label, value, message] of cases) {
      const was = field(label).value;
      input(label, value);
      fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
      expect(screen.getByRole("alert").textContent).toBe("Please correct the marked fields.");
      expect(field(label).getAttribute("aria-invalid"), value).toBe("true");
      expect(errorOf(label), value).toBe(message);
      input(label, was);
    }
    expect(api.actions).toHaveLength(before);
  });

  it("shows the API's answer on the reactions field", async () => {
    const api = await renderAdmin({}, { view: "sites" });
    await screen.findByRole("form", { name: "Settings of Demo Blog" });
    api.override["PATCH /sites/:id"] = () =>
      apiError(400, {
        code: "validation_failed",
        message: "Some fields are not valid.",
        fields: { reactions: "too_long" },
      });
    input("Reaction emoji", "👍");
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Some fields are not valid.");
    expect(field("Reaction emoji").getAttribute("aria-invalid")).toBe("true");
  });
});
