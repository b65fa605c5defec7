import type { Bindings } from "../env.ts";
import { ApiError } from "./api-error.ts";

/**
 * The key for network and avatar hashes. Without one, hashes of truncated addresses could be
 * reversed by trying all 2^24 networks, so the worker refuses to write rather than weaken them.
 */
export function hashSecret(env: Bindings): string {
  const secret = env.HASH_SECRET || env.ADMIN_TOKEN;
  if (!secret) throw new ApiError("internal", "The server is missing its HASH_SECRET.");
  return secret;
}
