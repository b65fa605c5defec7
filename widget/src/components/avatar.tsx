/**
 * A deterministic identicon from the API's opaque seed: a 5×5 mirrored pattern and a hue, drawn
 * as inline SVG, so no picture is fetched from anyone (no third-party requests, nothing to leak).
 */
export function avatar(seed: string) {
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
  return (
    <svg class="avatar" viewBox="-1 -1 7 7" aria-hidden="true">
      <path d={path} fill={`hsl(${(hash >>> 15) % 360} 55% 45%)`} />
    </svg>
  );
}
