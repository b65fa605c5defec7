// Who posts: an anonymous reader (the name and address they typed) or a signed-in one (the
// identity's). A provider or the site's SSO names its identities; an email code proves only the
// address, so an email identity goes by the name it last posted with (and keeps it).
import type { CreateCommentInput } from "../../../../shared/schemas.ts";
import type { SessionRow } from "../../db/identities.ts";
import type { Site } from "../../db/sites.ts";
import { ApiError } from "../../lib/api-error.ts";
import { isReservedName } from "../../lib/reserved-names.ts";

export interface Author {
  name: string;
  email: string | null;
  website: string | null;
  /** The signed-in reader, or null for an anonymous post. */
  identity: SessionRow | null;
}

export function authorOf(input: CreateCommentInput, session: SessionRow | null): Author {
  const typed = input.author?.name ?? "";
  const website = input.author?.website || null;
  if (!session) {
    const email = input.author?.email ? input.author.email.toLowerCase() : null;
    return { name: typed, email, website, identity: null };
  }
  const name = session.kind === "email" && typed !== "" ? typed : session.name;
  return { name, email: session.email, website, identity: session };
}

const RESERVED = "This name is reserved on this site for its staff.";

/**
 * The site's rules on who may post as whom: `posting: verified` wants a signed-in reader; a
 * reserved name is for staff identities only; an anonymous post may not use a staff address.
 */
export function checkAuthor(site: Site, author: Author, staffEmail: boolean): void {
  if (!author.identity && site.posting === "verified")
    throw new ApiError("sign_in_required", "Sign in to comment on this site.");
  if (author.identity?.is_staff !== 1 && isReservedName(author.name, site.reservedNames))
    throw new ApiError("name_reserved", RESERVED);
  if (!author.identity && staffEmail) throw new ApiError("name_reserved", RESERVED);
}
