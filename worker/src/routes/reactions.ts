// POST and DELETE /api/v1/reactions: a reader's reaction on a page or a comment, toggled.
import { reactionSchema } from "../../../shared/schemas.ts";
import { admitOrigin } from "../lib/cors.ts";
import { keysOf } from "../lib/keys.ts";
import { networkHash } from "../lib/network.ts";
import { readsChanged } from "../lib/reads/changed.ts";
import { jsonBody, validate } from "../lib/validation.ts";
import { publishLive, publishToThreads } from "../live/publish.ts";
import { react } from "../services/reactions.ts";
import { readerApp } from "./sub-apps.ts";

export const reactionRoutes = readerApp((app) =>
  app.on(["POST", "DELETE"], "/", jsonBody(), validate("json", reactionSchema), async (c) => {
    const keys = keysOf(c.env);
    const result = await react(c.var.db, c.req.valid("json"), {
      keys,
      network: await networkHash(keys, c.req.header("CF-Connecting-IP")),
      on: c.req.method === "POST",
      admit: (origins) => admitOrigin(c, origins),
    });
    readsChanged(c, result.changed);
    // A comment's new counts reach live readers as an update of that comment (its public face
    // carries them); the page's own, which the answer holds, as the page's change.
    const { commentId } = c.req.valid("json");
    const { siteId, pageKey } = result.changed;
    if (commentId) publishLive(c, [{ id: commentId, shownBefore: true }]);
    else if (pageKey)
      publishToThreads(c, [[siteId, pageKey]], {
        type: "thread",
        thread: { reactions: result.answer.reactions },
      });
    return c.json(result.answer, 200);
  }),
);
