// The site CLI against local D1 state folders: add a site, import the seed export, export it,
// import that export into an empty database and export again: the same file. A file bigger than
// --part-mb goes in parts, with progress, to the same result as in one request, locally and with
// --remote against the e2e worker.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { wxrFile } from "../fixtures/import-files.ts";
import { ADMIN_TOKEN } from "./global-setup.ts";

const run = promisify(execFile);
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "confab-cli-"));
  dirs.push(dir);
  return dir;
};

async function confabOut(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run("node", ["worker/scripts/confab.ts", ...args], {
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_HIDE_BANNER: "true",
      CONFAB_ADMIN_TOKEN: ADMIN_TOKEN,
      // The pull a link starts goes nowhere (nothing listens on port 9) instead of the internet.
      MASTODON_API_URL: "http://127.0.0.1:9",
      BLUESKY_APPVIEW_URL: "http://127.0.0.1:9",
    },
    maxBuffer: 50 * 1024 * 1024,
  });
}

async function confab(...args: string[]): Promise<string> {
  return (await confabOut(...args)).stdout;
}

/** An export with its ids replaced by what they stand for (source ids, page keys), to compare two imports. */
function byMeaning(exported: string) {
  const file = JSON.parse(exported);
  const key = new Map(file.threads.map((t: any) => [t.id, t.key]));
  const source = new Map(file.comments.map((c: any) => [c.id, c.sourceId]));
  const byKey = (a: any, b: any) => String(a.key ?? a.id).localeCompare(String(b.key ?? b.id));
  return {
    threads: file.threads.map(({ id: _, ...t }: any) => t).sort(byKey),
    comments: file.comments
      .map((c: any) => ({
        ...c,
        id: c.sourceId,
        thread: key.get(c.thread),
        parent: c.parent && source.get(c.parent),
      }))
      .sort(byKey),
  };
}

