// A request body kept as the bytes it arrived in (imports: up to 50 MB, read twice), refused
// with 413 as soon as it passes the limit, whatever Content-Length said; and those bytes as text
// pieces of bounded size, decoded as they go (a character cut between two chunks is put back
// together), so the text of the whole file never exists at once.
import { ApiError } from "./api-error.ts";

const tooLarge = () => new ApiError("payload_too_large", "The request body is too large.");

export async function readBody(req: Request, maxBytes: number): Promise<Uint8Array[]> {
  if (Number(req.headers.get("Content-Length") ?? "0") > maxBytes) throw tooLarge();
  if (!req.body) return [];
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let piece: ReadableStreamReadResult<Uint8Array>;
    try {
      piece = await reader.read();
    } catch {
      throw new ApiError("validation_failed", "The upload broke off before the end of the file.", {
        fields: { body: "invalid" },
      });
    }
    if (piece.done) return chunks;
    total += piece.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(piece.value);
  }
}

/** The bytes as UTF-8 text in pieces of at most `pieceBytes` bytes each (a broken byte → U+FFFD). */
export function* textPieces(chunks: Uint8Array[], pieceBytes = 64 * 1024): Generator<string> {
  // The byte order mark stays in the text: the XML reader skips it and counts its bytes.
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.byteLength; at += pieceBytes) {
      const text = decoder.decode(chunk.subarray(at, at + pieceBytes), { stream: true });
      if (text) yield text;
    }
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
