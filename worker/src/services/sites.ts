import type { PublicSite } from "../../../shared/types.ts";
import type { Site } from "../db/sites.ts";

/** What a reader's widget may know about a site: settings that shape the form, never secrets. */
export function toPublicSite(site: Site, notifyReplies: boolean): PublicSite {
  return {
    id: site.id,
    name: site.name,
    moderation: site.moderation,
    requireName: site.requireName,
    requireEmail: site.requireEmail,
    editWindowSeconds: site.editWindowSeconds,
    maxLength: site.maxLength,
    turnstileSiteKey: site.turnstileSiteKey,
    notifyReplies,
  };
}
