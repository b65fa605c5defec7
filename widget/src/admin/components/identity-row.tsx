import { useState } from "preact/hooks";
import type { AdminIdentity } from "../api.ts";
import { useAdmin } from "../context.ts";
import { formatTime } from "../format.ts";
import { useAction } from "../use-action.ts";
import { verifiedLabel } from "../verified.ts";
import { Confirm } from "./confirm.tsx";

interface Props {
  identity: AdminIdentity;
  onChanged: (identity: AdminIdentity) => void;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** One verified reader: how they proved it, their use, the staff mark, and "sign out everywhere". */
export function IdentityRow({ identity: i, onChanged }: Props) {
  const { api } = useAdmin();
  const [asking, setAsking] = useState(false);
  // The box shows what was asked for while the request runs, and goes back if it fails.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const staff = useAction();
  const signOut = useAction();

  const setStaff = async (isStaff: boolean) => {
    setWanted(isStaff);
    await staff.run(async () => onChanged(await api.setStaff(i.id, isStaff)));
    setWanted(null);
  };
  const signOutEverywhere = async () => {
    const done = await signOut.run(() => api.signOutEverywhere(i.id));
    setAsking(false);
    if (done) onChanged({ ...i, sessions: 0 });
  };

  return (
    <li class="row" aria-label={`Reader ${i.name}`}>
      <div class="content">
        <p class="who">
          <strong class="name">{i.name || "(no name)"}</strong>
          <span class="verified">{verifiedLabel(i.verified)}</span>
          {i.isStaff && <span class="badge">staff</span>}
          {i.email && <span>{i.email}</span>}
          {i.subject !== i.email && (
            <span class="muted">
              id <code>{i.subject}</code>
            </span>
          )}
        </p>
        <p class="where muted">
          <span>
            since <time dateTime={i.createdAt}>{formatTime(i.createdAt)}</time>
          </span>
          <span>{plural(i.comments, "comment")}</span>
          <span>{plural(i.sessions, "signed-in device")}</span>
          <span>{plural(i.passkeys, "passkey")}</span>
        </p>
        {(staff.error || signOut.error) && (
          <p class="error" role="alert">
            {staff.error ?? signOut.error}
          </p>
        )}
        <div class="actions">
          <label class="check">
            <input
              type="checkbox"
              checked={wanted ?? i.isStaff}
              disabled={staff.busy}
              onChange={(e) => setStaff(e.currentTarget.checked)}
            />
            Staff <span class="sr-only">({i.name})</span>
          </label>
          <button
            type="button"
            class="danger"
            disabled={i.sessions === 0}
            aria-expanded={asking}
            onClick={() => setAsking(true)}
          >
            Sign out everywhere… <span class="sr-only">({i.name})</span>
          </button>
        </div>
        {asking && (
          <Confirm
            question={`Sign “${i.name}” out on every device? They can sign in again.`}
            yes="Yes, sign out"
            busy={signOut.busy}
            onYes={signOutEverywhere}
            onNo={() => setAsking(false)}
          />
        )}
      </div>
    </li>
  );
}
