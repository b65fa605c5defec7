// The site CLI against local D1 state folders: add a site, import the seed export, export it,
// import that export into an empty database and export again: the same file.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "confab-cli-"));
  dirs.push(dir);
  return dir;
};

async function confab(...args: string[]): Promise<string> {
  const { stdout } = await run("node", ["worker/scripts/confab.ts", ...args], {
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_HIDE_BANNER: "true",
    },
    maxBuffer: 50 * 1024 * 1024,
  });
  return stdout;
}

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

  it("explains a mistake instead of failing obscurely", async () => {
    await expect(confab("import", "--state", tempDir())).rejects.toMatchObject({ code: 2 });
  });
});
