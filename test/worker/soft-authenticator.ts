// A software WebAuthn authenticator for the worker tests: a real ES256 key in WebCrypto, real
// authenticator data, a CBOR attestation object of format "none" and DER signatures, so the
// server's WebAuthn library verifies its answers exactly as it verifies a browser's. Encoding is
// done by libraries (tiny-cbor for CBOR, @peculiar's ASN.1 schema for the DER signature).
import { type CBORType, encodeCBOR } from "@levischuck/tiny-cbor";
import { ECDSASigValue } from "@peculiar/asn1-ecc";
import { AsnSerializer } from "@peculiar/asn1-schema";

const enc = new TextEncoder();

export const b64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const fromB64url = (s: string): Uint8Array =>
  Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const sha256 = async (data: Uint8Array) => new Uint8Array(await crypto.subtle.digest("SHA-256", data));
const uint32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

// Flags of authenticator data: user present, user verified, attested credential data included.
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/** A DER INTEGER's content is big-endian and signed: no leading zeros, and a zero before a high bit. */
function asnUnsigned(raw: Uint8Array): ArrayBuffer {
  let i = 0;
  while (i < raw.length - 1 && raw[i] === 0) i++;
  const trimmed = raw.slice(i);
  return ((trimmed[0] ?? 0) & 0x80 ? concat(new Uint8Array([0]), trimmed) : trimmed).slice().buffer;
}

export interface SoftCredential {
  id: string;
  rawId: Uint8Array;
  keys: CryptoKeyPair;
  userHandle: string;
  counter: number;
}

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}
interface RequestOptions {
  challenge: string;
  rpId?: string;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  /** The counter this authenticator reports on each use (a cloned authenticator reports an old one). */
  counterStep = 1;

  /** navigator.credentials.create(), as a browser on `origin` answers it (RegistrationResponseJSON). */
  async create(options: CreationOptions, origin: string) {
    const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const jwk = (await crypto.subtle.exportKey("jwk", keys.publicKey)) as JsonWebKey;
    const cose = encodeCBOR(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, fromB64url(jwk.x ?? "")],
        [-3, fromB64url(jwk.y ?? "")],
      ]),
    );
    const rawId = crypto.getRandomValues(new Uint8Array(16));
    const rpId = options.rp.id ?? new URL(origin).hostname;
    const authData = concat(
      await sha256(enc.encode(rpId)),
      new Uint8Array([UP | UV | AT]),
      uint32(0),
      new Uint8Array(16), // AAGUID: none
      new Uint8Array([0, rawId.length]),
      rawId,
      cose,
    );
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    const clientData = { type: "webauthn.create", challenge: options.challenge, origin, crossOrigin: false };
    const credential = { id: b64url(rawId), rawId, keys, userHandle: options.user.id, counter: 0 };
    this.credentials.push(credential);
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(enc.encode(JSON.stringify(clientData))),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  /** navigator.credentials.get() with a discoverable credential (AuthenticationResponseJSON). */
  async get(options: RequestOptions, origin: string, credential = this.credentials[0]) {
    if (!credential) throw new Error("no credential");
    credential.counter += this.counterStep;
    const rpId = options.rpId ?? new URL(origin).hostname;
    const authData = concat(
      await sha256(enc.encode(rpId)),
      new Uint8Array([UP | UV]),
      uint32(credential.counter),
    );
    const clientDataJSON = enc.encode(
      JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin, crossOrigin: false }),
    );
    const raw = new Uint8Array(
      await crypto.subtle.sign(
        { name: "ECDSA", hash: "SHA-256" },
        credential.keys.privateKey,
        concat(authData, await sha256(clientDataJSON)),
      ),
    );
    const der = AsnSerializer.serialize(
      new ECDSASigValue({ r: asnUnsigned(raw.slice(0, 32)), s: asnUnsigned(raw.slice(32)) }),
    );
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(new Uint8Array(der)),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }
}
