// The entry of live.js: the thread's live updates (docs/widget.md, "Live updates"). Not needed to
// read or to write, so write.js loads it once the forms are there (../write/live.tsx); it borrows
// embed.js's Preact and contexts as write.js does (vite.config.ts).
import { enLive } from "./en.ts";
import css from "./live.css?inline";
import { LiveBar } from "./live-bar.tsx";

export const live = { LiveBar, css, strings: enLive };
export type Live = typeof live;

const script = document.currentScript as (HTMLScriptElement & { confab?: { out?: unknown } }) | null;
if (script?.confab) script.confab.out = live;
