// The body of POST /api/v1/auth/sso (docs/api.md): the site, and the payload its server signed.
import * as v from "valibot";
import { plainObject, siteIdSchema } from "./schemas.ts";

/** Long enough for any name and address in the payload, short enough to refuse junk unread. */
export const SSO_MAX_LENGTH = 4096;

export const ssoSignInSchema = plainObject({
  site: siteIdSchema,
  sso: v.pipe(v.string("invalid"), v.minLength(1, "required"), v.maxLength(SSO_MAX_LENGTH, "too_long")),
});
