// The local setup's .dev.vars (worker/scripts/local.ts): a new one is a development setup with
// random secrets, and an older one without ENVIRONMENT gets it added, keeping everything else.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureDevVars } from "../../worker/scripts/local.ts";

const dirs: string[] = [];
const file = () => {
  const dir = mkdtempSync(join(tmpdir(), "confab-devvars-"));
  dirs.push(dir);
  return join(dir, ".dev.vars");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("ensureDevVars", () => {
  it("writes a development setup with random secrets", () => {
    const path = file();
    expect(ensureDevVars(path)).toEqual({ path, created: true });
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(/^ADMIN_TOKEN="[\w-]{32}"$/m);
    expect(text).toMatch(/^HASH_SECRET="[\w-]{43}"$/m);
    expect(text).toContain('\nENVIRONMENT="development"\n');
    expect(ensureDevVars(path)).toEqual({ path, created: false });
    expect(readFileSync(path, "utf8")).toBe(text);
  });

  it("adds ENVIRONMENT to an older file, once, and leaves one that has it alone", () => {
    const old = file();
    const secret = "an-old-but-long-enough-secret-9Kq2Xz7Vb4";
    writeFileSync(old, `ADMIN_TOKEN="t"\nHASH_SECRET="${secret}"`);
    ensureDevVars(old);
    ensureDevVars(old);
    expect(readFileSync(old, "utf8")).toBe(
      `ADMIN_TOKEN="t"\nHASH_SECRET="${secret}"\nENVIRONMENT="development"\n`,
    );
    const chosen = file();
    writeFileSync(chosen, `ENVIRONMENT="production"\nHASH_SECRET="${secret}"\n`);
    ensureDevVars(chosen);
    expect(readFileSync(chosen, "utf8")).toBe(`ENVIRONMENT="production"\nHASH_SECRET="${secret}"\n`);
  });

  it("replaces a HASH_SECRET the worker would refuse, or adds a missing one, keeping the rest", () => {
    const short = file();
    writeFileSync(short, 'ADMIN_TOKEN="t"\nHASH_SECRET="h"\nENVIRONMENT="development"\n');
    ensureDevVars(short);
    const text = readFileSync(short, "utf8");
    expect(text).toMatch(/^ADMIN_TOKEN="t"\nHASH_SECRET="[\w-]{43}"\nENVIRONMENT="development"\n$/);
    ensureDevVars(short);
    expect(readFileSync(short, "utf8")).toBe(text);
    const none = file();
    writeFileSync(none, 'ENVIRONMENT="development"\n');
    ensureDevVars(none);
    expect(readFileSync(none, "utf8")).toMatch(/^ENVIRONMENT="development"\nHASH_SECRET="[\w-]{43}"\n$/);
  });
});
