// docs/security.md, "What is stored, where, and for how long", stays true to the code: every
// line of its table names proofs, every proof is a test that exists under that name, and every
// table the migrations create is accounted for in the section.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const doc = readFileSync(join(ROOT, "docs/security.md"), "utf8");
const section = doc.slice(
  doc.indexOf("## What is stored, where, and for how long"),
  doc.indexOf("\n## ", doc.indexOf("## What is stored, where, and for how long") + 5),
);

const proofs = new Map(
  [...section.matchAll(/^- \*\*([A-Z]\d+)\*\* `(test\/[^`]+)` › (.+?) › "(.+?)"/gm)].map((m) => [
    m[1] ?? "",
    { file: m[2] ?? "", describe: m[3] ?? "", name: m[4] ?? "" },
  ]),
);
const rows = section
  .split("\n")
  .filter((l) => l.startsWith("| ") && !l.startsWith("| what ") && !l.startsWith("| ---"))
  .map((l) => l.split(" | ").map((c) => c.replace(/^\|? ?| ?\|?$/g, "").trim()));

describe("security.md, what is stored", () => {
  it("has a table whose every line names proofs that the list defines", () => {
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const row of rows) {
      const labels = (row[4] ?? "").split(/,\s*/).flatMap((l) => {
        const range = l.match(/^([A-Z])(\d+)–[A-Z](\d+)$/);
        if (!range) return [l];
        return Array.from(
          { length: Number(range[3]) - Number(range[2]) + 1 },
          (_, i) => `${range[1]}${Number(range[2]) + i}`,
        );
      });
      expect(labels.length, row[0]).toBeGreaterThan(0);
      for (const label of labels) expect(proofs.has(label), `${row[0]}: ${label}`).toBe(true);
    }
  });

  it("names only tests that exist, under their exact names", () => {
    expect(proofs.size).toBeGreaterThanOrEqual(20);
    for (const [label, p] of proofs) {
      const source = readFileSync(join(ROOT, p.file), "utf8");
      const name = p.name.replace(/…$/, "");
      expect(source.includes(`"${name}`) || source.includes(`\`${name}`), `${label}: ${p.name}`).toBe(true);
      for (const block of p.describe.replace(/ \(each\)$/, "").split(" / "))
        expect(source.includes(`"${block}"`), `${label}: describe ${block}`).toBe(true);
    }
  });

  it("accounts for every table the migrations create", () => {
    const sql = readdirSync(join(ROOT, "worker/migrations"))
      .filter((f) => f.endsWith(".sql"))
      .map((f) => readFileSync(join(ROOT, "worker/migrations", f), "utf8"))
      .join("\n");
    const created = [...sql.matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1] ?? "");
    const dropped = new Set([...sql.matchAll(/DROP TABLE (\w+)/g)].map((m) => m[1]));
    const tables = created.filter((t) => !dropped.has(t));
    expect(tables).toContain("comments");
    for (const table of tables) expect(section, table).toMatch(new RegExp(`\`${table}(\\.\\w+)?\``));
  });
});
