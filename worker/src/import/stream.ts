// A WXR or Disqus file read as it arrives: the XML cutter takes whole elements out of the text,
// the format's reader turns each into entries, and every few hundred comments (or about a
// megabyte of the file) they are handed on as one batch. What is held at any moment is one
// element and one batch, never the file.
import { ApiError } from "../lib/api-error.ts";
import type { ParsedImport } from "./model.ts";
import { disqusReader, type FormatReader, wxrReader } from "./readers.ts";
import { type CutElement, XmlCutter } from "./xml-cutter.ts";

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
/** Characters kept from the start of the file to find its root element, and from its end. */
const HEAD = 16_384;
const TAIL = 512;

/**
 * Reads `text` in `format`, calling `write` with each batch in file order (the last one with
 * what was held to the end). A file without the format's root element is refused before the
 * first `write`; a file that ends inside an element, or without the root's end tag, gets an
 * error entry in the last batch.
 */
export async function readImport(
  format: "wxr" | "disqus",
  text: AsyncIterable<string>,
  write: (batch: ParsedImport) => Promise<void>,
  limits: BatchLimits = BATCH,
): Promise<void> {
  const reader: FormatReader = format === "wxr" ? wxrReader() : disqusReader();
  const cutter = new XmlCutter(reader.names, limits.elementChars);
  let batch = empty();
  let chars = 0;
  let head = "";
  let tail = "";
  const checkRoot = () => {
    if (reader.root.test(head)) return;
    throw new ApiError("validation_failed", `Not a ${format === "wxr" ? "WordPress WXR" : "Disqus"} file.`, {
      fields: { format: "invalid" },
    });
  };
  const take = async (cut: CutElement[]) => {
    for (const el of cut) {
      if (el.tooLarge) {
        batch.errors.push({
          entry: `<${el.name}> at character ${el.start}`,
          reason: `over ${limits.elementChars} characters`,
        });
        continue;
      }
      reader.element(el, batch);
      chars += el.length;
      if (batch.comments.length >= limits.comments || chars >= limits.chars) {
        checkRoot();
        await write(batch);
        batch = empty();
        chars = 0;
      }
    }
  };

  for await (const piece of text) {
    if (head.length < HEAD) head += piece.slice(0, HEAD - head.length);
    tail = piece.length >= TAIL ? piece.slice(-TAIL) : (tail + piece).slice(-TAIL);
    await take(cutter.push(piece));
  }
  const { elements, open } = cutter.end();
  await take(elements);
  checkRoot();
  if (open) batch.errors.push({ entry: `the last <${open}>`, reason: "truncated file" });
  else if (!tail.includes(reader.rootEnd)) {
    batch.errors.push({ entry: "the end of the file", reason: `truncated file (no ${reader.rootEnd})` });
  }
  reader.finish(batch);
  await write(batch);
}
