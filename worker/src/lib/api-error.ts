import type { ErrorBody, ErrorCode } from "../../../shared/types.ts";

const STATUS: Record<ErrorCode, number> = {
  invalid_json: 400,
  validation_failed: 400,
  parent_not_found: 400,
  unauthorized: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  thread_locked: 403,
  edit_window_closed: 403,
  not_found: 404,
  unknown_site: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  duplicate: 409,
  idempotency_mismatch: 409,
  link_used: 410,
  invalid_import: 400,
  upgrade_required: 426,
  invalid_code: 400,
  sign_in_required: 401,
  name_reserved: 403,
  internal: 500,
};

/** The one error type of the worker; `app.onError` turns it into the api.md error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string> | undefined;
  /** An `internal` error whose message is ours and safe to show (a configuration error). */
  readonly expose: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: Record<string, string>; headers?: Record<string, string>; expose?: boolean } = {},
  ) {
    super(message);
    this.code = code;
    this.status = STATUS[code];
    this.fields = options.fields;
    this.headers = options.headers;
    this.expose = options.expose === true;
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) },
    };
  }
}

const LABELS: Record<string, string> = {
  site: "Site",
  url: "Page URL",
  pageId: "Page id",
  title: "Title",
  parentId: "Parent comment",
  text: "Text",
  "author.name": "Name",
  "author.email": "Email",
  "author.website": "Website",
  sort: "Sort",
  limit: "Limit",
  cursor: "Cursor",
  name: "Name",
  origins: "Origins",
  id: "Id",
  status: "Status",
  ids: "Ids",
  bookmark: "Bookmark",
};

const PHRASES: Record<string, string> = {
  required: "is required",
  too_long: "is too long",
  invalid: "is not valid",
};

/** A validation_failed error whose message names the first failing field in plain words. */
export function validationError(fields: Record<string, string>): ApiError {
  const [field, code] = Object.entries(fields)[0] ?? ["body", "invalid"];
  const label = LABELS[field] ?? field;
  const message = `${label} ${PHRASES[code] ?? "is not valid"}.`;
  return new ApiError("validation_failed", message, { fields });
}
