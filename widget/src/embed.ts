// The entry of embed.js. `document.currentScript` is only set while this file first runs, so it is
// read here, at the top level, and handed over.
import { boot } from "./boot.ts";

boot(document.currentScript as HTMLScriptElement | null);
