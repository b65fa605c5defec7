// Splits an import file into self-contained files of about `partBytes` each, cut at element
// boundaries, so the CLI can send a big export as several requests (each within a Worker's time
// and query limits) with progress in between. Each part is a valid file of the same format:
// - WXR: the channel header, a run of whole <item>s (a post with all its comments), the footer;
// - Disqus: the header (with the categories), then threads each with their posts, parents
//   before replies, so a reply's parent is in the same part or an earlier one; a thread too big
//   for one part is repeated at the head of the next (the server adds it once);
// - Confab: the site and bans first, then threads with their comments, the same way.
// A file no bigger than a part, or one that cannot be read, is sent as it is.
import { planDisqus, postLinks, threadRefOf } from "../src/import/disqus.ts";
import { rulesOf } from "../src/import/readers.ts";
import { type XmlNode, XmlScanner, type XmlUnit } from "../src/import/xml-scan.ts";
import { utf8Length } from "../src/lib/utf8.ts";

export type ImportFormat = "wxr" | "disqus" | "confab";

export function splitImport(text: string, format: ImportFormat, partBytes: number): string[] {
  if (utf8Length(text) <= partBytes) return [text];
  return format === "confab" ? splitConfab(text, partBytes) : splitXml(text, format, partBytes);
}

interface Unit {
  text: string;
  bytes: number;
  /** A thread at the head of its group (Confab parts list them apart from comments). */
  head?: true;
}

interface Group {
  /** Repeated at the head of every part the group is spread over (a thread). */
  head: Unit | null;
  units: Unit[];
}

const unit = (text: string): Unit => ({ text, bytes: utf8Length(text) });
/** A JSON array entry, with the comma before it. */
const entry = (value: unknown): Unit => {
  const text = JSON.stringify(value);
  return { text, bytes: utf8Length(text) + 1 };
};

/** Packs groups into parts of at most `budget` bytes, a group kept whole when it fits one. */
function pack(groups: Group[], budget: number): Unit[][] {
  const parts: Unit[][] = [];
  let current: Unit[] = [];
  let size = 0;
  const close = () => {
    if (current.length) parts.push(current);
    current = [];
    size = 0;
  };
  for (const g of groups) {
    const whole = (g.head?.bytes ?? 0) + g.units.reduce((n, u) => n + u.bytes, 0);
    if (size + whole > budget) close();
    if (g.head) {
      current.push(g.head);
      size += g.head.bytes;
    }
    let fresh = true;
    for (const u of g.units) {
      if (!fresh && size + u.bytes > budget) {
        close();
        if (g.head) {
          current.push(g.head);
          size += g.head.bytes;
        }
        fresh = true;
      }
      current.push(u);
      size += u.bytes;
      fresh = false;
    }
  }
  close();
  return parts;
}

/** Items (or posts) ordered so that each comes after its parent when the parent is among them. */
function parentsFirst<T>(items: T[], id: (t: T) => string, parent: (t: T) => string | null): T[] {
  const byId = new Map(items.map((t) => [id(t), t]));
  const done = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const chain: T[] = [];
    let at: T | undefined = item;
    while (at && !done.has(id(at))) {
      done.add(id(at));
      chain.push(at);
      const p = parent(at);
      at = p === null ? undefined : byId.get(p);
    }
    out.push(...chain.reverse());
  }
  return out;
}

function splitXml(text: string, format: "wxr" | "disqus", partBytes: number): string[] {
  // The file was checked whole before (confab-import.ts): its elements are read with the same
  // parser as the worker's, and each cut falls just before a unit's `<` (attribute values cannot
  // hold one) and just after its end tag.
  const found: XmlUnit[] = [];
  // (A WXR channel's <link> is a unit for the reader, not an element to share out: it stays in the header.)
  const scanner = new XmlScanner(rulesOf(format, Number.POSITIVE_INFINITY), (u) => {
    if (u.name !== "link" && u.name !== "base_blog_url") found.push(u);
  });
  scanner.write(text);
  scanner.end();
  const first = found[0];
  const last = found.at(-1);
  if (!first || !last) return [text];
  const startOf = (u: XmlUnit) => text.lastIndexOf("<", u.openEnd - 1);
  const header = text.slice(0, startOf(first));
  const footer = text.slice(last.end);
  // Each element takes the text between it and the one before (spaces, anything unknown) along.
  let from = startOf(first);
  const units = found.map((el) => {
    const u = { name: el.name, node: el.node, ...unit(text.slice(from, el.end)) };
    from = el.end;
    return u;
  });
  let groups: Group[];
  if (format === "wxr") groups = units.map((u) => ({ head: null, units: [u] }));
  else {
    const plan = planDisqus();
    for (const u of units) if (u.node) plan.add(u.node);
    const known = plan.finish();
    const threads = new Map<string, Group>();
    const orphans: Group = { head: null, units: [] };
    groups = [];
    for (const u of units.filter((x) => x.name === "thread" && x.node)) {
      const g = { head: u, units: [] };
      threads.set(threadRefOf(u.node as XmlNode), g);
      groups.push(g);
    }
    const linked = units
      .filter((u) => u.name === "post" && u.node)
      .map((u) => ({ u, ...postLinks(u.node as XmlNode, known) }));
    const posts = parentsFirst(
      linked,
      (p) => p.ref,
      (p) => p.parent || null,
    );
    for (const p of posts) (threads.get(p.thread) ?? orphans).units.push(p.u);
    if (orphans.units.length) groups.push(orphans);
  }
  const budget = partBytes - utf8Length(header) - utf8Length(footer);
  return pack(groups, budget).map((part) => header + part.map((u) => u.text).join("") + footer);
}

interface ConfabLike {
  threads: { id?: unknown }[];
  comments: { id?: unknown; thread?: unknown; parent?: unknown }[];
  bans?: unknown[];
  [key: string]: unknown;
}

function splitConfab(text: string, partBytes: number): string[] {
  let file: ConfabLike;
  try {
    file = JSON.parse(text);
  } catch {
    return [text];
  }
  if (!file || !Array.isArray(file.threads) || !Array.isArray(file.comments)) return [text];
  const { threads, comments, bans, ...rest } = file;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const byThread = new Map<string, Group>();
  const groups: Group[] = [];
  const orphans: Group = { head: null, units: [] };
  for (const t of threads) {
    const g: Group = { head: { ...entry(t), head: true }, units: [] };
    byThread.set(str(t?.id), g);
    groups.push(g);
  }
  for (const c of parentsFirst(
    comments,
    (c) => str(c?.id),
    (c) => str(c?.parent) || null,
  ))
    (byThread.get(str(c?.thread)) ?? orphans).units.push(entry(c));
  if (orphans.units.length) groups.push(orphans);
  const write = (part: Unit[], withBans: boolean) => {
    const ts = part.filter((u) => u.head).map((u) => u.text);
    const cs = part.filter((u) => !u.head).map((u) => u.text);
    const start = JSON.stringify({ ...rest, bans: withBans ? (bans ?? []) : [] }).slice(0, -1);
    return `${start},"threads":[${ts.join(",")}],"comments":[${cs.join(",")}]}`;
  };
  const budget = partBytes - utf8Length(write([], false));
  return [write([], true), ...pack(groups, budget).map((part) => write(part, false))];
}
