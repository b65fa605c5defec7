// The Confab export file, version 1 (docs/export-format.md). Exports are deterministic: the same
// data always gives the same bytes, so export → import → export round-trips exactly.
import type { AdminSite, Ban } from "./admin-types.ts";
import type { SocialKind } from "./social.ts";
import type { CommentStatus, SourceKind, VerifiedBy } from "./types.ts";

export const EXPORT_FORMAT = "confab-export";
export const EXPORT_VERSION = 1;

/** A site's settings; the write-only secrets are never exported. `notifyEmails` are the confirmed
 * addresses; an import asks each of them to confirm again (docs/export-format.md). */
export type ExportSite = Omit<AdminSite, "createdAt" | "updatedAt" | "notifyEmailsPending">;

export interface ExportThread {
  id: string;
  key: string;
  url: string | null;
  title: string | null;
  locked: boolean;
  createdAt: string;
  /** The Mastodon and Bluesky posts linked to it, only when there are any. Each keeps its id:
   * the replies it brought carry it in their remote id, so the new server's pulls update them. */
  social?: ExportSocialLink[];
  /** Its Webmention likes and reposts (the accepted ones), only when there are any. */
  mentions?: ExportMention[];
}

export interface ExportSocialLink {
  id: string;
  kind: SocialKind;
  url: string;
}

export interface ExportMention {
  kind: "like" | "repost";
  source: string;
  target: string;
  createdAt: string;
}

export interface ExportComment {
  id: string;
  thread: string;
  parent: string | null;
  status: CommentStatus;
  pinned: boolean;
  likes: number;
  /**
   * `verified`: how the author was verified when they posted (the public mark); null for an
   * anonymous comment, and missing in files made before it was exported (read as null). The
   * identity itself is not exported.
   */
  author: {
    name: string;
    email: string | null;
    website: string | null;
    isModerator: boolean;
    verified: VerifiedBy | null;
  };
  /** Markdown source; HTML is rendered again on import, by the importing server's renderer. */
  text: string;
  createdAt: string;
  editedAt: string | null;
  moderationReasons: string[];
  sourceId: string | null;
  /** Only on a comment from the open web (a Webmention, a Mastodon or Bluesky reply): where it
   * came from; the author's name and page are `author`. Absent for a comment written here. */
  remote?: ExportRemote;
}

export interface ExportRemote {
  kind: SourceKind;
  /** The original post. */
  url: string;
  handle: string | null;
  /** Its id at the source (a Webmention's source URL): the same post updates the comment. */
  id: string;
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  site: ExportSite;
  threads: ExportThread[];
  comments: ExportComment[];
  bans: Omit<Ban, "site">[];
}

export interface ImportResult {
  threads: number;
  comments: number;
  skipped: number;
  errors: { entry: string; reason: string }[];
}
