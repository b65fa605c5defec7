// The streaming side of the XML importers: which elements to cut out of a WXR or Disqus file,
// and how each cut element becomes import entries (through the same element parsers as a whole
// file). What must wait for later elements waits here, bounded: a Disqus post whose <thread>
// comes after it.
import { disqusPost, disqusThread, missingThread } from "./disqus.ts";
import type { ImportComment, ParsedImport } from "./model.ts";
import { addWxrPost } from "./wxr.ts";
import { parseWxrItem } from "./wxr-parse.ts";
import type { CutElement } from "./xml-cutter.ts";

export interface FormatReader {
  /** The elements cut out of the stream. */
  names: string[];
  /** The file's root element, to tell a file of another format from an empty one. */
  root: RegExp;
  /** The root's end tag, to tell a truncated file. */
  rootEnd: string;
  element(el: CutElement, out: ParsedImport): void;
  /** The input is over: entries held until now. */
  finish(out: ParsedImport): void;
}

/** Disqus posts held because their thread was not seen yet (exports list threads first). */
const MAX_WAITING_POSTS = 2_000;

const inner = (xml: string) => xml.slice(xml.indexOf(">") + 1, xml.lastIndexOf("<"));

export function wxrReader(): FormatReader {
  return {
    names: ["item"],
    root: /<rss[\s>]/,
    rootEnd: "</rss>",
    element: (el, out) => addWxrPost(parseWxrItem(inner(el.xml)), out),
    finish: () => {},
  };
}

export function disqusReader(): FormatReader {
  const threads = new Set<string>();
  const seen = new Set<string>();
  const waiting: ImportComment[] = [];
  return {
    names: ["category", "thread", "post"],
    root: /<disqus[\s>]/,
    rootEnd: "</disqus>",
    element(el, out) {
      // The whole-file reader only took elements with an id; a bare <thread> is something else.
      if (el.name === "category" || !/^<\w+\s+dsq:id="[^"]+"\s*>/.test(el.xml)) return;
      if (el.name === "thread") {
        const thread = disqusThread(el.xml, out);
        seen.add(el.xml.match(/dsq:id="([^"]+)"/)?.[1] ?? "");
        if (thread) threads.add(thread.ref);
        return;
      }
      const post = disqusPost(el.xml, out);
      if (!post) return;
      if (threads.has(post.threadRef)) out.comments.push(post);
      else if (seen.has(post.threadRef) || waiting.length >= MAX_WAITING_POSTS) missingThread(post, out);
      else waiting.push(post);
    },
    finish(out) {
      for (const post of waiting.splice(0)) {
        if (threads.has(post.threadRef)) out.comments.push(post);
        else missingThread(post, out);
      }
    },
  };
}
