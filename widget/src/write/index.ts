// The entry of write.js: the forms (new comment, reply, edit) with their preview and help, the
// working buttons under each comment (like, reply, edit/delete, reactions, Report), the permalink's
// search and the API's error texts. They are the larger half of the widget and not needed to
// read, so embed.js loads them on demand, while the thread itself loads; this keeps embed.js in
// its size budget.
import { Actions } from "./actions.tsx";
import { CommentForm } from "./comment-form.tsx";
import { EditForm } from "./edit-form.tsx";
import { enWrite } from "./en.ts";
import { Failure } from "./failure.tsx";
import css from "./form.css?inline";
import { Live } from "./live.tsx";
import { Permalink } from "./permalink.ts";
import { Reactions } from "./reactions.tsx";
import { Verified } from "./verified.tsx";

export const write = {
  Actions,
  CommentForm,
  EditForm,
  Failure,
  Live,
  Permalink,
  Reactions,
  Verified,
  css,
  strings: enWrite,
};
export type Write = typeof write;

const script = document.currentScript as (HTMLScriptElement & { confab?: { out?: unknown } }) | null;
if (script?.confab) script.confab.out = write;
