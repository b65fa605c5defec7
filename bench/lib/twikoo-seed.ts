// Seeds a self-hosted Twikoo server (bench/README.md, "Twikoo side by side") with the bench's
// load thread: 200 comments on /p/load, every fourth a reply to an earlier root, as
// lib/seed.ts posts Confab's. Twikoo's API is one POST endpoint taking `{ event, ... }`.
//   node bench/lib/twikoo-seed.ts http://localhost:8790/
import { assertLoopback } from "./load.ts";

const base = process.argv[2] ?? "http://localhost:8790/";
assertLoopback(base);
// The admin password is also the admin's access token on a fresh server (Twikoo compares the
// hash of the token with the stored hash of the password).
const PASSWORD = "bench-pass";

async function call(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(base, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

await call({ event: "SET_PASSWORD", password: PASSWORD });
// Twikoo allows 10 comments per 10 minutes per address and in all by default; 0 turns both off.
const set = await call({
  event: "SET_CONFIG",
  accessToken: PASSWORD,
  config: { LIMIT_PER_MINUTE: "0", LIMIT_PER_MINUTE_ALL: "0" },
});
if (set.code !== 0)
  throw new Error(`SET_CONFIG: ${JSON.stringify(set)} (a server seeded before keeps its password)`);

const roots: string[] = [];
for (let n = 0; n < 200; n++) {
  const parent = n % 4 === 3 && roots.length > 0 ? roots[(n * 7) % roots.length] : undefined;
  const posted = await call({
    event: "COMMENT_SUBMIT",
    url: "/p/load",
    href: "http://localhost/p/load",
    ua: "bench",
    nick: `Reader ${n}`,
    mail: `reader${n}@example.com`,
    comment: `<p>Comment number ${n}: a few sentences of ordinary text, about as long as a reader writes.</p>`,
    ...(parent ? { pid: parent, rid: parent } : {}),
  });
  if (typeof posted.id !== "string") throw new Error(`COMMENT_SUBMIT ${n}: ${JSON.stringify(posted)}`);
  if (!parent) roots.push(posted.id);
}
const page = await call({ event: "COMMENT_GET", url: "/p/load" });
console.log(
  `seeded 200 comments; COMMENT_GET answers ${JSON.stringify(page).length} bytes, ${(page.data as unknown[]).length} roots`,
);
