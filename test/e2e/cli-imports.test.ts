// The CLI's imports against the running worker (`--remote`), as an owner moving a blog would:
// every export written by another project in ../shared/external-fixtures goes through
// `npm run confab -- import` in small parts, and what the worker then exports is counted against
// the table of test/fixtures/external-imports.ts; a broken file is refused before anything is
// sent; a part that fails names itself and the reason, and the same import again finishes it.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { adminClient } from "../../worker/scripts/confab-client.ts";
import { importInParts } from "../../worker/scripts/confab-import.ts";
import { EXTERNAL_DIR, readExternalFixtures } from "../fakes/external-fixtures.ts";
import { type Counts, countsOf, EXTERNAL_CASES, formatOf } from "../fixtures/external-imports.ts";
import { wxrFile } from "../fixtures/import-files.ts";
import { ADMIN_TOKEN } from "./global-setup.ts";

const run = promisify(execFile);
const { files, missing } = readExternalFixtures();
if (!files) console.warn(`cli-imports.test.ts skipped: ${missing}`);

const confab = (...args: string[]) =>
  run("node", ["worker/scripts/confab.ts", ...args, "--remote", inject("workerUrl")], {
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_HIDE_BANNER: "true",
      CONFAB_ADMIN_TOKEN: ADMIN_TOKEN,
    },
    maxBuffer: 20 * 1024 * 1024,
  });

async function adminApi(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${inject("workerUrl")}/api/v1/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const addSite = (id: string) =>
  adminApi("POST", "/sites", { id, name: id, origins: ["https://blog.example.com"] });

/** The counts of what the worker exports for a site: its threads, and its comments' tree. */
async function exported(site: string): Promise<Counts> {
  const file = await adminApi("GET", `/export?site=${site}`);
  const parent = new Map<string, string | null>(file.comments.map((c: any) => [c.id, c.parent]));
  const depth = (id: string): number => {
    const p = parent.get(id);
    return p ? 1 + depth(p) : 0;
  };
  return countsOf(
    file.threads.length,
    file.comments.map((c: any) => ({ status: c.status, parent: c.parent, depth: depth(c.id) })),
  );
}

const path = (file: string) => join(EXTERNAL_DIR, file);

describe.skipIf(!files)("npm run confab -- import, of exports written by others", () => {
  it("imports each as the table says, in parts of 100 KB, and adds nothing the second time", {
    timeout: 600_000,
  }, async () => {
    for (const [i, x] of EXTERNAL_CASES.entries()) {
      const site = `ext${i}`;
      await addSite(site);
      const args = ["import", path(x.file), "--site", site, "--format", formatOf(x.file), "--part-mb", "0.1"];
      if (x.confab === "invalid_import") {
        const failed = await confab(...args).catch((e) => e);
        expect(failed.code, x.file).toBe(1);
        expect(failed.stderr, x.file).toMatch(
          /^confab: the file was not sent: invalid_import: The file is not well-formed XML: line \d+, column \d+ \(byte \d+\): /,
        );
        expect(await exported(site), x.file).toMatchObject({ threads: 0, comments: 0 });
        continue;
      }
      const first = JSON.parse((await confab(...args)).stdout);
      expect(await exported(site), x.file).toEqual(x.confab);
      expect(first, x.file).toMatchObject({ threads: x.confab.threads, comments: x.confab.comments });
      const again = JSON.parse((await confab(...args)).stdout);
      expect(again, x.file).toMatchObject({ threads: 0, comments: 0 });
    }
  });
});

describe("a part that fails", () => {
  it("stops the CLI with its number and the worker's reason; the same import again finishes it", {
    timeout: 120_000,
  }, async () => {
    const gen = wxrFile({ posts: 12, comments: 10, words: 20 });
    await addSite("cliretry");
    process.env.CONFAB_ADMIN_TOKEN = ADMIN_TOKEN;
    const api = await adminClient({ remote: inject("workerUrl") });
    const q = { text: gen.text, site: "cliretry", format: "wxr" as const, map: [], partBytes: 12_000 };
    // The third part is cut short on its way, as a broken connection or proxy would.
    let sent = 0;
    const flaky = {
      ...api,
      call: (method: string, p: string, body?: unknown, type?: string) =>
        api.call(method, p, ++sent === 3 ? String(body).slice(0, 5_000) : body, type),
    };
    const quiet = Object.assign(Object.create(process.stderr), { write: () => true, isTTY: false });
    const error = await importInParts(flaky, q, quiet).catch((e: Error) => e);
    expect(String(error)).toMatch(
      /part 3\/\d+ failed: 400 invalid_import: The file is not well-formed XML: line \d+, column \d+ \(byte \d+\): the file ends inside <.+> .*\n.*the same command again skips them and goes on/,
    );
    const partial = await exported("cliretry");
    expect(partial.comments).toBeGreaterThan(0);
    expect(partial.comments).toBeLessThan(gen.comments);
    const total = await importInParts(api, q, quiet);
    expect(total).toMatchObject({ comments: gen.comments - partial.comments, errors: [] });
    expect(await exported("cliretry")).toMatchObject({ threads: gen.threads, comments: gen.comments });
    await api.close();
  });

  it("is never sent when the whole file is broken: the CLI says where and writes nothing", async () => {
    await addSite("clibroken");
    const dir = mkdtempSync(join(tmpdir(), "confab-cli-broken-"));
    const { text } = wxrFile({ posts: 3, comments: 3 });
    writeFileSync(join(dir, "cut.xml"), text.slice(0, text.length - 40));
    try {
      const failed = await confab(
        "import",
        join(dir, "cut.xml"),
        "--site",
        "clibroken",
        "--format",
        "wxr",
      ).catch((e) => e);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(
        /^confab: the file was not sent: invalid_import: The file is not well-formed XML: line \d+, column \d+ \(byte \d+\): the file ends inside <wp:comment>/,
      );
      expect(await exported("clibroken")).toMatchObject({ threads: 0, comments: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
