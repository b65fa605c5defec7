// Compile-time checks (`npm run typecheck`, tsc -p test/widget): the dashboard's answer types,
// read from the worker's `AppType`, are exactly the JSON of what the worker's handlers build
// (shared/admin-types.ts), with no `any` or `unknown` let in on the way. A route left out of the
// chain, a handler answering an untyped row, or the runtime stand-ins turning a type into `any`
// (widget/src/admin/worker-runtime.d.ts) fails here.
import type { JSONParsed } from "hono/utils/types";
import type * as Shared from "../../../shared/admin-types.ts";
import type * as Client from "../../../widget/src/admin/api.ts";

/** True only for identical types: `any` equals nothing but `any`, and nested `any` differs too. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

export type AnswerTypes = [
  Expect<Equal<Client.AdminComment, JSONParsed<Shared.AdminComment>>>,
  Expect<Equal<Client.AdminThread, JSONParsed<Shared.AdminThread>>>,
  Expect<Equal<Client.AdminSite, JSONParsed<Shared.AdminSite>>>,
  Expect<Equal<Client.Ban, JSONParsed<Shared.Ban>>>,
  Expect<Equal<Client.AdminToken, JSONParsed<Shared.AdminToken>>>,
  Expect<Equal<Client.AuditEntry, JSONParsed<Shared.AuditEntry>>>,
  Expect<Equal<Client.OutboxMail, JSONParsed<Shared.OutboxMail>>>,
  Expect<Equal<Client.WebhookDelivery, JSONParsed<Shared.WebhookDelivery>>>,
  Expect<Equal<Client.AdminIdentity, JSONParsed<Shared.AdminIdentity>>>,
  Expect<Equal<Client.AdminSession, JSONParsed<Shared.AdminSession>>>,
  Expect<Equal<Awaited<ReturnType<Client.AdminApi["makeSsoSecret"]>>, string>>,
  Expect<Equal<Client.AdminStatus, Shared.AdminStatus>>,
  Expect<Equal<Awaited<ReturnType<Client.AdminApi["mintToken"]>>, { token: string; id: string }>>,
  Expect<
    Equal<
      Awaited<ReturnType<Client.AdminApi["merge"]>>,
      JSONParsed<{ thread: Shared.AdminThread; moved: number }>
    >
  >,
  Expect<Equal<Awaited<ReturnType<Client.AdminApi["bulk"]>>, number>>,
  Expect<Equal<Awaited<ReturnType<Client.AdminApi["erase"]>>, null>>,
];
