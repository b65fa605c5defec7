import type { Translate } from "../i18n/t.ts";

/**
 * Grey shapes where the heading and the first comments will be. The block under the heading is
 * the form's placeholder box (see lazy.tsx), so an empty thread, heading and form, takes exactly
 * the skeleton's place, and a thread with comments only grows below where the reader is looking.
 */
export function skeleton(t: Translate) {
  return (
    <div class="skeleton" aria-busy="true">
      <p class="sr">{t("loading")}</p>
      <div class="bone title" />
      <div class="placeholder CommentForm">
        {[0, 1, 2].map((i) => (
          <div key={i} class="bone-row">
            <div class="bone avatar" />
            <div class="bone line" />
          </div>
        ))}
      </div>
    </div>
  );
}
