import { useContext } from "preact/hooks";
import type { VerifiedBy } from "../../../shared/types.ts";
import { I18n } from "./deps.ts";

/**
 * The ✓ after a verified author's name, labelled how they were verified ("verified by GitHub"), so
 * a screen reader says what it means rather than "check mark". In write.js with its strings: the
 * thread loads this file anyway, and embed.js has no room for five more labels.
 */
export function Verified({ verified }: { verified: VerifiedBy }) {
  const t = useContext(I18n);
  const label = t(`via.${verified}`);
  return (
    <span class="meta" role="img" aria-label={label} title={label}>
      ✓
    </span>
  );
}
