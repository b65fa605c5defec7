import { Fragment, h } from "preact";
import { useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { fetchThread } from "../api.ts";
import { loadScript, loadTable } from "../i18n/load.ts";
import { moreEnglish, type Strings } from "../i18n/t.ts";
import { sanitize } from "../sanitize.ts";
import { addStyles } from "../sheet.ts";
import { formatTime } from "../time.ts";
import type * as Deps from "./deps.ts";
import { commentPath, I18n, request, ThreadContext } from "./deps.ts";
import type { Write } from "./index.ts";

/**
 * Loads a file of the widget loaded on demand (write.js, live.js), lending it this bundle's
 * Preact (one copy, one renderer) and shared contexts, in one object that its imports of preact,
 * preact/hooks and ./deps.ts all read (vite.config.ts); adds its styles and English strings.
 */
export async function loadChunk<T extends { css: string; strings: Partial<Strings> }>(
  assets: string,
  name: string,
): Promise<T> {
  const chunk = await loadScript<T>(`${assets}${name}.js`, {
    // A plain object, not `import * as`: a namespace object costs the bundle a helper. The type
    // keeps it in step with what deps.ts exports.
    deps: {
      ...({
        commentPath,
        fetchThread,
        formatTime,
        I18n,
        loadChunk,
        loadScript,
        loadTable,
        request,
        sanitize,
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
  addStyles(chunk.css);
  Object.assign(moreEnglish, chunk.strings);
  return chunk;
}

/** write.js: the forms. */
export const loadWrite = (assets: string): Promise<Write> => loadChunk(assets, "write");
