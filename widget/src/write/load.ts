import { useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Fragment, jsx, jsxs } from "preact/jsx-runtime";
import { loadScript } from "../i18n/load.ts";
import { moreEnglish } from "../i18n/t.ts";
import { addStyles } from "../sheet.ts";
import * as deps from "./deps.ts";
import type { Write } from "./index.ts";

/** Loads write.js, lending it this bundle's Preact (one copy, one renderer) and shared contexts. */
export async function loadWrite(assets: string): Promise<Write> {
  const write = await loadScript<Write>(`${assets}write.js`, {
    jsx: { Fragment, jsx, jsxs },
    hooks: { useContext, useEffect, useMemo, useRef, useState },
    deps,
  });
  addStyles(write.css);
  Object.assign(moreEnglish, write.strings);
  return write;
}
