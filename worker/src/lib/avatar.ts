// The public avatar seed (api.md "Comment object"). Keyed per site, so one person's avatars on two
// sites cannot be matched; from the email when given (the same person gets the same face on that
// site), else the name, else random for each comment. Never from the network: readers behind one
// office or mobile network must not be recognisable as such.
import type { Keys } from "./keys.ts";

export async function avatarSeed(
  keys: Keys,
  siteId: string,
  author: { email: string | null; name: string },
): Promise<string> {
  const name = author.name.normalize("NFKC").trim().toLowerCase();
  const basis = author.email ? `email\n${author.email}` : name ? `name\n${name}` : null;
  if (!basis)
    return [...crypto.getRandomValues(new Uint8Array(8))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
  return (await keys.hmac("avatar", `${siteId}\n${basis}`)).slice(0, 16);
}
