import type { PublicSite, SignInMethod } from "../../../shared/types.ts";
import type { Site } from "../db/sites.ts";
import type { Bindings } from "../env.ts";
import { deploymentMethods, signInOptions } from "./auth/methods.ts";

/** What the deployment can do that the widget adapts to: reply mails, the sign-in methods. */
export interface Offers {
  notifyReplies: boolean;
  methods: Map<SignInMethod, string>;
}

/** What a reader's widget may know about a site: settings that shape the form, never secrets. */
export function toPublicSite(site: Site, offers: Offers): PublicSite {
  return {
    id: site.id,
    name: site.name,
    moderation: site.moderation,
    requireName: site.requireName,
    requireEmail: site.requireEmail,
    editWindowSeconds: site.editWindowSeconds,
    maxLength: site.maxLength,
    turnstileSiteKey: site.turnstileSiteKey,
    notifyReplies: offers.notifyReplies,
    posting: site.posting,
    signIn: signInOptions(site.signIn, offers.methods),
    reactions: site.reactions,
  };
}

export function offersOf(env: Bindings): Offers {
  return { notifyReplies: env.MAIL_PROVIDER !== undefined, methods: deploymentMethods(env) };
}
