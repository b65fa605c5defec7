// A WXR or Disqus file in two passes over the same text, so that nothing is written from a file
// that is not whole: the first pass checks that it is well-formed XML of the right format (and
// learns the plan a Disqus file's forward references need), the second reads it again and hands
// its entries on in batches of a few hundred comments (or about a megabyte of the file). What is
// held at any moment is one element and one batch, never the file as a tree or as entries.
import type { ParsedImport } from "./model.ts";
import { type Plan, planner, reader, rulesOf, type XmlFormat } from "./readers.ts";
import { type ScanWarning, XmlScanner } from "./xml-scan.ts";

export interface BatchLimits {
  /** Comments in a batch before it is handed on. */
  comments: number;
  /** Characters of the file in a batch before it is handed on. */
  chars: number;
  /** One element (a WXR post with all its comments) longer than this is skipped with an error. */
  elementChars: number;
}

export const BATCH: BatchLimits = { comments: 500, chars: 1_000_000, elementChars: 16_000_000 };

const empty = (): ParsedImport => ({ threads: [], comments: [], skipped: 0, errors: [] });

export interface Checked {
  plan: Plan;
  warnings: ScanWarning[];
}

/**
 * The first pass: throws 400 `invalid_import` (not well-formed, with where and what was
 * expected) or `validation_failed` (well-formed, but another format's root element).
 */
export function checkXmlImport(format: XmlFormat, pieces: Iterable<string>, limits = BATCH): Checked {
  const plan = planner(format);
  const rules = rulesOf(format, limits.elementChars);
  // WXR needs no plan: its first pass builds no element trees, it only checks.
  if (format === "wxr") rules.isUnit = () => false;
  const scanner = new XmlScanner(rules, (unit) => plan.add(unit));
  for (const piece of pieces) scanner.write(piece);
  scanner.end();
  return { plan: plan.finish(), warnings: scanner.warnings };
}

/** The second pass over a checked file: `write` gets each batch in file order, the last one too. */
export async function readXmlImport(
  format: XmlFormat,
  pieces: Iterable<string>,
  checked: Checked,
  write: (batch: ParsedImport) => Promise<void>,
  limits: BatchLimits = BATCH,
): Promise<void> {
  const read = reader(format, checked.plan, limits.elementChars);
  let batch = empty();
  batch.errors.push(...checked.warnings);
  let chars = 0;
  const scanner = new XmlScanner(rulesOf(format, limits.elementChars), (unit) => {
    read.element(unit, batch);
    chars += unit.end - unit.openEnd;
  });
  for (const piece of pieces) {
    scanner.write(piece);
    if (batch.comments.length >= limits.comments || chars >= limits.chars) {
      await write(batch);
      batch = empty();
      chars = 0;
    }
  }
  scanner.end();
  read.finish(batch);
  await write(batch);
}

/** A whole file in one go, checked then read (the demo seed, the CLI's own check, tests). */
export function parseXmlImport(format: XmlFormat, text: string): ParsedImport {
  const checked = checkXmlImport(format, [text]);
  const out = empty();
  out.errors.push(...checked.warnings);
  const read = reader(format, checked.plan, BATCH.elementChars);
  const scanner = new XmlScanner(rulesOf(format, BATCH.elementChars), (unit) => read.element(unit, out));
  scanner.write(text);
  scanner.end();
  read.finish(out);
  return out;
}
