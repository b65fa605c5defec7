import type { TargetedInputEvent } from "preact";
import { useContext, useEffect, useRef, useState } from "preact/hooks";
import { LIMITS } from "../../../shared/limits.ts";
import type { ApiError } from "../api.ts";
import { type AuthorFields, loadAuthor, saveAuthor } from "../author-store.ts";
import { pageKey } from "../options.ts";
import { pendingOf, rememberOwn, savePending } from "../own-store.ts";
import { load, save } from "../store.ts";
import { postComment, randomKey } from "./api.ts";
import { added } from "./changes.ts";
import { I18n, ThreadContext } from "./deps.ts";
import { errorText } from "./errors.ts";
import { PreviewTabs } from "./preview.tsx";
import { setSession } from "./session.ts";
import { SignInPart } from "./signin-part.tsx";
import { useSignIn } from "./use-signin.ts";
import { useTurnstile } from "./use-turnstile.ts";

interface Props {
  /** Set for an inline reply form; absent for the top-level one. */
  parentId?: string;
  parentName?: string;
  onCancel?: () => void;
}

interface FormError {
  message: string;
  /** The API's code, for the errors that change the form (sign_in_required). */
  code?: string;
  fields: Record<string, string>;
}

/** The form for a new comment or a reply. The text survives every failure; only success clears it. */
export function CommentForm({ parentId, parentName, onCancel }: Props) {
  const t = useContext(I18n);
  const thread = useContext(ThreadContext);
  const { api, options, site } = thread;
  const page = pageKey(options);
  const draftKey = `draft:${page}:${parentId ?? ""}`;
  const [author, setAuthor] = useState<AuthorFields>(loadAuthor);
  const [text, setText] = useState(() => load(draftKey, ""));
  const [notify, setNotify] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  // The spam check compares this with a human's typing speed; bots post the instant a form appears.
  const shownAt = useRef(Date.now());
  // A retry of the very same submission after a network error reuses its key, so a comment whose
  // answer was lost is not posted twice; anything changed makes it a new submission.
  const attempt = useRef({ key: "", body: "" });
  const trap = useRef<HTMLInputElement>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);
  const challenge = useTurnstile(site.turnstileSiteKey);
  const waiting = Boolean(site.turnstileSiteKey) && !challenge.token;
  const signIn = useSignIn(!parentId, textArea);
  const { session } = signIn;
  // Reply mails go only to a verified address (docs/api.md): the box is offered to a reader signed
  // in with an identity that has one, on a deployment that sends mail; an anonymous tick would be ignored.
  const offersNotify = site.notifyReplies && Boolean(session?.identity.email);
  // A site that takes only signed-in comments (or an answer saying so) asks for sign-in instead.
  const mustSignIn = !session && (site.posting === "verified" || error?.code === "sign_in_required");
  // A provider or the site names its readers; an email code proves only the address, so a reader
  // signed in by email still types the name they go by (the API keeps the last one, docs/api.md).
  const named = session && session.identity.verified !== "email" ? session.identity.name : null;
  const knownName = session?.identity.name;
  useEffect(() => {
    if (knownName && !named && !author.name) setAuthor({ ...author, name: knownName });
  }, [knownName]);

  useEffect(() => {
    // A reply form opens because the reader asked for it: put them where they will type. Effects
    // run after paint, so a quick reader may already be in one of its fields: then they stay there.
    const area = textArea.current;
    const root = area?.getRootNode() as DocumentOrShadowRoot | undefined;
    if (parentId && !area?.form?.contains(root?.activeElement ?? null)) area?.focus();
  }, [parentId]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (sending || waiting) return;
    setSending(true);
    setError(null);
    saveAuthor(author);
    // Signed in, the identity is the author (the API takes its name); the website stays the reader's.
    const who = session
      ? { ...author, name: named ?? author.name, email: session.identity.email ?? "" }
      : author;
    const draft = {
      parentId: parentId ?? null,
      author: who,
      text,
      trap: trap.current?.value ?? "",
      ...(offersNotify ? { notifyReplies: notify } : {}),
    };
    const same = JSON.stringify(draft);
    if (attempt.current.body !== same) attempt.current = { key: randomKey(), body: same };
    try {
      // The token is not part of `draft`: a retry carries a fresh one under the same key.
      const turnstile = site.turnstileSiteKey ? { turnstileToken: challenge.token } : {};
      const { url, pageId, title } = options;
      // A page's title may be longer than the API takes; it is only a label, so it is cut, by
      // code points as the API counts them.
      const where = { site: options.site, url, pageId, title: [...title].slice(0, LIMITS.titleMax).join("") };
      const body = { ...where, ...draft, ...turnstile, elapsedMs: Date.now() - shownAt.current };
      const res = await postComment(api, body, attempt.current.key, session?.token);
      const { comment } = res;
      // Shown once by the API: kept so the author can edit, with the Markdown they typed.
      rememberOwn({ id: comment.id, editToken: res.editToken, editableUntil: res.editableUntil, text });
      if (comment.status === "pending") savePending(page, [...pendingOf(page), comment]);
      added(thread, t, comment);
      attempt.current = { key: "", body: "" };
      setText("");
      save(draftKey, null);
      shownAt.current = Date.now();
    } catch (err) {
      // An answer of the API is an Error with the API's fields (../api.ts); anything else is the
      // network, and a retry of the same text keeps its key.
      const { code, fields } = err as Partial<ApiError>;
      if (fields) attempt.current = { key: "", body: "" };
      // A session revoked or expired on the server: forget it; the reader signs in again or posts as a guest.
      const ended = session && code === "unauthorized";
      if (ended) setSession(api, options.site, null);
      const message = ended ? t("sessionEnded") : errorText(t, err, { n: site.maxLength });
      // A reserved name is the name field's fault, though the API names no field for it.
      setError({
        message,
        code,
        fields: code === "name_reserved" ? { "author.name": code } : (fields ?? {}),
      });
    } finally {
      setSending(false);
      // Whatever the answer, the token may have been spent: siteverify accepts each one once.
      if (site.turnstileSiteKey) challenge.reset();
    }
  };

  const required = { name: site.requireName, email: site.requireEmail, website: false };
  const invalid = (field: string) => (error?.fields[field] ? true : undefined);
  const field = (key: keyof AuthorFields, type: "text" | "email" | "url", maxLength: number) => {
    const hints = [!required[key] && t("optional"), key === "email" && t("neverShown")].filter(Boolean);
    return (
      <label>
        <span>
          {t(key)} {hints.length > 0 && <span class="hint">({hints.join(", ")})</span>}
        </span>
        <input
          type={type as "text"}
          name={key}
          autoComplete={type === "text" ? "name" : type}
          maxLength={maxLength}
          required={required[key]}
          value={author[key]}
          aria-invalid={invalid(`author.${key}`)}
          onInput={(e: TargetedInputEvent<HTMLInputElement>) =>
            setAuthor({ ...author, [key]: e.currentTarget.value })
          }
        />
      </label>
    );
  };

  const signInButton = (primary: boolean) => (
    <button
      ref={signIn.opener}
      type="button"
      class={primary ? "primary" : "link signin-open"}
      aria-expanded={signIn.open}
      onClick={signIn.toggle}
    >
      {t("signIn")}
    </button>
  );

  return (
    <>
      {signIn.open && <SignInPart name="SignInPanel" props={{ onClose: signIn.close }} />}
      <form aria-label={parentName ? t("replyTo", { name: parentName }) : t("newComment")} onSubmit={submit}>
        {session && <SignInPart name="Account" props={{}} />}
        {!named && !mustSignIn && field("name", "text", LIMITS.nameMax)}
        {!session && !mustSignIn && field("email", "email", LIMITS.emailMax)}
        {field("website", "url", LIMITS.websiteMax)}
        <PreviewTabs text={text}>
          {(id) => (
            <textarea
              ref={textArea}
              id={id}
              name="text"
              required
              rows={4}
              value={text}
              aria-invalid={invalid("text")}
              onInput={(e) => {
                setText(e.currentTarget.value);
                save(draftKey, e.currentTarget.value || null);
              }}
            />
          )}
        </PreviewTabs>
        {/* The honeypot: invisible and unreachable for people, irresistible to form-filling bots. */}
        <input ref={trap} class="trap" name="trap" tabIndex={-1} autoComplete="off" aria-hidden="true" />
        {offersNotify && (
          <label class="check wide">
            <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.currentTarget.checked)} />{" "}
            {t("notify")}
          </label>
        )}
        {site.turnstileSiteKey && <div ref={challenge.box} class="challenge wide" />}
        {challenge.error && (
          <p class="error wide" role="alert">
            {t(challenge.error)}
          </p>
        )}
        {error && (
          <p class="error wide" role="alert">
            {error.message}
          </p>
        )}
        {mustSignIn && !error && <p class="note wide">{t("err.sign_in_required")}</p>}
        <div class="actions wide">
          {signIn.offered && !session && !mustSignIn && signInButton(false)}
          {onCancel && (
            <button type="button" onClick={onCancel}>
              {t("cancel")}
            </button>
          )}
          {mustSignIn ? (
            signIn.offered && signInButton(true)
          ) : (
            <button type="submit" class="primary" disabled={sending || waiting}>
              {sending ? t("sending") : t("submit")}
            </button>
          )}
        </div>
      </form>
    </>
  );
}
