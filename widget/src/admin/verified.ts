// How a reader proved who they are, as the dashboard labels it (docs/identity.md).
import type { VerifiedBy } from "../../../shared/types.ts";

const LABELS: Record<VerifiedBy | "passkey", string> = {
  email: "email",
  github: "GitHub",
  google: "Google",
  oidc: "OIDC",
  sso: "SSO",
  passkey: "passkey",
};

/** The label of a verification (or of a session's sign-in method); "anonymous" for none. */
export const verifiedLabel = (by: VerifiedBy | "passkey" | null | undefined): string =>
  by ? LABELS[by] : "anonymous";
