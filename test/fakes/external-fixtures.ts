// Exports written by other projects (Isso, Remark42, Talkyard, Waline, WordPress's importer, …),
// kept beside the project in ../shared/external-fixtures under their own licences and never
// copied into it. A global setup reads them in Node and hands them to the tests (inside workerd
// there is no file system) through vitest's provide/inject; without the folder, the tests that
// need them say so and skip.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProvidedContext } from "vitest";
import type { TestProject } from "vitest/node";

/** The folder, from the project root. */
export const EXTERNAL_DIR = "../shared/external-fixtures";

/** Path inside the folder (`disqus/isso-disqus.xml`) → the file's text; null without the folder. */
export type ExternalFixtures = ProvidedContext["externalFixtures"];

function walk(dir: string, root: string, out: Record<string, string>): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, root, out);
    else if (name.endsWith(".xml")) out[relative(root, path)] = readFileSync(path, "utf8");
  }
}

export function readExternalFixtures(): ExternalFixtures {
  const root = fileURLToPath(new URL(`../../${EXTERNAL_DIR}/`, import.meta.url));
  if (!existsSync(join(root, "EXPECTED.md")))
    return {
      files: null,
      missing: `${EXTERNAL_DIR} (${root}) is absent: the external-fixture import tests are skipped`,
    };
  const files: Record<string, string> = {};
  for (const sub of ["disqus", "wxr"]) walk(join(root, sub), root, files);
  return { files, missing: "" };
}

export default function setup(project: TestProject): void {
  const fixtures = readExternalFixtures();
  if (!fixtures.files) console.warn(fixtures.missing);
  project.provide("externalFixtures", fixtures);
}
