// A body read as a stream and dropped as soon as it passes a limit, whatever Content-Length said:
// one reader for a request's small body (validation.ts) and for what the worker fetches from
// others (Webmention sources, Mastodon and Bluesky answers).

/** The stream's bytes, or null once they pass `limit` (the rest is never read). */
export async function bytesUpTo(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

/** A decoder for a Content-Type's charset; UTF-8 when it names none the runtime knows. */
function decoderOf(contentType: string): TextDecoder {
  const charset = contentType.match(/charset=["']?([\w-]+)/i)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8");
  } catch {
    return new TextDecoder("utf-8");
  }
}

/** An answer's body as text in its declared charset, or null once it passes `limit` bytes. */
export async function textUpTo(res: Response, limit: number): Promise<string | null> {
  const bytes = await bytesUpTo(res.body, limit);
  return bytes && decoderOf(res.headers.get("Content-Type") ?? "").decode(bytes);
}
