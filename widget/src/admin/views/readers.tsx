import { useState } from "preact/hooks";
import { IdentityRow } from "../components/identity-row.tsx";
import { ListFooter } from "../components/list-footer.tsx";
import { SiteSelect } from "../components/site-select.tsx";
import { useAdmin } from "../context.ts";
import { usePaged } from "../use-paged.ts";

/** A site's verified readers, newest first: search them, mark staff, sign them out everywhere. */
export function ReadersView() {
  const { api, sites } = useAdmin();
  const [site, setSite] = useState(sites[0]?.id ?? "");
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  const list = usePaged(`${site}\n${q}`, (cursor) => api.identities({ site, ...(q ? { q } : {}) }, cursor));

  if (!site) return <p class="empty">Create a site first.</p>;
  return (
    <>
      <form
        class="filters"
        aria-label="Find readers"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(typed.trim());
        }}
      >
        <SiteSelect id="readers-site" value={site} onChange={setSite} />
        <div class="field">
          <label for="readers-q">Name, address or id</label>
          <input
            id="readers-q"
            type="search"
            value={typed}
            maxLength={200}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
        </div>
        <button type="submit">Search</button>
      </form>
      <p class="muted">
        Readers who signed in on this site. Staff may use the site's reserved names and get the moderator
        badge.
      </p>
      {list.items.length > 0 && (
        <ul class="rows" aria-label="Readers">
          {list.items.map((identity) => (
            <IdentityRow
              key={identity.id}
              identity={identity}
              onChanged={(next) => list.setItems((all) => all.map((x) => (x.id === next.id ? next : x)))}
            />
          ))}
        </ul>
      )}
      <ListFooter
        list={list}
        empty={q ? "No reader matches." : "No reader has signed in on this site yet."}
      />
    </>
  );
}
