// Passkeys (WebAuthn, docs/identity.md): a signed-in reader adds one to their identity; later a
// passkey alone signs in to that identity, on any device that has it. The relying party is the
// page the widget runs on: its Origin's hostname is the RP id, and that Origin the expected one.
// Every check of the protocol is @simplewebauthn/server's; this file only keeps the state.

import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { isoBase64URL, isoUint8Array } from "@simplewebauthn/server/helpers";
import type { PasskeyAdded, PasskeyCeremony } from "../../../../shared/auth-types.ts";
import type { SignInResponse } from "../../../../shared/types.ts";
import { batch } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { getIdentity, type IdentityRow } from "../../db/identities.ts";
import { insertPasskey, passkeyOnSite, passkeysOf, usePasskey } from "../../db/passkeys.ts";
import type { Keys } from "../../lib/keys.ts";
import { nowIso } from "../../lib/time.ts";
import { invalidCeremony, startCeremony, takeCeremony } from "./ceremonies.ts";
import { openSession } from "./sessions.ts";

/** Where a ceremony runs: one of the site's origins (already admitted) and its hostname. */
export interface RelyingParty {
  siteId: string;
  siteName: string;
  origin: string;
  /** The caller's network hash (lib/network.ts), for the limit on starting ceremonies. */
  network: string | null;
}

interface CeremonyData {
  challenge: string;
  origin: string;
}

const rpId = (rp: RelyingParty) => new URL(rp.origin).hostname;
const BAD_RESPONSE = "The passkey's answer could not be verified. Try again.";

/** The library's verdict, or null for anything it refuses (it throws on malformed input). */
async function verdict<T>(check: () => Promise<T>): Promise<T | null> {
  try {
    return await check();
  } catch {
    return null;
  }
}

export async function registrationOptions(
  db: Db,
  rp: RelyingParty,
  identity: IdentityRow,
): Promise<PasskeyCeremony<PublicKeyCredentialCreationOptionsJSON>> {
  const { existing } = await batch(db, { existing: passkeysOf(db, identity.id) });
  const options = await generateRegistrationOptions({
    rpName: rp.siteName,
    rpID: rpId(rp),
    userName: identity.email || identity.name || identity.id,
    userDisplayName: identity.name,
    userID: isoUint8Array.fromUTF8String(identity.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: JSON.parse(p.transports) as string[] })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  const data: CeremonyData = { challenge: options.challenge, origin: rp.origin };
  const ceremony = await startCeremony(db, {
    siteId: rp.siteId,
    kind: "passkey-register",
    identityId: identity.id,
    data,
    network: rp.network,
  });
  return { ceremony, options };
}

export async function registerPasskey(
  db: Db,
  rp: RelyingParty,
  identity: IdentityRow,
  ceremony: string,
  response: RegistrationResponseJSON,
): Promise<PasskeyAdded> {
  const state = await takeCeremony<CeremonyData>(db, ceremony, "passkey-register");
  if (state.identity_id !== identity.id || state.site_id !== rp.siteId || state.data.origin !== rp.origin)
    throw invalidCeremony();
  const result = await verdict(() =>
    verifyRegistrationResponse({
      response,
      expectedChallenge: state.data.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rpId(rp),
      requireUserVerification: false,
    }),
  );
  if (!result?.verified) throw invalidCeremony(BAD_RESPONSE);
  const { credential } = result.registrationInfo;
  const now = nowIso();
  const { added } = await batch(db, {
    added: insertPasskey(db, {
      id: credential.id,
      identityId: identity.id,
      siteId: rp.siteId,
      publicKey: isoBase64URL.fromBuffer(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? [],
      now,
    }),
  });
  if (!added) throw invalidCeremony("This passkey is already registered.");
  return { passkey: { id: credential.id, createdAt: now } };
}

export async function loginOptions(
  db: Db,
  rp: RelyingParty,
): Promise<PasskeyCeremony<PublicKeyCredentialRequestOptionsJSON>> {
  // Discoverable credentials: the authenticator offers the site's passkeys, nobody is named first.
  const options = await generateAuthenticationOptions({
    rpID: rpId(rp),
    allowCredentials: [],
    userVerification: "preferred",
  });
  const data: CeremonyData = { challenge: options.challenge, origin: rp.origin };
  const ceremony = await startCeremony(db, {
    siteId: rp.siteId,
    kind: "passkey-login",
    data,
    network: rp.network,
  });
  return { ceremony, options };
}

export async function signInWithPasskey(
  db: Db,
  keys: Keys,
  rp: RelyingParty,
  ceremony: string,
  response: AuthenticationResponseJSON,
): Promise<SignInResponse> {
  const state = await takeCeremony<CeremonyData>(db, ceremony, "passkey-login");
  if (state.site_id !== rp.siteId || state.data.origin !== rp.origin) throw invalidCeremony();
  const { passkey } = await batch(db, { passkey: passkeyOnSite(db, response.id, rp.siteId) });
  if (!passkey) throw invalidCeremony("This passkey is not registered on this site.");
  const { identity } = await batch(db, { identity: getIdentity(db, passkey.identity_id) });
  const handle = response.response.userHandle;
  if (!identity || (handle && handle !== isoBase64URL.fromUTF8String(identity.id)))
    throw invalidCeremony(BAD_RESPONSE);
  const result = await verdict(() =>
    verifyAuthenticationResponse({
      response,
      expectedChallenge: state.data.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rpId(rp),
      credential: {
        id: passkey.id,
        publicKey: isoBase64URL.toBuffer(passkey.public_key),
        counter: passkey.counter,
        transports: JSON.parse(passkey.transports),
      },
      requireUserVerification: false,
    }),
  );
  if (!result?.verified) throw invalidCeremony(BAD_RESPONSE);
  const { used } = await batch(db, {
    used: usePasskey(db, {
      id: passkey.id,
      counterWas: passkey.counter,
      counter: result.authenticationInfo.newCounter,
      now: nowIso(),
    }),
  });
  if (!used) throw invalidCeremony(BAD_RESPONSE);
  return openSession(db, keys, identity, "passkey");
}
