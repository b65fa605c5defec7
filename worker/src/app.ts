// Composes the worker: common headers, the reader API with its CORS, static assets, one error path.
import { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { ApiError } from "./lib/api-error.ts";
import { readerCors } from "./lib/cors.ts";
import { bookmarkParam, d1Session } from "./lib/d1-session.ts";
import { commonHeaders } from "./lib/headers.ts";
import { writesNeedKeys } from "./lib/keys.ts";
import { adminRoutes } from "./routes/admin.ts";
import { assetRoutes } from "./routes/assets.ts";
import { commentRoutes } from "./routes/comments.ts";
import { moderateRoutes } from "./routes/moderate.ts";
import { notifyEmailRoutes } from "./routes/notify-emails.ts";
import { pageRoutes } from "./routes/pages.ts";
import { subscriptionRoutes } from "./routes/subscriptions.ts";
import { threadRoutes } from "./routes/threads.ts";

const reader = new Hono<AppEnv>();
reader.use("*", readerCors());
reader.use("*", bookmarkParam());
// After CORS, so the widget can read why a write was refused.
reader.use("*", writesNeedKeys());
reader.route("/", threadRoutes);
reader.route("/", commentRoutes);
reader.route("/", pageRoutes);

export const app = new Hono<AppEnv>();
app.use("*", commonHeaders());
app.use("*", d1Session());
// Admin first: its routes end the chain, so the reader CORS middleware never touches them. The
// key check goes before the token check, which records a moderator token's use.
app.use("/api/v1/admin/*", writesNeedKeys());
app.route("/api/v1/admin", adminRoutes);
app.route("/api/v1/moderate", moderateRoutes);
app.route("/api/v1/subscriptions", subscriptionRoutes);
app.route("/api/v1/notify-emails", notifyEmailRoutes);
app.route("/api/v1", reader);
app.all("/api/*", () => {
  throw new ApiError("not_found", "No such endpoint.");
});
app.route("/", assetRoutes);

app.notFound(() => {
  throw new ApiError("not_found", "Not found.");
});

app.onError((err, c) => {
  if (err instanceof ApiError) {
    if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    if (err.code !== "internal" || err.expose) return c.json(err.toBody(), err.status as 400);
  }
  // Anything unexpected: logged with the request id, answered without details.
  console.error(
    JSON.stringify({ requestId: c.get("requestId"), error: String(err), stack: (err as Error).stack }),
  );
  const internal = new ApiError("internal", "Something went wrong on our side. Please try again.");
  return c.json(internal.toBody(), 500);
});

export type AppType = typeof app;
