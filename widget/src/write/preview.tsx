import type { ComponentChildren } from "preact";
import { useContext, useEffect, useRef, useState } from "preact/hooks";
import { preview } from "./api.ts";
import { I18n, loadTable, sanitize, ThreadContext } from "./deps.ts";
import { errorText } from "./errors.ts";

/** Numbers the forms, for ids unique in the page (a top-level and a reply form may both be open). */
let forms = 0;

/**
 * The "Write | Preview" tabs around the text field (the WAI-ARIA tabs pattern, automatic
 * activation), then the formatting help. The preview is the text as the server will render it
 * (same renderer, then our own allowlist); the help is rarely read and so loads on demand with the
 * language files. `children` makes the text field, given the id its label points to; it stays
 * mounted while the preview shows, so it keeps its text, caret and undo history.
 */
export function PreviewTabs({
  text,
  children,
}: {
  text: string;
  children: (id: string) => ComponentChildren;
}) {
  const t = useContext(I18n);
  const { api, assets, site } = useContext(ThreadContext);
  const [id] = useState(() => `confab-f${++forms}-`);
  const [tab, setTab] = useState(0);
  // The preview's HTML; null while it loads, false when it could not be made (`failed` says why).
  const [html, setHtml] = useState<string | false | null>(null);
  const [failed, setFailed] = useState("");
  const [help, setHelp] = useState<string[] | null>(null);
  const asked = useRef(0);
  const blank = !text.trim();

  // A posted comment empties the text: the form is ready for the next one.
  const had = useRef(text);
  useEffect(() => {
    if (had.current && !text) setTab(0);
    had.current = text;
  }, [text]);

  const show = (to: number) => {
    // Choosing the preview again retries one that failed.
    if (to === tab && html !== false) return;
    setTab(to);
    setHtml(null);
    // Only the latest answer counts: a slow one must not replace it.
    const n = ++asked.current;
    if (to && !blank) {
      preview(api, site.id, text).then(
        (r) => n === asked.current && setHtml(sanitize(r.html)),
        (err) => {
          if (n !== asked.current) return;
          setHtml(false);
          setFailed(errorText(t, err, { n: site.maxLength }));
        },
      );
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    // With two tabs that wrap around, Left and Right both lead to the other one, whichever way the
    // text runs (ltr or rtl); Home and End go to the first and the last.
    const to = e.key === "Home" ? 0 : e.key === "End" ? 1 : /^Arrow(Left|Right)$/.test(e.key) ? 1 - tab : -1;
    if (to < 0) return;
    e.preventDefault();
    show(to);
    ((e.currentTarget as HTMLElement).children[to] as HTMLElement).focus();
  };
  const openHelp = (e: Event) => {
    if (help || !(e.currentTarget as HTMLDetailsElement).open) return;
    loadTable(assets, t.lang).then(
      (table) => setHelp((table.markdownHelp ?? "").split("\n")),
      () => setHelp([]),
    );
  };

  return (
    <div class="editor wide">
      <div class="tabbar">
        <label for={`${id}text`}>{t("text")}</label>
        <div role="tablist" onKeyDown={onKeyDown}>
          {[t("write"), t("preview")].map((name, i) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`${id}tab${i}`}
              aria-selected={tab === i}
              aria-controls={`${id}panel${i}`}
              tabIndex={tab === i ? 0 : -1}
              onClick={() => show(i)}
            >
              {name}
            </button>
          ))}
        </div>
      </div>
      <div
        role="tabpanel"
        id={`${id}panel0`}
        aria-labelledby={`${id}tab0`}
        hidden={tab !== 0}
        // Posting from the preview with an empty (required) text: show the field the browser
        // complains about. Preact renders in a microtask, before the browser looks for the field
        // to focus and explain (test/e2e/widget-keyboard.test.ts).
        onInvalidCapture={() => setTab(0)}
      >
        {children(`${id}text`)}
      </div>
      <div
        role="tabpanel"
        id={`${id}panel1`}
        aria-labelledby={`${id}tab1`}
        hidden={tab !== 1}
        class="preview"
        // What it shows may hold nothing focusable: the panel itself is (the WAI-ARIA tabs pattern).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a tab panel is reached by Tab from its tab
        tabIndex={0}
        aria-live="polite"
        aria-busy={tab === 1 && !blank && html === null}
      >
        {blank ? (
          <p class="hint">{t("nothingToPreview")}</p>
        ) : html === false ? (
          <p class="error">{failed}</p>
        ) : (
          html && <div class="body" dangerouslySetInnerHTML={{ __html: html }} />
        )}
      </div>
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
    </div>
  );
}
