// What the reader sees when Turnstile cannot give a token: an expired one, a failed challenge, a
// script that does not load; each in the reader's language, with Post disabled meanwhile.
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { SRC, tidy, world } from "./turnstile-fake.ts";

afterEach(tidy);

const form = (host: HTMLElement, name: string) =>
  within(host.shadowRoot as unknown as HTMLElement).getByRole("form", { name });
const button = (f: HTMLElement) => f.querySelector("button[type=submit]") as HTMLButtonElement;

describe("Turnstile errors", () => {
  it("disables Post again when the token expires, and says so when the challenge fails", async () => {
    const w = await world();
    const { host } = await w.mount();
    const top = form(host, "Leave a comment");
    await waitFor(() => expect(w.turnstile.rendered).toHaveLength(1));
    const options = w.turnstile.rendered[0]?.options;
    w.turnstile.solve(0, "token-1");
    await waitFor(() => expect(button(top).disabled).toBe(false));

    options?.["expired-callback"]();
    await waitFor(() => expect(button(top).disabled).toBe(true));
    expect(within(top).queryByRole("alert")).toBeNull();

    // True tells Turnstile the error is handled (it retries by itself, without a console warning).
    expect(options?.["error-callback"]("300010")).toBe(true);
    const alert = await within(top).findByRole("alert");
    expect(alert.textContent).toBe("The anti-bot check failed. Trying again…");
    expect(button(top).disabled).toBe(true);

    w.turnstile.solve(0, "token-2");
    await waitFor(() => expect(within(top).queryByRole("alert")).toBeNull());
    expect(button(top).disabled).toBe(false);
  });

  it("says in the reader's language that the check could not load, and tries again for a later form", async () => {
    const w = await world();
    w.turnstile.blocked = true;
    const { host } = await w.mount({ lang: "de" });
    const top = form(host, "Kommentar schreiben");
    const alert = await within(top).findByRole("alert");
    expect(alert.textContent).toBe(
      "Die Anti-Bot-Prüfung konnte nicht geladen werden. Lade die Seite neu und versuche es erneut.",
    );
    expect(button(top).disabled).toBe(true);
    fireEvent.submit(top);
    expect(w.api.calls.filter((c) => c.method === "POST")).toHaveLength(0);

    // The network recovered: the next form asks again, and gets its challenge.
    w.turnstile.blocked = false;
    const c3 = host.shadowRoot?.getElementById("comment-c3") as HTMLElement;
    fireEvent.click(within(c3).getByRole("button", { name: "Antworten" }));
    await waitFor(() => expect(w.turnstile.rendered).toHaveLength(1));
    expect(w.turnstile.requested).toEqual([SRC, SRC]);
    expect(w.turnstile.rendered[0]?.container.closest("form")?.getAttribute("aria-label")).toBe(
      "WomanVoter antworten",
    );
  });
});
