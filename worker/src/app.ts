// The route table: which file serves each path (docs/architecture.md, "The route table"). Each
// sub-app brings its own middleware (routes/sub-apps.ts) and answers its unknown paths itself.
// One chained expression, so `AppType` carries every route's input and answer types for the
// dashboard's client (widget/src/admin/api.ts).
import { type Context, Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { ApiError } from "./lib/api-error.ts";
import { d1Session } from "./lib/d1-session.ts";
import { commonHeaders } from "./lib/headers.ts";
import { adminAuditRoutes } from "./routes/admin/audit.ts";
import { adminBanRoutes } from "./routes/admin/bans.ts";
import { adminCommentRoutes } from "./routes/admin/comments.ts";
import { adminExportRoutes } from "./routes/admin/export.ts";
import { adminIdentityRoutes } from "./routes/admin/identities.ts";
import { adminImportRoutes } from "./routes/admin/import.ts";
import { adminOutboxRoutes } from "./routes/admin/outbox.ts";
import { adminReportRoutes } from "./routes/admin/reports.ts";
import { adminSessionRoutes } from "./routes/admin/sessions.ts";
import { adminSiteRoutes } from "./routes/admin/sites.ts";
import { adminThreadRoutes } from "./routes/admin/threads.ts";
import { adminTokenRoutes } from "./routes/admin/tokens.ts";
import { adminWebhookRoutes } from "./routes/admin/webhooks.ts";
import { assetRoutes } from "./routes/assets.ts";
import { authRoutes } from "./routes/auth.ts";
import { commentRoutes } from "./routes/comments.ts";
import { countRoutes } from "./routes/counts.ts";
import { feedRoutes } from "./routes/feed.ts";
import { latestRoutes } from "./routes/latest.ts";
import { liveRoutes } from "./routes/live.ts";
import { moderateRoutes } from "./routes/moderate.ts";
import { notifyEmailRoutes } from "./routes/notify-emails.ts";
import { previewRoutes } from "./routes/preview.ts";
import { reactionRoutes } from "./routes/reactions.ts";
import { otherAdminPaths, otherApiPaths, otherReaderPaths } from "./routes/sub-apps.ts";
import { subscriptionRoutes } from "./routes/subscriptions.ts";
import { threadRoutes } from "./routes/threads.ts";
import { threadHtmlRoutes } from "./routes/threads-html.ts";
import { webmentionRoutes } from "./routes/webmention.ts";

/** The one error path: an ApiError becomes its documented answer, anything else a generic 500. */
function errorAnswer(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) {
    if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    if (err.code !== "internal" || err.expose) return c.json(err.toBody(), err.status as 400);
  }
  // Anything unexpected: logged with the request id, answered without details.
  console.error(JSON.stringify({ requestId: c.get("requestId"), error: String(err), stack: err.stack }));
  const internal = new ApiError("internal", "Something went wrong on our side. Please try again.");
  return c.json(internal.toBody(), 500);
}

export const app = new Hono<AppEnv>()
  .use(commonHeaders(), d1Session())
  // The reader API: CORS for the site's origins, the bookmark check.
  .route("/api/v1/threads", threadRoutes)
  .route("/api/v1/threads.html", threadHtmlRoutes)
  .route("/api/v1/comments", commentRoutes)
  .route("/api/v1/counts", countRoutes)
  .route("/api/v1/feed", feedRoutes)
  .route("/api/v1/latest", latestRoutes)
  .route("/api/v1/preview", previewRoutes)
  .route("/api/v1/reactions", reactionRoutes)
  .route("/api/v1/live", liveRoutes)
  .route("/api/v1/webmention", webmentionRoutes)
  .route("/api/v1/auth", authRoutes)
  // The admin API: the bearer token, no CORS.
  .route("/api/v1/admin/comments", adminCommentRoutes)
  .route("/api/v1/admin/threads", adminThreadRoutes)
  .route("/api/v1/admin/sites", adminSiteRoutes)
  .route("/api/v1/admin/bans", adminBanRoutes)
  .route("/api/v1/admin/reports", adminReportRoutes)
  .route("/api/v1/admin/tokens", adminTokenRoutes)
  .route("/api/v1/admin/audit", adminAuditRoutes)
  .route("/api/v1/admin/outbox", adminOutboxRoutes)
  .route("/api/v1/admin/webhooks", adminWebhookRoutes)
  .route("/api/v1/admin/export", adminExportRoutes)
  .route("/api/v1/admin/import", adminImportRoutes)
  .route("/api/v1/admin/identities", adminIdentityRoutes)
  .route("/api/v1/admin/sessions", adminSessionRoutes)
  // Any other admin path: 401 without a token (so the admin API's shape is not probed), else 404.
  .route("/api/v1/admin", otherAdminPaths())
  // The pages of mail links: same-origin HTML forms, no CORS, no token (the signature is the key).
  .route("/api/v1/moderate", moderateRoutes)
  .route("/api/v1/subscriptions", subscriptionRoutes)
  .route("/api/v1/notify-emails", notifyEmailRoutes)
  // Any other /api/v1 path is answered as the reader API answers: the widget can read the 404.
  .route("/api/v1", otherReaderPaths())
  .route("/api", otherApiPaths())
  .route("/", assetRoutes)
  .notFound(() => {
    throw new ApiError("not_found", "Not found.");
  })
  .onError(errorAnswer);

export type AppType = typeof app;
