// Where the worker runs (the ENVIRONMENT var, worker/src/env.ts). One question, asked here only,
// so every rule that is relaxed for local development ("https only outside development", "public
// names only outside development") is relaxed by the same switch and nothing else.

/** True only when the operator said so: unset, or any other value, is production. */
export function isDevelopment(env: { ENVIRONMENT?: string }): boolean {
  return env.ENVIRONMENT === "development";
}
