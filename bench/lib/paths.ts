import { fileURLToPath } from "node:url";

/** The checkout's root, with a trailing slash. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
