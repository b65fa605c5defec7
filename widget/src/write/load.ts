import { Fragment, h } from "preact";
import { useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { loadScript } from "../i18n/load.ts";
import { moreEnglish } from "../i18n/t.ts";
import { readerId } from "../reader-id.ts";
import { addStyles } from "../sheet.ts";
import type * as Deps from "./deps.ts";
import { commentPath, errorText, I18n, request, ThreadContext } from "./deps.ts";
import type { Write } from "./index.ts";

/**
 * Loads write.js, lending it this bundle's Preact (one copy, one renderer) and shared contexts,
 * in one object that its imports of preact, preact/hooks and ./deps.ts all read (vite.config.ts).
 */
export async function loadWrite(assets: string): Promise<Write> {
  const write = await loadScript<Write>(`${assets}write.js`, {
    // A plain object, not `import * as`: a namespace object costs the bundle a helper. The type
    // keeps it in step with what deps.ts exports.
    deps: {
      ...({
        commentPath,
        errorText,
        I18n,
        loadScript,
        readerId,
        request,
        ThreadContext,
      } satisfies typeof Deps),
      Fragment,
      h,
      useContext,
      useEffect,
      useMemo,
      useRef,
      useState,
    },
  });
  addStyles(write.css);
  Object.assign(moreEnglish, write.strings);
  return write;
}
