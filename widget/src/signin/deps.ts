// What the sign-in chunk (signin.js) shares with write.js, which loads it: embed.js's contexts and
// request() (lent on to it), and write.js's one session store, so a sign-in here redraws the forms
// there. Handed over at load time (write/signin-load.ts), not bundled twice (vite.config.ts).
export { errorText, I18n, request, ThreadContext } from "../write/deps.ts";
export { sessionOf, setSession, useSession } from "../write/session.ts";
