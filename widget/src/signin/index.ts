// The entry of signin.js: the sign-in panel, the signed-in reader's bar, and what a page load does
// about sign-in. write.js loads it only when a reader opens sign-in, or when there is a session,
// an email link's token or an SSO payload to take (write/signin-load.ts); it carries the passkey
// library, so a page that never signs anyone in never loads it.
import { Account } from "./account.tsx";
import { enSignIn } from "./en.ts";
import { SignInPanel } from "./panel.tsx";
import { start } from "./start.ts";

export const signin = { Account, SignInPanel, start, strings: enSignIn };
export type SignIn = typeof signin;

const script = document.currentScript as (HTMLScriptElement & { confab?: { out?: unknown } }) | null;
if (script?.confab) script.confab.out = signin;
