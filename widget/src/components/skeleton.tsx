import { useContext } from "preact/hooks";
import { I18n } from "../i18n/t.ts";

/** Grey shapes where the heading and the first comments will be, so the page does not jump. */
export function Skeleton() {
  const t = useContext(I18n);
  return (
    <div class="skeleton" aria-busy="true">
      <p class="sr">{t("loading")}</p>
      <div class="bone title" />
      {[0, 1, 2].map((i) => (
        <div key={i} class="bone-row">
          <div class="bone avatar" />
          <div class="bone line" />
        </div>
      ))}
    </div>
  );
}
