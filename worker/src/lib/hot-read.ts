// The hot path (docs/architecture.md, "The hot path"): a GET whose exact URL the full request path
// already answered from an entry still in this isolate's memory and still fresh is answered here,
// before Hono and its middleware. Only such a URL is answered (its query was validated, its
// `url` admitted, and it carried no bookmark: read-cache.ts `cachedJson` records it), and only for
// an Origin the entry's site admits. Anything else (another method, a foreign Origin, an entry
// purged, stale or rebuilt since) goes the full way, which answers it as it always did. The
// headers come from the same functions the middleware and the route use.
import type { Bindings } from "../env.ts";
import { corsHeadersOf, originAllowed } from "./cors.ts";
import { commonHeadersOf, newRequestId } from "./headers.ts";
import { answerHeaders, answerOf, answerResponse, isFresh } from "./read-cache.ts";
import { acceptsGzip } from "./reads/encoding.ts";
import { answeredFor } from "./reads/store.ts";

export function hotRead(request: Request, env: Bindings): Response | null {
  if (request.method !== "GET") return null;
  const found = answeredFor(request.url);
  if (!found || !isFresh(found.entry, env)) return null;
  const origin = request.headers.get("Origin") ?? undefined;
  if (origin !== undefined && !originAllowed(found.entry.origins, origin)) return null;
  const answer = answerOf(
    found.entry,
    "hit",
    {
      ifNoneMatch: request.headers.get("If-None-Match") ?? undefined,
      gzip: acceptsGzip(request.headers.get("Accept-Encoding")),
    },
    true,
  );
  // One object, handed to the Response once: each Headers call crosses into the runtime. `Vary`
  // as the full path's middleware appends it: the answer's, then CORS's.
  const own = answerHeaders(answer, found.cacheControl);
  const cors = corsHeadersOf(origin);
  const headers = { ...own, ...cors, ...commonHeadersOf(newRequestId()), Vary: `${own.Vary}, ${cors.Vary}` };
  return answerResponse(answer, headers);
}
