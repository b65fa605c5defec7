// Request schemas of the passkey and OAuth sign-in endpoints (docs/api.md). A WebAuthn response
// is checked here only for its outline; every field of it is then checked by the WebAuthn
// library, which needs it whole (so unknown keys are kept, not dropped).
import * as v from "valibot";
import { plainObject, siteIdSchema } from "./schemas.ts";

const ceremonySchema = v.pipe(v.string("invalid"), v.minLength(1, "required"), v.maxLength(200, "too_long"));
const b64url = v.pipe(
  v.string("invalid"),
  v.maxLength(16_384, "too_long"),
  v.regex(/^[A-Za-z0-9_-]*$/, "invalid"),
);

const isObject = (x: unknown) => x !== null && typeof x === "object" && !Array.isArray(x);
/** An object keeping every key (valibot's looseObject also takes arrays: refused first). */
const looseRecord = <const E extends v.ObjectEntries>(entries: E) => {
  const shape = v.looseObject(entries, "invalid");
  return v.pipe(v.custom<v.InferInput<typeof shape>>(isObject, "invalid"), shape);
};
const credentialSchema = looseRecord({
  id: b64url,
  rawId: b64url,
  type: v.string("invalid"),
  response: looseRecord({}),
});

export const passkeyOptionsSchema = plainObject({ site: siteIdSchema });
export const passkeyVerifySchema = plainObject({
  site: siteIdSchema,
  ceremony: ceremonySchema,
  response: credentialSchema,
});

export const oauthStartQuerySchema = plainObject({
  site: siteIdSchema,
  origin: v.pipe(v.string("invalid"), v.minLength(1, "required"), v.maxLength(2_048, "too_long")),
});
