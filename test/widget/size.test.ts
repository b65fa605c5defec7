// @vitest-environment node
// The size budget of issue #4, held by building the widget here and measuring what came out.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const out = mkdtempSync(join(tmpdir(), "confab-size-"));
const file = (name: string) => readFileSync(join(out, name), "utf8");
const gzip = (name: string) => gzipSync(file(name)).length;

beforeAll(async () => {
  // As `npm run build` does it: vitest sets NODE_ENV=test, which would build Preact's debug mode.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: join(process.cwd(), "vite.config.ts"),
      mode: "production",
      logLevel: "silent",
      build: { outDir: out },
    });
  } finally {
    process.env.NODE_ENV = env;
  }
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the built widget", () => {
  // 13,348 B when set, with about 200 B of headroom: acting on a thread lives in write.js
  // (docs/widget.md, "Files"); what reading adds must fit here or move there too.
  const EMBED_BUDGET = 13_550;
  it("keeps embed.js, CSS included, within its budget (13.2 KB gzip)", () => {
    const size = gzip("embed.js");
    console.info(
      `embed.js: ${size} bytes gzip; write.js: ${gzip("write.js")}; signin.js: ${gzip("signin.js")}; live.js: ${gzip("live.js")}; count.js: ${gzip("count.js")}`,
    );
    expect(size).toBeLessThanOrEqual(EMBED_BUDGET);
    expect(file("embed.js")).toContain("--confab-accent:");
  });

  it("keeps count.js within 1.5 KB gzip", () => {
    expect(gzip("count.js")).toBeLessThanOrEqual(1.5 * 1024);
  });

  it("makes classic scripts only: an IIFE each, no module syntax", () => {
    for (const name of ["embed.js", "count.js", "write.js", "signin.js", "live.js"]) {
      expect(file(name), name).toMatch(/^\(function\(/);
      expect(file(name), name).not.toMatch(/^\s*(import|export)\b/m);
    }
  });

  it("leaves rarely used parts out of embed.js, each in its own file next to it", () => {
    const built = readdirSync(out).filter((f) => !existsSync(join(process.cwd(), "widget/demo", f)));
    // widget.css is for the worker (the server-rendered thread), not loaded by the widget.
    expect(built.sort()).toEqual([
      "count.js",
      "embed.js",
      "i18n",
      "live.js",
      "signin.js",
      "widget.css",
      "write.js",
    ]);
    expect(readdirSync(join(out, "i18n")).sort()).toEqual(
      ["ar", "de", "en", "es", "fr", "ja", "pt", "ru", "zh-CN"].map((l) => `${l}.js`),
    );
    const embed = file("embed.js");
    for (const absent of ["Kommentar", "Formatting help", "**bold**", "Idempotency-Key", "Leave a comment"]) {
      expect(embed, absent).not.toContain(absent);
    }
    expect(file("write.js")).toContain("Idempotency-Key");
    expect(file("write.js")).toContain("Leave a comment");
    expect(file("i18n/de.js")).toMatch(/^document\.currentScript\.confab\.out=\{"count":/);
    expect(file("i18n/en.js")).toContain("**bold**");
    // write.js borrows embed.js's Preact instead of carrying its own copy, and its request(), so
    // the bookmark of a write is where the thread's reads look for it (api.ts).
    expect(file("write.js")).toMatch(/\}\)\(document\.currentScript\.confab\.\w+,/);
    expect(file("write.js")).not.toContain("X-Confab-Bookmark");
    // The forms carry the sign-in control and the signed-in reader's session (write/session.ts);
    // the sign-in itself, with the passkey library, is signin.js. The reactions bars and Report are here too:
    // every reader's widget loads write.js with the thread anyway (the form), so a file of its
    // own would only add a request.
    expect(file("write.js")).toContain("reactions");
    // 10 KB, up from 8.5: write.js also carries what acting on a thread needs and reading does
    // not, moved out of embed.js to keep it small: the like and reply handlers, the permalink's
    // search and the API's error texts (docs/widget.md, "Budgets").
    expect(gzip("write.js")).toBeLessThan(10 * 1024);
  });

  it("keeps sign-in out of embed.js and write.js, in signin.js, which borrows write.js's Preact and session", () => {
    for (const name of ["embed.js", "write.js"]) {
      for (const absent of [
        "Send code",
        "Sign in with a passkey",
        "navigator.credentials",
        "passkey/login",
      ]) {
        expect(file(name), `${name}: ${absent}`).not.toContain(absent);
      }
    }
    const signin = file("signin.js");
    for (const present of ["Send code", "navigator.credentials", "passkey/login/options", "confab:signin"]) {
      expect(signin, present).toContain(present);
    }
    expect(signin).toMatch(/\}\)\(document\.currentScript\.confab\.\w+,/);
    expect(signin).not.toContain("X-Confab-Bookmark");
    expect(signin).not.toContain("session:"); // the store is write.js's, lent
    expect(file("write.js")).toContain("signin.js");
    expect(gzip("signin.js")).toBeLessThan(8 * 1024);
  });

  it("keeps the live client in live.js, which borrows the same Preact and contexts", () => {
    expect(file("live.js")).toMatch(/\}\)\(document\.currentScript\.confab\.\w+,/);
    expect(file("live.js")).toContain("/api/v1/live?");
    for (const name of ["embed.js", "write.js", "signin.js"])
      expect(file(name), name).not.toContain("/api/v1/live?");
    expect(gzip("live.js")).toBeLessThan(3 * 1024);
  });
});
