// What the sign-in chunk (signin.js) shares with write.js, which loads it: embed.js's contexts and
// request() (lent on to it), write.js's error texts and its one session store, so a sign-in here redraws the forms
// there. Handed over at load time (write/signin-load.ts), not bundled twice (vite.config.ts).

export { send as request } from "../write/api.ts";
export { I18n, ThreadContext } from "../write/deps.ts";
export { errorText } from "../write/errors.ts";
export { sessionOf, setSession, useSession } from "../write/session.ts";
