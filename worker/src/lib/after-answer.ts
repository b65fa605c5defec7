// The effects of a request's status changes (services/moderation/effects.ts), run after its
// answer through the one background helper.
import { type LiveChange, liveChangesOf, publishLive } from "../live/publish.ts";
import { type EffectsEnv, fireEffects, type SiteContext } from "../services/moderation/effects.ts";
import type { Transition } from "../services/moderation/transitions.ts";
import { inBackground, type WorkContext } from "./background.ts";
import { keysOf } from "./keys.ts";
import { mailConfig } from "./mail.ts";

/** What effects need, from a request: its database, keys, origin and the configured services. */
export function effectsEnvOf(c: WorkContext): EffectsEnv {
  return {
    db: c.var.db,
    keys: keysOf(c.env),
    baseUrl: new URL(c.req.url).origin,
    mail: mailConfig(c.env),
    queue: c.env.WEBHOOKS,
    environment: c.env.ENVIRONMENT,
    akismet: c.env.AKISMET_API_KEY ? { url: c.env.AKISMET_URL, key: c.env.AKISMET_API_KEY } : null,
  };
}

/** The effects of a change's transitions, after the answer. `live` are what the services know of
 * the change for live readers beyond its transitions: an edit or pin that changes no status, or a
 * new comment with its public face and count (so nothing is read again); they come first. */
export function afterAnswer(
  c: WorkContext,
  transitions: Transition[],
  known: SiteContext[] = [],
  live: LiveChange[] = [],
): void {
  publishLive(c, [...live, ...liveChangesOf(transitions)]);
  if (transitions.length === 0) return;
  const env = effectsEnvOf(c);
  const log = (detail: unknown) =>
    console.error(JSON.stringify({ requestId: c.var.requestId, task: "effects", detail }));
  inBackground(c, "effects", () => fireEffects(env, transitions, log, known));
}