const PROGRESS = /^part (\d+)\/(\d+) · ([\d,]+) comments · \d+ s$/;

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("npm run confab", () => {
  it("adds a site, imports, exports, and round-trips through an empty database", {
    timeout: 120_000,
  }, async () => {
    const first = tempDir();
    expect(
      await confab(
        "site",
        "add",
        "blog",
        "--name",
        "My Blog",
        "--origins",
        "http://localhost:*",
        "--moderation",
        "first",
        "--state",
        first,
      ),
    ).toContain("created site blog");
    expect(await confab("site", "list", "--state", first)).toContain(
      "blog\tMy Blog\tfirst\thttp://localhost:*",
    );
    // A write purges the stored reads; locally that must not log an error (it once logged
    // "caches is not defined" after every write).
    const updated = await confabOut("site", "update", "blog", "--name", "My Blog", "--state", first);
    expect(updated.stdout).toContain("updated site blog");
    expect(updated.stderr).not.toMatch(/"error":/);
    const imported = JSON.parse(
      await confab(
        "import",
        "test/fixtures/seed-post.wxr",
        "--site",
        "blog",
        "--format",
        "wxr",
        "--state",
        first,
      ),
    );
    expect(imported).toEqual({ threads: 1, comments: 16, skipped: 0, errors: [] });

    const exported = await confab("export", "--site", "blog", "--state", first);
    expect(JSON.parse(exported)).toMatchObject({ format: "confab-export", version: 1, site: { id: "blog" } });
    const file = join(tempDir(), "blog.json");
    writeFileSync(file, exported);

    const second = tempDir();
    const again = JSON.parse(
      await confab("import", file, "--site", "blog", "--format", "confab", "--state", second),
    );
    expect(again).toEqual({ threads: 1, comments: 16, skipped: 0, errors: [] });
    expect(await confab("export", "--site", "blog", "--state", second)).toBe(exported);
  });

  it("renders each page's comments as an HTML fragment file for a static build", {
    timeout: 120_000,
  }, async () => {
    const state = tempDir();
    await confab(
      "site",
      "add",
      "blog",
      "--name",
      "My Blog",
      "--origins",
      "http://localhost:*",
      "--state",
      state,
    );
    await confab(
      "import",
      "test/fixtures/seed-post.wxr",
      "--site",
      "blog",
      "--format",
      "wxr",
      "--state",
      state,
    );
    const exported = JSON.parse(await confab("export", "--site", "blog", "--state", state));
    const page = exported.threads[0].url as string;
    const shown = exported.comments.filter((c: { status: string }) => c.status === "approved").length;
    const out = join(tempDir(), "comments");
    const printed = await confab(
      "render",
      "--site",
      "blog",
      "--url",
      `${page},http://localhost:8787/`,
      "--out",
      out,
      "--state",
      state,
    );
    const key = new URL(page).pathname.replace(/\/+$/, "");
    expect(printed).toContain(`${page}\t${join(out, `${key.slice(1)}.html`)}`);
    const html = readFileSync(join(out, `${key.slice(1)}.html`), "utf8");
    expect(html).toMatch(/^<template shadowrootmode="open"><style>/);
    expect(html).toMatch(/<div class="confab"[^>]* itemtype="https:\/\/schema.org\/DiscussionForumPosting">/);
    expect(html.split('itemtype="https://schema.org/Comment"').length - 1).toBe(shown);
    expect(shown).toBeGreaterThan(10);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain(
      '<h2 id="confab-heading">No comments yet</h2>',
    );
  });

  it("sends a file bigger than --part-mb in parts with progress, the same as in one part, locally and remotely", {
    timeout: 240_000,
  }, async () => {
    const gen = wxrFile({ posts: 40, comments: 10, words: 20 });
    const file = join(tempDir(), "blog.xml");
    writeFileSync(file, gen.text);
    expect(gen.text.length).toBeGreaterThan(150_000);
    const expected = { threads: 40, comments: gen.comments, skipped: gen.skipped, errors: [] };
    const addSite = (id: string, ...where: string[]) =>
      confab("site", "add", id, "--name", "Blog", "--origins", "https://blog.example.com", ...where);

    const whole = tempDir();
    await addSite("blog", "--state", whole);
    const one = await confabOut("import", file, "--site", "blog", "--format", "wxr", "--state", whole);
    expect(JSON.parse(one.stdout)).toEqual(expected);
    expect(one.stderr).toMatch(/^part 1\/1 · 360 comments · \d+ s$/m);

    const split = tempDir();
    await addSite("blog", "--state", split);
    const parts = await confabOut(
      "import",
      file,
      "--site",
      "blog",
      "--format",
      "wxr",
      "--part-mb",
      "0.03",
      "--state",
      split,
    );
    expect(JSON.parse(parts.stdout)).toEqual(expected);
    const progress = parts.stderr
      .split("\n")
      .map((line) => line.match(PROGRESS))
      .filter((m) => m !== null);
    const n = Number(progress[0]?.[2]);
    expect(n).toBeGreaterThanOrEqual(5);
    expect(progress.map((m) => Number(m[1]))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const counts = progress.map((m) => Number(m[3]?.replace(/,/g, "")));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(gen.comments);
    expect(parts.stderr).toContain(`imported ${n} parts in`);
    expect(parts.stderr).toContain(`40 threads, 360 comments, 40 skipped, 0 errors`);
    const exported = await confab("export", "--site", "blog", "--state", split);
    expect(byMeaning(exported)).toEqual(
      byMeaning(await confab("export", "--site", "blog", "--state", whole)),
    );

    // A Confab file in parts: the site and bans first, then threads with their comments.
    const json = join(tempDir(), "blog.json");
    writeFileSync(json, exported);
    const empty = tempDir();
    const back = await confabOut(
      "import",
      json,
      "--site",
      "blog",
      "--format",
      "confab",
      "--part-mb",
      "0.03",
      "--state",
      empty,
    );
    expect(JSON.parse(back.stdout)).toEqual({ ...expected, skipped: 0 });
    expect(back.stderr).toMatch(/^part 2\/\d+ · /m);
    expect(await confab("export", "--site", "blog", "--state", empty)).toBe(exported);

    // The same parts through HTTP to a running worker.
    const remote = ["--remote", inject("workerUrl")];
    await addSite("cliparts", ...remote);
    const far = await confabOut(
      "import",
      file,
      "--site",
      "cliparts",
      "--format",
      "wxr",
      "--part-mb",
      "0.03",
      ...remote,
    );
    expect(JSON.parse(far.stdout)).toEqual(expected);
    expect(far.stderr).toContain(`imported ${n} parts in`);
  });

  it("links a page with no comments to Mastodon and Bluesky posts, lists them, and refuses a bad link", {
    // Against the browser tests' worker (--remote), so no run starts a worker of its own; the
    // local plumbing is the other tests'.
    timeout: 120_000,
  }, async () => {
    const where = ["--remote", inject("workerUrl")];
    const site = `links${Date.now().toString(36)}`;
    await confab("site", "add", site, "--name", "My Blog", "--origins", "https://blog.example", ...where);
    const toot = "https://social.example/@ana/109876543210";
    const skeet = "https://bsky.app/profile/ana.bsky.social/post/3kabc";
    const page = "https://blog.example/2026/quiet/";
    const linked = await confab(
      ...["thread", "link", "--site", site, "--url", page, "--social", toot, "--social", skeet],
      ...where,
    );
    expect(linked).toMatch(new RegExp(`^thread [0-9a-z]+ linked to mastodon ${toot}, bluesky ${skeet}`));
    const listed = (await confab("thread", "list", "--site", site, ...where)).trim().split("\t");
    expect(listed.slice(1, 4)).toEqual([site, page, "0"]);
    expect(listed[4]).toContain(`mastodon ${toot}`);
    expect(listed[4]).toContain(`bluesky ${skeet}`);
    const bad = confab(
      ...["thread", "link", "--site", site, "--url", page, "--social", "http://social.example/@ana/1"],
      ...where,
    );
    await expect(bad).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("validation_failed"),
    });
    await expect(confab("thread", "link", "--site", site, ...where)).rejects.toMatchObject({
      code: 2,
    });
  });

  it("explains a mistake instead of failing obscurely", async () => {
    await expect(confab("import", "--state", tempDir())).rejects.toMatchObject({ code: 2 });
    await expect(
      confab("import", "x.xml", "--site", "blog", "--format", "wxr", "--part-mb", "0", "--state", tempDir()),
    ).rejects.toMatchObject({ code: 2 });
  });
});
