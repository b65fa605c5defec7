// The format side of the XML importers: which elements are the units of a WXR or Disqus file,
// what the first pass learns from them (a plan), and how the second turns each into entries
// (through the same element parsers as a whole file). What must wait for later elements waits
// here, bounded: a Disqus post whose <thread> comes after it.
import {
  DISQUS_RULES,
  type DisqusPlan,
  disqusPost,
  disqusThread,
  emptyPlan,
  isTrue,
  missingThread,
  planDisqus,
  threadRefOf,
} from "./disqus.ts";
import type { ImportComment, ParsedImport } from "./model.ts";
import { addWxrPost } from "./wxr.ts";
import { blogOf, parseWxrItem, WXR_RULES } from "./wxr-parse.ts";
import type { ScanRules, XmlUnit } from "./xml-scan.ts";

export type XmlFormat = "wxr" | "disqus";

/** What the first pass hands the second (only Disqus needs one: its references go forward). */
export type Plan = DisqusPlan | null;

export interface FormatReader {
  element(unit: XmlUnit, out: ParsedImport): void;
  /** The input is over: entries held until now. */
  finish(out: ParsedImport): void;
}

/** Disqus posts held because their thread was not seen yet (exports list threads first). */
const MAX_WAITING_POSTS = 2_000;

export function rulesOf(format: XmlFormat, maxUnitChars: number): ScanRules {
  return { ...(format === "wxr" ? WXR_RULES : DISQUS_RULES), maxUnitChars };
}

/** The first pass's side: a collector of the plan. */
export function planner(format: XmlFormat): { add(unit: XmlUnit): void; finish(): Plan } {
  if (format === "wxr") return { add: () => {}, finish: () => null };
  const p = planDisqus();
  return { add: (unit) => unit.node && p.add(unit.node), finish: () => p.finish() };
}

const tooLarge = (unit: XmlUnit, out: ParsedImport, max: number) =>
  out.errors.push({ entry: `<${unit.name}> of line ${unit.line}`, reason: `over ${max} characters` });

export function reader(format: XmlFormat, plan: Plan, maxUnitChars: number): FormatReader {
  if (format === "wxr") {
    // Comment ids are unique only within one blog: source ids name the blog (channel header).
    const blog = { url: "", base: false };
    return {
      element: (unit, out) => {
        if (!unit.node) return void tooLarge(unit, out, maxUnitChars);
        const named = blogOf(unit.node);
        if (!named) addWxrPost(parseWxrItem(unit.node), out, blog.url);
        else if (named.base || !blog.base) Object.assign(blog, named);
      },
      finish: () => {},
    };
  }
  return disqusReader(plan ?? emptyPlan(), maxUnitChars);
}

function disqusReader(plan: DisqusPlan, maxUnitChars: number): FormatReader {
  const threads = new Set<string>();
  const seen = new Set<string>();
  const deleted = new Set<string>();
  const waiting: ImportComment[] = [];
  return {
    element(unit, out) {
      const node = unit.node;
      if (!node) return void tooLarge(unit, out, maxUnitChars);
      if (node.name === "thread") {
        const ref = threadRefOf(node);
        seen.add(ref);
        if (isTrue(node, "isDeleted")) deleted.add(ref);
        const thread = disqusThread(node, plan, out);
        if (thread) {
          threads.add(ref);
          out.threads.push(thread);
        }
        return;
      }
      const post = disqusPost(node, plan, out);
      if (!post) return;
      // The posts of a thread deleted on Disqus were deleted with it.
      if (deleted.has(post.threadRef)) out.skipped++;
      else if (threads.has(post.threadRef)) out.comments.push(post);
      else if (seen.has(post.threadRef) || !plan.threads.has(post.threadRef)) missingThread(post, out);
      else if (waiting.length >= MAX_WAITING_POSTS) missingThread(post, out);
      else waiting.push(post);
    },
    finish(out) {
      for (const post of waiting.splice(0)) {
        if (threads.has(post.threadRef)) out.comments.push(post);
        else if (deleted.has(post.threadRef)) out.skipped++;
        else missingThread(post, out);
      }
    },
  };
}
