import { useState } from "preact/hooks";
import { socialKindOf } from "../../../../shared/social.ts";
import { AdminApiError, type AdminThread, messageOf } from "../api.ts";
import { useAdmin } from "../context.ts";
import { fieldErrors, formatTime, lines } from "../format.ts";
import { describedBy, Field } from "./field.tsx";
import { SiteSelect } from "./site-select.tsx";

type Links = { kind: "mastodon" | "bluesky"; url: string }[];

/** The box's lines as links, each one's network told by its URL. */
const linksOf = (text: string): Links => lines(text).map((url) => ({ kind: socialKindOf(url), url }));

/** Which lines the API refused (`social.<n>.url`), as a sentence; null when none is named. */
function badLines(fields: Record<string, string> | undefined): string | null {
  const numbers = Object.keys(fields ?? {})
    .map((path) => /^social\.(\d+)/.exec(path)?.[1])
    .filter((n) => n !== undefined)
    .map((n) => Number(n) + 1);
  if (numbers.length === 0) return null;
  return `Line ${[...new Set(numbers)].join(", ")}: not a Mastodon status or Bluesky post URL.`;
}

/** The box of post URLs both forms have, with the lines the API refused as its error. */
function PostsBox(p: {
  id: string;
  label: string;
  rows: number;
  value: string;
  error: string | null;
  onInput: (v: string) => void;
}) {
  const error = p.error ?? undefined;
  return (
    <Field id={p.id} label={p.label} error={error}>
      <textarea
        id={p.id}
        rows={p.rows}
        value={p.value}
        aria-describedby={describedBy(p.id, error)}
        placeholder="https://mastodon.social/@you/123…&#10;https://bsky.app/profile/you.bsky.social/post/3k…"
        onInput={(e) => p.onInput(e.currentTarget.value)}
      />
    </Field>
  );
}

/**
 * The Mastodon and Bluesky posts whose replies are pulled into the thread (docs/social.md): one
 * URL a line, saved as the whole set; each link's last pull and its error are shown.
 */
export function ThreadSocial({
  thread,
  onSubmit,
  onCancel,
}: {
  thread: AdminThread;
  onSubmit: (social: Links) => Promise<void>;
  onCancel: () => void;
}) {
  const [text, setText] = useState(thread.social.map((l) => l.url).join("\n"));
  const [error, setError] = useState<string | null>(null);
  const [lineError, setLineError] = useState<string | null>(null);
  const id = `social-${thread.id}`;
  const save = async () => {
    setError(null);
    setLineError(null);
    try {
      await onSubmit(linksOf(text));
    } catch (e) {
      setError(messageOf(e));
      if (e instanceof AdminApiError) setLineError(badLines(e.fields));
    }
  };
  return (
    <form
      class="inline-form"
      aria-label="Linked posts"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {thread.social.length > 0 && (
        <ul class="links">
          {thread.social.map((l) => (
            <li key={l.url}>
              {l.kind === "mastodon" ? "Mastodon" : "Bluesky"} · {l.url} ·{" "}
              {l.pulledAt ? (
                <>
                  pulled <time dateTime={l.pulledAt}>{formatTime(l.pulledAt)}</time>
                </>
              ) : (
                "not pulled yet"
              )}
              {l.error && <span class="error"> · last pull failed: {l.error}</span>}
            </li>
          ))}
        </ul>
      )}
      <PostsBox
        id={id}
        label="Mastodon and Bluesky posts (one URL a line)"
        rows={3}
        value={text}
        error={lineError}
        onInput={setText}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" class="primary">
          Save links
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A page nobody has commented on has no thread to open: its URL and posts make it one. */
export function PageLink({
  onSubmit,
}: {
  onSubmit: (q: { site: string; url: string; social: Links }) => Promise<void>;
}) {
  const { sites } = useAdmin();
  const [site, setSite] = useState(sites[0]?.id ?? "");
  const [url, setUrl] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [lineError, setLineError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    setFields({});
    setLineError(null);
    try {
      await onSubmit({ site, url: url.trim(), social: linksOf(text) });
      setUrl("");
      setText("");
    } catch (e) {
      setError(messageOf(e));
      if (e instanceof AdminApiError) {
        setFields(fieldErrors(e.fields));
        setLineError(badLines(e.fields));
      }
    }
  };
  return (
    <form
      class="inline-form"
      aria-label="Link a page"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <SiteSelect id="link-site" value={site} onChange={setSite} />
      <Field id="link-url" label="Page URL" error={fields.url}>
        <input
          id="link-url"
          type="url"
          required
          value={url}
          aria-describedby={describedBy("link-url", fields.url)}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
      </Field>
      <PostsBox
        id="link-posts"
        label="Its Mastodon and Bluesky posts (one URL a line)"
        rows={2}
        value={text}
        error={lineError}
        onInput={setText}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" class="primary">
          Link page
        </button>
      </div>
    </form>
  );
}
