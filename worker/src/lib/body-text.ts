// A request body read as text while it arrives, for uploads too big to hold (imports): decoded
// by a TextDecoderStream (a character cut between two pieces is put back together), refused with
// 413 as soon as it passes the limit, whatever Content-Length said.
import { ApiError } from "./api-error.ts";

const tooLarge = () => new ApiError("payload_too_large", "The request body is too large.");

export async function* bodyText(req: Request, maxBytes: number): AsyncGenerator<string> {
  if (Number(req.headers.get("Content-Length") ?? "0") > maxBytes) throw tooLarge();
  if (!req.body) return;
  let total = 0;
  let over = false;
  const limit = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total <= maxBytes) controller.enqueue(chunk);
      else {
        over = true;
        controller.error(tooLarge());
      }
    },
  });
  // (The DOM typings of TextDecoderStream take any BufferSource; the cast only narrows that.)
  const decoder = new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>;
  const reader = req.body.pipeThrough(limit).pipeThrough(decoder).getReader();
  for (;;) {
    let piece: ReadableStreamReadResult<string>;
    try {
      piece = await reader.read();
    } catch {
      if (over) throw tooLarge();
      throw new ApiError("validation_failed", "The upload broke off before the end of the file.", {
        fields: { body: "invalid" },
      });
    }
    if (piece.done) return;
    if (piece.value) yield piece.value;
  }
}
