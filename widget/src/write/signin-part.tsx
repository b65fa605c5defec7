import { useContext, useEffect, useState } from "preact/hooks";
import type { SignIn } from "../signin/index.ts";
import { I18n, ThreadContext } from "./deps.ts";
import { loadSignIn } from "./signin-load.ts";

type Parts = Pick<SignIn, "Account" | "SignInPanel">;
let ready: SignIn | null = null;

/** A part of signin.js, drawn once that file has run; until then an empty box, or a retry. */
export function SignInPart<K extends keyof Parts>({
  name,
  props,
}: {
  name: K;
  props: Parameters<Parts[K]>[0];
}) {
  const t = useContext(I18n);
  const { assets } = useContext(ThreadContext);
  const [signin, setSignIn] = useState(ready);
  const [failed, setFailed] = useState(false);
  const load = () => {
    setFailed(false);
    loadSignIn(assets).then(
      (s) => {
        ready = s;
        setSignIn(s);
      },
      () => setFailed(true),
    );
  };
  useEffect(() => {
    if (!signin) load();
  }, [assets]);
  const Part = signin?.[name] as unknown as ((p: object) => preact.JSX.Element) | undefined;
  if (Part) return <Part {...(props as object)} />;
  return failed ? (
    <p class="error wide" role="alert">
      {t("networkError")}{" "}
      <button type="button" onClick={load}>
        {t("retry")}
      </button>
    </p>
  ) : (
    <div class={`placeholder ${name}`} />
  );
}
