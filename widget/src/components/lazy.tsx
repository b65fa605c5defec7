import type { ComponentChildren } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import { I18n, type StringKey, type Translate } from "../i18n/t.ts";
import type { Write } from "../write/index.ts";
import { loadWrite } from "../write/load.ts";
import { ThreadContext } from "./context.ts";

let ready: Write | null = null;

type Forms = Pick<
  Write,
  "Actions" | "CommentForm" | "EditForm" | "Failure" | "Live" | "Permalink" | "Reactions" | "Verified"
>;

/**
 * A part from write.js, drawn as soon as that file has run. Until then `children` stand in (a
 * read-only version), else an empty box of the part's height holds its place, so nothing moves
 * when it appears; if a form cannot load, a way to retry.
 * The reactions bars (write/reactions.tsx) come from write.js too.
 */
export function Lazy<K extends keyof Forms>({
  name,
  props,
  children,
}: {
  name: K;
  props: Parameters<Forms[K]>[0];
  children?: ComponentChildren;
}) {
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
  // Only the forms (CommentForm, EditForm) say it failed: live updates (live.js, through
  // write.js), reactions, the permalink's search and the verified marks are not worth an alert
  // of their own, and the buttons and error texts keep their read-only stand-in.
  return failed && /Fo/.test(name) ? (
    <p class="error" role="alert">
      {t("networkError")}{" "}
      <button type="button" onClick={load}>
        {t("retry")}
      </button>
    </p>
  ) : (
    (children ?? <div class={`placeholder ${name}`} />)
  );
}

/**
 * What a failed read says: in full once write.js has run (write/failure.tsx, with the API's
 * error strings), until then only `lead`, or that the server could not be reached.
 */
export const failure = (t: Translate, err: unknown, lead?: StringKey) => (
  <Lazy name="Failure" props={{ err, lead }}>
    {t(lead ?? "networkError")}
  </Lazy>
);
