// The machinery of the bad-input tables (bad-input-*.test.ts): for every field of a request, the
// values of every wrong type, each of which must be refused with 400 validation_failed naming
// that field, never a 500, and with the database unchanged. A field that takes null must take it.
import { expect, it } from "vitest";
import { snapshot } from "./helpers.ts";

export type Kind = "string" | "number" | "boolean" | "strings" | "object";

export interface FieldSpec {
  /** Dotted path in the body (`author.name`). */
  path: string;
  kind: Kind;
  /** `null` is a valid value (optionalNullable in shared/schemas.ts): it must be accepted. */
  nullable?: boolean;
  /** The code a refused null gets when it is not `invalid` (a null that leaves a need unmet). */
  nullCode?: "required";
}

const NESTED = { a: { b: 1 } };

/** Every value of the wrong type for a kind, with the path the refusal must name. */
export function wrongValues(kind: Kind, path: string): [unknown, string][] {
  const at = (values: unknown[]) => values.map((v): [unknown, string] => [v, path]);
  switch (kind) {
    case "string":
      return at([["x"], 7, NESTED, true]);
    case "number":
      return at([[1], "7", NESTED, true]);
    case "boolean":
      return at([[true], 1, "true", NESTED]);
    case "object":
      return at([["a"], [], 7, "x", true]);
    case "strings":
      return [
        ...at([7, "x", NESTED, true]),
        ...[7, null, NESTED, ["x"], true].map((v): [unknown, string] => [[v], `${path}.0`]),
      ];
  }
}

/** A deep copy of `body` with `value` at `path`. */
export function withValue(body: Record<string, unknown>, path: string, value: unknown) {
  const copy = structuredClone(body);
  const keys = path.split(".");
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof at[key] !== "object" || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys.at(-1) as string] = value;
  return copy;
}

export async function expectRefused(res: Response, field: string, what: string, code = "invalid") {
  const body = (await res.json()) as { error?: { code: string; fields?: Record<string, string> } };
  expect([what, res.status, body.error?.code, body.error?.fields?.[field]]).toEqual([
    what,
    400,
    "validation_failed",
    code,
  ]);
}

export interface Endpoint {
  name: string;
  /** Sends a body (or, for a query endpoint, a record of query values). */
  send(body: Record<string, unknown>): Promise<Response>;
  /** A body that is accepted as it is (each case changes one field of it). */
  valid(): Record<string, unknown>;
  fields: FieldSpec[];
}

/** One test per field: every wrong value refused without a write; null accepted where allowed. */
export function fieldTests(endpoint: Endpoint): void {
  it(`${endpoint.name}: the valid body is accepted (so each refusal below is its field's)`, async () => {
    const res = await endpoint.send(endpoint.valid());
    expect(res.status, await res.text()).toBeLessThan(300);
  });
  for (const field of endpoint.fields) {
    it(`${endpoint.name}: ${field.path} of every wrong type`, async () => {
      for (const [value, named] of wrongValues(field.kind, field.path)) {
        const what = `${field.path} = ${JSON.stringify(value)}`;
        const before = await snapshot();
        await expectRefused(await endpoint.send(withValue(endpoint.valid(), field.path, value)), named, what);
        expect([what, await snapshot()]).toEqual([what, before]);
      }
      const before = await snapshot();
      const res = await endpoint.send(withValue(endpoint.valid(), field.path, null));
      if (field.nullable) {
        expect(res.status, `${field.path} = null: ${await res.text()}`).toBeLessThan(300);
      } else {
        await expectRefused(res, field.path, `${field.path} = null`, field.nullCode);
        expect(await snapshot()).toBe(before);
      }
    });
  }
}

export interface QueryField {
  name: string;
  /** Wrong values as a query string can carry them (it has no numbers, nulls or objects). */
  bad: string[];
  /** The parameter may be repeated (a list); otherwise a repeat is refused like any wrong value. */
  list?: boolean;
}

export interface QueryEndpoint {
  name: string;
  send(query: URLSearchParams): Promise<Response>;
  valid(): Record<string, string>;
  fields: QueryField[];
}

const query = (values: Record<string, string | string[]>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) for (const one of [v].flat()) q.append(k, one);
  return q;
};

/** One test per parameter: a repeat (an array) and each wrong value refused, nothing written. */
export function queryTests(endpoint: QueryEndpoint): void {
  it(`${endpoint.name}: the valid query is accepted`, async () => {
    const res = await endpoint.send(query(endpoint.valid()));
    expect(res.status, await res.text()).toBeLessThan(300);
  });
  for (const field of endpoint.fields) {
    it(`${endpoint.name}: ${field.name} repeated or wrong`, async () => {
      const first = endpoint.valid()[field.name] ?? field.bad[0] ?? "x";
      const cases: [string | string[], string][] = field.bad.map((b) => [b, field.name]);
      if (!field.list) cases.push([[first, first], field.name]);
      for (const [value, named] of cases) {
        const what = `${field.name} = ${JSON.stringify(value)}`;
        const before = await snapshot();
        const res = await endpoint.send(query({ ...endpoint.valid(), [field.name]: value }));
        await expectRefused(res, named, what);
        expect([what, await snapshot()]).toEqual([what, before]);
      }
      if (field.list) {
        const res = await endpoint.send(query({ ...endpoint.valid(), [field.name]: [first, first] }));
        expect(res.status, `${field.name} repeated: ${await res.text()}`).toBeLessThan(300);
      }
    });
  }
}
