// Request validation: one path from a bad body or query to the api.md error answer.
import { vValidator } from "@hono/valibot-validator";
import type { MiddlewareHandler } from "hono";
import type * as v from "valibot";
import { LIMITS } from "../../../shared/limits.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, validationError } from "./api-error.ts";
import { bytesUpTo } from "./read-limited.ts";

const CODES = new Set(["required", "too_long", "invalid"]);

/**
 * Valibot issues → the `fields` map: dotted path → "required" | "too_long" | "invalid". A field
 * left out is `required`; one of the wrong type (`null` where the field takes no null, an array,
 * a number, an object where a string belongs) is `invalid`, whatever message its schema gives.
 */
export function issuesToFields(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path?.map((p) => String(p.key)).join(".") || "body";
    if (path in fields) continue;
    const wrongType = issue.input === null || issue.kind === "schema";
    const code = issue.input === undefined ? "required" : wrongType ? "invalid" : issue.message;
    fields[path] = CODES.has(code) ? code : "invalid";
  }
  return fields;
}

/** `vValidator` whose failures become validation_failed through `app.onError`. */
export function validate<T extends v.GenericSchema, Target extends "json" | "query">(
  target: Target,
  schema: T,
) {
  return vValidator(target, schema, (result) => {
    if (!result.success) throw validationError(issuesToFields(result.issues));
  });
}

function isJsonContentType(header: string | undefined): boolean {
  const type = header?.split(";", 1)[0]?.trim().toLowerCase();
  return type === "application/json";
}

/**
 * Guards every JSON write before the validator sees it: 415 without `application/json` (which
 * also keeps cross-site form posts out), 413 over 64 KiB (checked while reading, so a lying or
 * missing Content-Length cannot get a huge body parsed), 400 invalid_json when it does not parse.
 */
export function jsonBody(maxBytes: number = LIMITS.bodyMaxBytes): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isJsonContentType(c.req.header("Content-Type"))) {
      throw new ApiError("unsupported_media_type", "Send the body as application/json.");
    }
    const declared = Number(c.req.header("Content-Length") ?? "0");
    if (declared > maxBytes) throw new ApiError("payload_too_large", "The request body is too large.");
    const text = await readLimited(c.req.raw, maxBytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError("invalid_json", "The request body is not valid JSON.");
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw validationError({ body: "invalid" });
    }
    // The validator reads the body through Hono's cache; seed it with what was parsed.
    c.req.bodyCache.json = Promise.resolve(body);
    await next();
  };
}

/** The body as text, refused with 413 as soon as it passes `maxBytes`. */
export async function readLimited(req: Request, maxBytes: number): Promise<string> {
  const bytes = await bytesUpTo(req.body, maxBytes);
  if (!bytes) throw new ApiError("payload_too_large", "The request body is too large.");
  return new TextDecoder().decode(bytes);
}
