// The reader's id for likes (docs/api.md): 16 random bytes, made once per browser and kept in
// localStorage, one for every site and instance on this origin. With the network hash it makes
// the worker's "one like per reader": two people behind one office NAT are two readers, and a new
// User-Agent is not a new one. Without storage (private modes, sandboxed frames) the id lives as
// long as the page, like the other records of store.ts: liking still works.
import { READER_ID_PATTERN } from "../../shared/limits.ts";
import { load, save } from "./store.ts";

let made = "";

export function readerId(): string {
  const kept = load<unknown>("reader", "");
  if (typeof kept === "string" && READER_ID_PATTERN.test(kept)) return kept;
  // base64url by hand: Uint8Array.prototype.toBase64 is newer than the browsers embed.js targets.
  made ||= btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  save("reader", made);
  return made;
}
