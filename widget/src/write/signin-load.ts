import { Fragment, h } from "preact";
import { useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type * as Deps from "../signin/deps.ts";
import type { SignIn } from "../signin/index.ts";
import { send } from "./api.ts";
import { I18n, loadScript, ThreadContext } from "./deps.ts";
import { errorText } from "./errors.ts";
import { sessionOf, setSession, useSession } from "./session.ts";

/**
 * Loads signin.js, lending it Preact and the contexts write.js was lent, and write.js's session
 * store, in one object its imports of preact, preact/hooks and ./deps.ts read (vite.config.ts).
 */
export const loadSignIn = (assets: string): Promise<SignIn> =>
  loadScript<SignIn>(`${assets}signin.js`, {
    deps: {
      ...({
        errorText,
        I18n,
        request: send, // with the JSON body and the session (./api.ts)
        ThreadContext,
        sessionOf,
        setSession,
        useSession,
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

/** Whether this page load has sign-in work to do before anyone asks: a session, a link's token, SSO. */
export const signInPending = (api: string, site: string, sso: string | null): boolean =>
  Boolean(sessionOf(api, site) || sso || /(?:^#|&)confab-signin=/.test(location.hash));
