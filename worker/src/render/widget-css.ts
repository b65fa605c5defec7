// The widget's stylesheet for the server-rendered thread (thread-html.ts): dist/widget.css, which
// `npm run build` writes from the same CSS embed.js and write.js carry (vite.config.ts), read
// through the ASSETS binding once per isolate. Missing (a worker run without a build), the
// fragment goes out unstyled, as plain HTML still readable.

let kept: string | undefined;

export async function widgetCss(
  assets: { fetch(request: Request): Promise<Response> },
  url: string,
): Promise<string> {
  if (kept !== undefined) return kept;
  try {
    const res = await assets.fetch(new Request(new URL("/widget.css", url)));
    if (!res.ok) return "";
    const css = await res.text();
    kept = css;
    return css;
  } catch {
    return ""; // tried again on the next miss: the build may come later (development)
  }
}
