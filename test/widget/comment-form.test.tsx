import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { apiError, type Call, json } from "./fake-api.ts";
import { nestedThread } from "./fixtures.ts";
import { namesIn, renderApp } from "./render-app.tsx";

const article = (id: string) => document.getElementById(`comment-${id}`) as HTMLElement;
const repliesOf = (id: string) => article(id).parentElement?.querySelector(":scope > ol") as HTMLElement;
const heading = () => screen.getByRole("heading", { level: 2 }).textContent;

function fill(form: HTMLElement, fields: Partial<Record<"Name" | "Email" | "Website" | "Comment", string>>) {
  for (const [label, value] of Object.entries(fields)) {
    fireEvent.input(within(form).getByLabelText(new RegExp(`^${label}`)), { target: { value } });
  }
}
const submitButton = (form: HTMLElement) =>
  within(form).getByRole("button", { name: /Post comment|Posting/ });
const textOf = (form: HTMLElement) => (within(form).getByLabelText("Comment") as HTMLTextAreaElement).value;

/** A promise the test resolves by hand, to look at the form while a request is in flight. */
function deferred() {
  let resolve!: (r: Response) => void;
  const promise = new Promise<Response>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("posting", () => {
  it("replies at depth 2: posts the right body and shows the reply under its parent at once", async () => {
    vi.spyOn(Date, "now").mockReturnValue(1_000_000);
    const api = await renderApp(nestedThread());
    fireEvent.click(within(article("c3")).getByRole("button", { name: "Reply" }));
    const form = screen.getByRole("form", { name: "Reply to WomanVoter" });
    fill(form, { Name: "Ann", Email: "ann@example.com", Website: "https://ann.example", Comment: "Me too." });
    vi.spyOn(Date, "now").mockReturnValue(1_004_200);
    fireEvent.click(submitButton(form));

    await waitFor(() => expect(article("new1")).toBeTruthy());
    vi.restoreAllMocks();
    const post = api.calls[1] as Call;
    expect(post.method).toBe("POST");
    expect(post.url.href).toBe("https://comments.example.com/api/v1/comments");
    expect(post.headers.get("Content-Type")).toBe("application/json");
    expect(post.body).toEqual({
      site: "demo",
      url: "https://blog.example.com/2011/04/01/late-night/",
      pageId: null,
      title: "Late Night Libya Update",
      parentId: "c3",
      author: { name: "Ann", email: "ann@example.com", website: "https://ann.example" },
      text: "Me too.",
      trap: "",
      elapsedMs: 4200,
    });

    // Last in its parent's subtree: after c4, which was c3's only reply.
    expect(namesIn(repliesOf("c3"))).toEqual(["bostonboomer", "Ann"]);
    expect(article("new1").textContent).toContain("Me too.");
    expect(within(article("new1")).getByRole("link", { name: "Ann" }).getAttribute("href")).toBe(
      "https://ann.example",
    );
    expect(heading()).toBe("9 comments");
    expect(screen.queryByRole("form", { name: "Reply to WomanVoter" })).toBeNull();
    expect(api.calls).toHaveLength(2);
  });

  it("posts a top-level comment at the end, keeps the author fields and clears the text", async () => {
    const api = await renderApp(nestedThread());
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fill(form, { Name: "Ann", Comment: "First time here." });
    fireEvent.click(submitButton(form));

    await waitFor(() => expect(article("new1")).toBeTruthy());
    expect(api.calls[1]?.body).toMatchObject({ parentId: null, text: "First time here.", trap: "" });
    const roots = document.querySelector("ol.comments") as HTMLElement;
    expect(namesIn(roots)).toEqual(["WomanVoter", "bostonboomer", "mjames", "Minkoff Minx", "Ann"]);
    expect(heading()).toBe("9 comments");
    expect(textOf(form)).toBe("");
    expect((within(form).getByLabelText(/^Name/) as HTMLInputElement).value).toBe("Ann");
    expect(JSON.parse(localStorage.getItem("confab:author") ?? "null")).toEqual({
      name: "Ann",
      email: "",
      website: "",
    });
  });

  it("puts a new root first when the thread is sorted newest first", async () => {
    await renderApp(nestedThread(), { sort: "newest" });
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fill(form, { Name: "Ann", Comment: "Hello" });
    fireEvent.click(submitButton(form));
    await waitFor(() => expect(article("new1")).toBeTruthy());
    expect(namesIn(document.querySelector("ol.comments") as HTMLElement)[0]).toBe("Ann");
  });

  it("sends what a bot typed into the honeypot", async () => {
    const api = await renderApp(nestedThread());
    const form = screen.getByRole("form", { name: "Leave a comment" });
    const trap = form.querySelector('input[name="trap"]') as HTMLInputElement;
    expect(trap.getAttribute("aria-hidden")).toBe("true");
    expect(trap.tabIndex).toBe(-1);
    expect(trap.getAttribute("autocomplete")).toBe("off");
    fireEvent.input(trap, { target: { value: "http://spam.example" } });
    fill(form, { Comment: "Buy now" });
    fireEvent.click(submitButton(form));
    await waitFor(() => expect(api.calls).toHaveLength(2));
    expect(api.calls[1]?.body?.trap).toBe("http://spam.example");
  });

  it("shows a held comment to its author with a moderation note and does not count it", async () => {
    await renderApp(nestedThread(), {}, "all");
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fill(form, { Name: "Ann", Comment: "Is this on?" });
    fireEvent.click(submitButton(form));
    await waitFor(() => expect(article("new1")).toBeTruthy());
    expect(article("new1").textContent).toContain("Your comment is awaiting moderation.");
    expect(within(article("new1")).queryByRole("button", { name: "Reply" })).toBeNull();
    expect(heading()).toBe("8 comments");
  });

  it("cuts a page title longer than the API takes, at a whole character", async () => {
    const api = await renderApp(nestedThread(), { title: `${"😀".repeat(299)}é and more` });
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fill(form, { Comment: "On a page with a long title" });
    fireEvent.click(submitButton(form));
    await waitFor(() => expect(article("new1")).toBeTruthy());
    expect(api.calls.at(-1)?.body?.title).toBe(`${"😀".repeat(299)}é`);
  });

  it("shows the API's validation message next to the form and keeps the text", async () => {
    const api = await renderApp(nestedThread());
    api.nextPost = () =>
      apiError(400, {
        code: "validation_failed",
        message: "Website is not valid.",
        fields: { "author.website": "invalid" },
      });
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fill(form, { Website: "ftp://ann.example", Comment: "My long thoughtful comment." });
    fireEvent.click(submitButton(form));

    const alert = await within(form).findByRole("alert");
    expect(alert.textContent).toBe("Website is not valid.");
    expect(textOf(form)).toBe("My long thoughtful comment.");
    expect(
      within(form)
        .getByLabelText(/^Website/)
        .getAttribute("aria-invalid"),
    ).toBe("true");
    expect(within(form).getByLabelText("Comment").hasAttribute("aria-invalid")).toBe(false);
    expect(heading()).toBe("8 comments");
    expect(submitButton(form).hasAttribute("disabled")).toBe(false);
  });

  it("shows a generic message when the server cannot be reached and keeps the text", async () => {
    const api = await renderApp(nestedThread());
    api.nextPost = () => Promise.reject(new TypeError("Failed to fetch"));
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fill(form, { Comment: "Written on a train." });
    fireEvent.click(submitButton(form));

    const alert = await within(form).findByRole("alert");
    expect(alert.textContent).toBe(
      "Could not reach the comment server. Check your connection and try again.",
    );
    expect(textOf(form)).toBe("Written on a train.");
  });

  it("treats an answer that is not the API's JSON like a network failure", async () => {
    const api = await renderApp(nestedThread());
    api.nextPost = () => new Response("<html>Bad gateway</html>", { status: 502 });
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fill(form, { Comment: "Hello" });
    fireEvent.click(submitButton(form));
    expect((await within(form).findByRole("alert")).textContent).toMatch(/^Could not reach/);
  });

  it("disables submit while sending, then clears the error on the next success", async () => {
    const api = await renderApp(nestedThread());
    const slow = deferred();
    api.nextPost = () => slow.promise;
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fill(form, { Comment: "Patience" });
    fireEvent.click(submitButton(form));

    await waitFor(() => expect(submitButton(form).hasAttribute("disabled")).toBe(true));
    expect(submitButton(form).textContent).toBe("Posting…");
    fireEvent.submit(form);
    expect(api.calls.filter((c) => c.method === "POST")).toHaveLength(1);

    slow.resolve(json(429, { error: { code: "rate_limited", message: "Slow down." } }));
    await within(form).findByRole("alert");
    expect(submitButton(form).hasAttribute("disabled")).toBe(false);
    expect(submitButton(form).textContent).toBe("Post comment");

    fireEvent.click(submitButton(form));
    await waitFor(() => expect(article("new1")).toBeTruthy());
    expect(within(form).queryByRole("alert")).toBeNull();
  });

  it("prefills the author fields from localStorage", async () => {
    localStorage.setItem(
      "confab:author",
      JSON.stringify({ name: "Ann", email: "ann@example.com", website: "https://ann.example" }),
    );
    await renderApp(nestedThread());
    const form = screen.getByRole("form", { name: "Leave a comment" });
    expect((within(form).getByLabelText(/^Name/) as HTMLInputElement).value).toBe("Ann");
    expect((within(form).getByLabelText(/^Email/) as HTMLInputElement).value).toBe("ann@example.com");
    expect((within(form).getByLabelText(/^Website/) as HTMLInputElement).value).toBe("https://ann.example");

    fireEvent.click(within(article("c1")).getByRole("button", { name: "Reply" }));
    const reply = screen.getByRole("form", { name: "Reply to WomanVoter" });
    expect((within(reply).getByLabelText(/^Name/) as HTMLInputElement).value).toBe("Ann");
  });

  it("survives unreadable saved author data", async () => {
    localStorage.setItem("confab:author", "{not json");
    await renderApp(nestedThread());
    const form = screen.getByRole("form", { name: "Leave a comment" });
    expect((within(form).getByLabelText(/^Name/) as HTMLInputElement).value).toBe("");
  });

  it("labels every field and marks the site's required ones", async () => {
    const thread = nestedThread();
    await renderApp({ ...thread, site: { ...thread.site, requireName: true } });
    const form = screen.getByRole("form", { name: "Leave a comment" });
    expect(within(form).getByLabelText("Name").hasAttribute("required")).toBe(true);
    expect(within(form).getByLabelText("Email (optional, never shown)").getAttribute("type")).toBe("email");
    expect(within(form).getByLabelText("Website (optional)").getAttribute("type")).toBe("url");
    expect(within(form).getByLabelText("Comment").tagName).toBe("TEXTAREA");
  });
});
