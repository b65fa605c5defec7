/** A coloured initial standing in for a picture; the colour follows the API's opaque seed. */
export function Avatar({ seed, name }: { seed: string; name: string }) {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) >>> 0;
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? "?";
  return (
    <span class="avatar" aria-hidden="true" style={{ background: `hsl(${hash % 360} 42% 46%)` }}>
      {initial}
    </span>
  );
}
