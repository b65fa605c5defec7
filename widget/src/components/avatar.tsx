import { identicon } from "../../../shared/avatar.ts";

/**
 * The generated avatar (shared/avatar.ts) as inline SVG: no picture is fetched from anyone (no
 * third-party requests, nothing to leak).
 */
export function avatar(seed: string) {
  const { path, fill } = identicon(seed);
  return (
    <svg class="avatar" viewBox="-1 -1 7 7" aria-hidden="true">
      <path d={path} fill={fill} />
    </svg>
  );
}
