import { useContext, useEffect, useState } from "preact/hooks";
import { I18n } from "../i18n/t.ts";
import type { Write } from "../write/index.ts";
import { loadWrite } from "../write/load.ts";
import { ThreadContext } from "./context.ts";

let ready: Write | null = null;

type Forms = Pick<
  Write,
  "CommentForm" | "Extras" | "EditForm" | "Live" | "OwnActions" | "Reactions" | "Verified"
>;

/**
 * A form from write.js, drawn as soon as that file has run. Until then an empty box of the form's
 * height holds its place, so nothing moves when it appears; if it cannot load, a way to retry.
 * The reactions bars (write/reactions.tsx) come from write.js too.
 */
export function Lazy<K extends keyof Forms>({ name, props }: { name: K; props: Parameters<Forms[K]>[0] }) {
  const t = useContext(I18n);
  const { assets } = useContext(ThreadContext);
  const [write, setWrite] = useState(ready);
  const [failed, setFailed] = useState(false);
  const load = () => {
    setFailed(false);
    loadWrite(assets).then(
      (w) => {
        ready = w;
        setWrite(w);
      },
      () => setFailed(true),
    );
  };
  useEffect(() => {
    if (!write) load();
  }, [assets]);
  const Form = write?.[name] as unknown as ((p: typeof props) => preact.JSX.Element) | undefined;
  if (Form) return <Form {...props} />;
  // Only the forms (CommentForm, EditForm, OwnActions) say it failed: live updates (live.js,
  // through write.js), reactions, Report and the verified marks are not worth an alert of their own.
  return failed && /Fo|Ow/.test(name) ? (
    <p class="error" role="alert">
      {t("networkError")}{" "}
      <button type="button" onClick={load}>
        {t("retry")}
      </button>
    </p>
  ) : (
    <div class={`placeholder ${name}`} />
  );
}
