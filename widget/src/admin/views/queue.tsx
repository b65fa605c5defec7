import { useState } from "preact/hooks";
import { CommentList } from "../components/comment-list.tsx";
import { SiteSelect } from "../components/site-select.tsx";

/** What waits for a decision: held comments, newest first, with why they were held. */
export function QueueView() {
  const [site, setSite] = useState("");
  const query = { site, status: "pending" as const };
  return (
    <>
      <div class="filters">
        <SiteSelect id="queue-site" value={site} onChange={setSite} any="All sites" />
      </div>
      <CommentList key={site} query={query} empty="Nothing waits for moderation." />
    </>
  );
}
