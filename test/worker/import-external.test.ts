// Every export written by another project in ../shared/external-fixtures (EXPECTED.md tells
// where each comes from and what its project asserts) imported through the API: the counts read
// back from D1 are the table's (test/fixtures/external-imports.ts), a second import adds nothing,
// a file that is not well-formed is refused whole, and the XXE sample reads no file. The files
// are data under their own licences, read from beside the project, never copied into it.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import importDoc from "../../docs/import.md?raw";
import {
  type Counts,
  countsOf,
  EXTERNAL_CASES,
  type ExternalCase,
  formatOf,
} from "../fixtures/external-imports.ts";
import { addSite, admin, expectError, RESET_SQL, snapshot } from "./helpers.ts";

const { files, missing } = inject("externalFixtures");
if (!files) console.warn(`import-external.test.ts skipped: ${missing}`);

const importFile = (file: string, site = "blog") =>
  admin(`/import?site=${site}&format=${formatOf(file)}`, {
    method: "POST",
    body: files?.[file] ?? "",
    headers: { "Content-Type": "text/plain" },
  });

async function stored(site = "blog"): Promise<Counts> {
  const threads = await env.DB.prepare("SELECT COUNT(*) AS n FROM threads WHERE site_id = ?1")
    .bind(site)
    .first<{ n: number }>();
  const { results } = await env.DB.prepare(
    "SELECT status, depth, parent_id AS parent FROM comments WHERE site_id = ?1",
  )
    .bind(site)
    .all<{ status: string; depth: number; parent: string | null }>();
  return countsOf(threads?.n ?? 0, results);
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe.skipIf(!files)("exports written by others, through the API", () => {
  it("are all in the table, and the table has no file the folder lacks", () => {
    expect(EXTERNAL_CASES.map((x) => x.file).sort()).toEqual(Object.keys(files ?? {}).sort());
  });

  it.each(EXTERNAL_CASES.map((x) => [x.file, x] as [string, ExternalCase]))("%s", async (file, x) => {
    if (x.confab === "invalid_import") {
      const before = await snapshot();
      const error = await expectError(await importFile(file), 400, "invalid_import");
      expect(error.message).toMatch(
        /^The file is not well-formed XML: line \d+, column \d+ \(byte \d+\): .+ Nothing was imported\.$/,
      );
      expect(await snapshot()).toBe(before);
      return;
    }
    const res = await importFile(file);
    expect(res.status).toBe(200);
    const first = (await res.json()) as { threads: number; comments: number };
    expect(await stored()).toEqual(x.confab);
    expect(first).toMatchObject({ threads: x.confab.threads, comments: x.confab.comments });
    // Importing the same file again adds nothing.
    const before = await snapshot();
    expect(await (await importFile(file)).json()).toMatchObject({ threads: 0, comments: 0 });
    expect(await snapshot()).toBe(before);
  });

  it("talkyard: export-2 after export-1 adds its one page and two comments, and nothing twice", async () => {
    await importFile("disqus/talkyard-disqus-export-1.xml");
    const second = await (await importFile("disqus/talkyard-disqus-export-2-extra.xml")).json();
    expect(second).toMatchObject({ threads: 1, comments: 2 });
    const shown = await env.DB.prepare(
      "SELECT t.url, COUNT(*) AS n FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.status = 'approved' GROUP BY t.url",
    ).all<{ url: string; n: number }>();
    const pages = shown.results.map((r) => [r.url.replace(/^.*\//, ""), r.n]);
    expect(pages.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ["a-blog-post-one-reply.html", 2],
      ["four-replies.html", 4],
      ["page-created-later.html", 1],
    ]);
  });

  it("bulla's XXE sample reads no local file: nothing of /etc/passwd is answered or stored", async () => {
    const answer = await (await importFile("disqus/bulla-xxe-external-entity.xml")).text();
    const rows = JSON.stringify([
      (await env.DB.prepare("SELECT * FROM threads").all()).results,
      (await env.DB.prepare("SELECT * FROM comments").all()).results,
    ]);
    for (const text of [answer, rows]) {
      expect(text).not.toMatch(/root:|daemon:|nobody:|\/bin\/(ba)?sh/);
    }
    expect(rows).toContain("&xxe;");
  });

  it("keep what their projects assert of single fields", async () => {
    await importFile("wxr/cogenta/full-featured.xml");
    // Two blogs whose post and comment ids are the same (1 and 1): both comments are kept.
    await importFile("wxr/wordpress-importer/slashes.xml");
    await importFile("disqus/isso-disqus.xml");
    const one = async (sql: string) => env.DB.prepare(sql).first();
    const names = (
      await env.DB.prepare("SELECT author_name AS n FROM comments").all<{ n: string }>()
    ).results.map((r) => r.n);
    expect(names).toContain("Jane & Reader");
    expect(names).toContain("peter");
    const slashes = await one("SELECT text, html FROM comments WHERE instr(text, 'ツ') > 0");
    expect(slashes).toMatchObject({ html: "<p>\\o/ ¯\\_(ツ)_/¯</p>" });
    expect(await one("SELECT title FROM threads WHERE url = 'http://example.org/'")).toEqual({
      title: "Hello, World!",
    });
  });
});

describe.skipIf(!files)("docs/import.md", () => {
  it("shows the table of the test, file by file", () => {
    const cell = (x: ExternalCase) =>
      x.confab === "invalid_import"
        ? ["400 `invalid_import`", "", "", "", "", "", "", ""]
        : [
            x.confab.threads,
            x.confab.comments,
            x.confab.approved,
            x.confab.pending,
            x.confab.spam,
            x.confab.deleted,
            x.confab.replies,
            x.confab.depth,
          ].map(String);
    const rows = importDoc
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) =>
        line
          .slice(1, -1)
          .split("|")
          .map((s) => s.trim()),
      );
    expect(rows.map((r) => r[0])).toEqual(EXTERNAL_CASES.map((x) => `\`${x.file}\``));
    for (const [i, x] of EXTERNAL_CASES.entries()) {
      expect(rows[i]?.slice(1, 2), x.file).toEqual([x.expected]);
      expect(rows[i]?.slice(2, 10), x.file).toEqual(cell(x));
      expect(rows[i]?.[10] ?? "", x.file).toBe(x.differs ?? "");
    }
  });
});
