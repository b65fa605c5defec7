// The entry of write.js: the forms (new comment, reply, edit) with their preview and help, and
// the edit/delete buttons. They
// are the larger half of the widget and not needed to read, so embed.js loads them on demand,
// while the thread itself loads; this keeps embed.js in its size budget.
import { CommentForm } from "./comment-form.tsx";
import { EditForm } from "./edit-form.tsx";
import { enWrite } from "./en.ts";
import css from "./form.css?inline";
import { Live } from "./live.tsx";
import { OwnActions } from "./own-actions.tsx";
import { Reactions } from "./reactions.tsx";
import { Extras } from "./report.tsx";
import { Verified } from "./verified.tsx";

export const write = {
  CommentForm,
  Extras,
  EditForm,
  Live,
  OwnActions,
  Reactions,
  Verified,
  css,
  strings: enWrite,
};
export type Write = typeof write;

const script = document.currentScript as (HTMLScriptElement & { confab?: { out?: unknown } }) | null;
if (script?.confab) script.confab.out = write;
