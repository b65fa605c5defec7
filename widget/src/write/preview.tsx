import { useContext, useState } from "preact/hooks";
import { preview } from "../api.ts";
import { loadTable } from "../i18n/load.ts";
import { sanitize } from "../sanitize.ts";
import { I18n, ThreadContext } from "./deps.ts";

/**
 * The preview of the text as the server will render it (same renderer, then our own allowlist),
 * and the formatting help, which is rarely read and so loads on demand with the language files.
 */
export function Preview({ text }: { text: string }) {
  const t = useContext(I18n);
  const { api, assets, site } = useContext(ThreadContext);
  const [html, setHtml] = useState<string | null>(null);
  const [help, setHelp] = useState<string[] | null>(null);
  const [shown, setShown] = useState(false);

  const toggle = () => {
    setShown(!shown);
    if (shown) return;
    setHtml(null);
    preview(api, site.id, text).then(
      (r) => setHtml(sanitize(r.html)),
      () => setHtml(`<p>${t("networkError")}</p>`),
    );
  };
  const openHelp = (e: Event) => {
    if (help || !(e.currentTarget as HTMLDetailsElement).open) return;
    loadTable(assets, t.lang).then(
      (table) => setHelp((table.markdownHelp ?? "").split("\n")),
      () => setHelp([]),
    );
  };

  return (
    <div class="tools wide">
      <button type="button" class="link" aria-pressed={shown} disabled={!text.trim()} onClick={toggle}>
        {t("preview")}
      </button>
      <details onToggle={openHelp}>
        <summary>{t("help")}</summary>
        {help && (
          <ul class="help">
            {help.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </details>
      {shown && (
        <div
          class="body preview"
          aria-live="polite"
          aria-busy={html === null}
          dangerouslySetInnerHTML={{ __html: html ?? "" }}
        />
      )}
    </div>
  );
}
