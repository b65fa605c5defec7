import { useState } from "preact/hooks";
import type { AdminSession } from "../api.ts";
import { useAdmin } from "../context.ts";
import { formatTime } from "../format.ts";
import { useAction } from "../use-action.ts";
import { verifiedLabel } from "../verified.ts";
import { Confirm } from "./confirm.tsx";

interface Props {
  session: AdminSession;
  /** The sessions that ended: this one, or all of its identity's. */
  onEnded: (ended: { session: string } | { identity: string }) => void;
}

const QUESTIONS = {
  one: "Revoke this session? That device is signed out at once.",
  all: "Sign this reader out on every device?",
};

/** One signed-in device: who, how, since when; revoke it, or every session of its reader. */
export function SessionRow({ session: s, onEnded }: Props) {
  const { api } = useAdmin();
  const [asking, setAsking] = useState<"one" | "all" | null>(null);
  const action = useAction();

  const end = async () => {
    const all = asking === "all";
    const done = await action.run(() =>
      all ? api.signOutEverywhere(s.identity.id) : api.revokeSession(s.id),
    );
    setAsking(null);
    if (done) onEnded(all ? { identity: s.identity.id } : { session: s.id });
  };

  return (
    <li class="row" aria-label={`Session of ${s.identity.name}`}>
      <div class="content">
        <p class="who">
          <strong class="name">{s.identity.name || "(no name)"}</strong>
          <span class="verified">{verifiedLabel(s.identity.verified)}</span>
          <span class="muted">signed in with {verifiedLabel(s.method)}</span>
        </p>
        <p class="where muted">
          <span>
            since <time dateTime={s.createdAt}>{formatTime(s.createdAt)}</time>
          </span>
          <span>
            {s.lastUsedAt ? (
              <>
                last used <time dateTime={s.lastUsedAt}>{formatTime(s.lastUsedAt)}</time>
              </>
            ) : (
              "not used since"
            )}
          </span>
          <span>
            until <time dateTime={s.expiresAt}>{formatTime(s.expiresAt)}</time>
          </span>
        </p>
        {action.error && (
          <p class="error" role="alert">
            {action.error}
          </p>
        )}
        <div class="actions">
          <button
            type="button"
            class="danger"
            aria-expanded={asking === "one"}
            onClick={() => setAsking("one")}
          >
            Revoke…
          </button>
          <button type="button" aria-expanded={asking === "all"} onClick={() => setAsking("all")}>
            Sign out everywhere… <span class="sr-only">({s.identity.name})</span>
          </button>
        </div>
        {asking && (
          <Confirm
            question={QUESTIONS[asking]}
            yes={asking === "one" ? "Yes, revoke" : "Yes, sign out"}
            busy={action.busy}
            onYes={end}
            onNo={() => setAsking(null)}
          />
        )}
      </div>
    </li>
  );
}
