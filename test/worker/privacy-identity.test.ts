// What identifies a reader in public, and the keys behind every hash (security.md, "What is
// stored"): avatar seeds are per site and never from the network; every key is derived from
// HASH_SECRET with HKDF, one per purpose, and a deployment without a good secret refuses writes.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { hmacHex, sha256Hex } from "../../worker/src/lib/crypto.ts";
import { fetchApp } from "./app-fetch.ts";
import { ARTICLE, addSite, BLOG, getThread, post, RESET_SQL } from "./helpers.ts";

const OTHER = "https://other.example";
const SECRET = env.HASH_SECRET;
const encoder = new TextEncoder();

/** HMAC-SHA-256 under the HKDF key of `purpose`, computed here from the spec (security.md). */
async function hkdfHmac(secret: string, purpose: string, message: string): Promise<string> {
  const master = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode("confab/v1"), info: encoder.encode(purpose) },
    master,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(message));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const base64url = (hex: string) =>
  btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

let seq = 0;
/** Posts on `site` from `ip` and returns the public avatar seed and the comment id. */
async function seedOf(site: string, author: Record<string, string> | undefined, ip = "203.0.113.7") {
  const origin = site === "blog" ? BLOG : OTHER;
  const url = site === "blog" ? ARTICLE : `${OTHER}/post`;
  const { res, json } = await post(
    { site, url, text: `comment number ${++seq}`, ...(author ? { author } : {}) },
    { Origin: origin, "CF-Connecting-IP": ip },
  );
  expect(res.status, JSON.stringify(json)).toBe(201);
  const avatar = (json.comment.author as { avatar?: string } | null)?.avatar ?? "";
  expect(avatar).toMatch(/^[0-9a-f]{16}$/);
  return { avatar, id: json.comment.id, editToken: json.editToken };
}

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite("blog");
  await addSite("other", [OTHER]);
});

describe("avatar seeds", () => {
  it("follow an email on one site, and differ for the same email on another site", async () => {
    const ann = { name: "Ann", email: "ann@example.com" };
    const first = await seedOf("blog", ann);
    const again = await seedOf("blog", { name: "Someone else", email: "ann@example.com" }, "198.51.100.1");
    const elsewhere = await seedOf("other", ann);
    expect(again.avatar).toBe(first.avatar);
    expect(elsewhere.avatar).not.toBe(first.avatar);
    // The public answer carries neither the email nor a plain hash of it.
    const page = JSON.stringify((await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`)).json);
    expect(page).not.toContain("ann@example.com");
    expect(page).not.toContain((await sha256Hex("ann@example.com")).slice(0, 16));
  });

  it("follow a name without email on one site, and differ on another site", async () => {
    const first = await seedOf("blog", { name: "Max" });
    const again = await seedOf("blog", { name: " max " }, "198.51.100.1");
    const other = await seedOf("blog", { name: "Moritz" });
    const elsewhere = await seedOf("other", { name: "Max" });
    expect(again.avatar).toBe(first.avatar);
    expect(other.avatar).not.toBe(first.avatar);
    expect(elsewhere.avatar).not.toBe(first.avatar);
  });

  it("are random for each anonymous comment, even from one /24 network", async () => {
    // Two readers of one office network (same /24), and one reader posting twice.
    const seeds = [
      await seedOf("blog", undefined, "192.0.2.10"),
      await seedOf("blog", undefined, "192.0.2.77"),
      await seedOf("blog", { name: "" }, "192.0.2.10"),
      await seedOf("blog", { name: "  " }, "192.0.2.10"),
    ].map((s) => s.avatar);
    expect(new Set(seeds).size).toBe(seeds.length);
    // Nor is any of them a keyed hash of that network, old (one key for all) or new.
    const oldNet = (await hmacHex(SECRET, "net:192.0.2.0/24")).slice(0, 32);
    const newNet = (await hkdfHmac(SECRET, "network", "192.0.2.0/24")).slice(0, 32);
    const fromNetwork = [
      (await hmacHex(SECRET, `avatar:${oldNet}`)).slice(0, 16),
      (await hkdfHmac(SECRET, "avatar", `blog\n${newNet}`)).slice(0, 16),
      (await hkdfHmac(SECRET, "avatar", `blog\nnetwork\n${newNet}`)).slice(0, 16),
    ];
    for (const seed of seeds) expect(fromNetwork).not.toContain(seed);
  });

  it("are keyed per site with the avatar key, not with the secret itself", async () => {
    const { avatar } = await seedOf("blog", { name: "Ann", email: "ann@example.com" });
    expect(avatar).not.toBe((await hmacHex(SECRET, "avatar:ann@example.com")).slice(0, 16));
    expect(avatar).toBe((await hkdfHmac(SECRET, "avatar", "blog\nemail\nann@example.com")).slice(0, 16));
  });
});

describe("one key per purpose, derived from HASH_SECRET", () => {
  it("derives edit tokens and network hashes with HKDF, never with the secret directly", async () => {
    const { id, editToken } = await seedOf("blog", { name: "Ann" }, "192.0.2.10");
    const stored = await env.DB.prepare("SELECT network_hash, edit_token_hash FROM comments WHERE id = ?1")
      .bind(id)
      .first<{ network_hash: string; edit_token_hash: string }>();
    // The old derivations: the secret itself as the HMAC key.
    expect(editToken).not.toBe(base64url(await hmacHex(SECRET, `edit:${id}`)));
    expect(editToken).not.toBe(base64url(await hmacHex(SECRET, id)));
    expect(stored?.network_hash).not.toBe((await hmacHex(SECRET, "net:192.0.2.0/24")).slice(0, 32));
    expect(stored?.network_hash).not.toBe((await hmacHex(SECRET, "192.0.2.0/24")).slice(0, 32));
    // What they are: HMACs under keys derived for their purpose alone.
    expect(editToken).toBe(base64url(await hkdfHmac(SECRET, "edit-token", id)));
    expect(stored?.edit_token_hash).toBe(await sha256Hex(editToken));
    expect(stored?.network_hash).toBe((await hkdfHmac(SECRET, "network", "192.0.2.0/24")).slice(0, 32));
    // One purpose's key is not another's.
    expect(await hkdfHmac(SECRET, "network", id)).not.toBe(await hkdfHmac(SECRET, "edit-token", id));
  });

  it("works with any random secret of 32 bytes", async () => {
    const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))));
    expect(encoder.encode(secret).length).toBe(32);
    const vars = { HASH_SECRET: secret };
    const res = await fetchApp(
      "/api/v1/comments",
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: BLOG, "CF-Connecting-IP": "192.0.2.10" },
        body: JSON.stringify({ site: "blog", url: ARTICLE, text: "with a fresh secret" }),
      },
      { vars },
    );
    expect(res.status).toBe(201);
    const { comment, editToken } = (await res.json()) as { comment: { id: string }; editToken: string };
    expect(editToken).toBe(base64url(await hkdfHmac(secret, "edit-token", comment.id)));
    const edit = await fetchApp(
      `/api/v1/comments/${comment.id}`,
      {
        method: "PATCH",
        headers: { "Content-Type": "application/json", Origin: BLOG, Authorization: `Bearer ${editToken}` },
        body: JSON.stringify({ text: "edited with the same secret" }),
      },
      { vars },
    );
    expect(edit.status).toBe(200);
  });
});
