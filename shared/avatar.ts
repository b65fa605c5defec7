// The generated avatar, one for the widget (widget/src/components/avatar.tsx) and for the
// server-rendered thread (worker/src/render/thread-html.ts), so the fragment the widget takes
// over draws the very same picture.

/**
 * A deterministic identicon from the API's opaque seed: a 5×5 mirrored pattern (an SVG path in a
 * `-1 -1 7 7` view box) and a hue, so no picture is fetched from anyone.
 */
export function identicon(seed: string): { path: string; fill: string } {
  // FNV-1a: tiny, and spreads similar seeds far apart.
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
  let path = "";
  for (let i = 0; i < 15; i++) {
    if ((hash >>> i) & 1) {
      const x = Math.floor(i / 5);
      const y = i % 5;
      path += `M${x} ${y}h1v1h-1zM${4 - x} ${y}h1v1h-1z`;
    }
  }
  return { path, fill: `hsl(${(hash >>> 15) % 360} 55% 45%)` };
}
