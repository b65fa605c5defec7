// The route table of docs/architecture.md is the app's: every documented route is registered under
// its prefix, by the very sub-app the file named there exports, and nothing else is; and each
// prefix answers a path it does not serve with its own middleware (a 401 or the reader's CORS) and
// a JSON 404, while its documented paths reach their handlers.
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import architecture from "../../docs/architecture.md?raw";
import { app } from "../../worker/src/app.ts";
import { addSite, api, BLOG, OPERATOR, RESET_SQL } from "./helpers.ts";

interface Row {
  prefix: string;
  file: string;
  middleware: string;
  /** "METHOD /relative/path", as the table writes them. */
  routes: string[];
}

/** The rows of the table under "## The route table". */
function documentedTable(): Row[] {
  const section = architecture.split("\n## The route table\n")[1]?.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [prefix = "", file = "", middleware = "", routes = ""] = line
        .split("|")
        .slice(1, 5)
        .map((cell) => cell.trim());
      return {
        prefix: prefix.replaceAll("`", ""),
        file: file.replaceAll("`", ""),
        middleware,
        routes: [...routes.matchAll(/\b(GET|HEAD|POST|PATCH|DELETE) `([^`]+)`/g)].map(
          (m) => `${m[1]} ${m[2]}`,
        ),
      };
    });
}

/** A route of a sub-app as mounted under `prefix` ("PATCH /:id" under /api/v1/x → "PATCH /api/v1/x/:id"). */
function mounted(prefix: string, route: string): string {
  const [method, path = ""] = route.split(" ");
  const full = path === "/" ? prefix : `${prefix.replace(/\/$/, "")}/${path.replace(/^\//, "")}`;
  return `${method} ${full}`;
}

/** The routes an app registers, leaving out middleware and catch-alls (method ALL). */
const routesOf = (hono: Hono<any, any, any>) => [
  ...new Set(hono.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`)),
];

const TABLE = documentedTable();
const withRoutes = TABLE.filter((row) => row.routes.length > 0);

beforeAll(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite("blog", [BLOG]);
});

describe("the route table of docs/architecture.md", () => {
  it("is read from the docs: every prefix once, each with a file that exists", async () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(20);
    expect(new Set(TABLE.map((row) => row.prefix)).size).toBe(TABLE.length);
    for (const row of TABLE) expect(["reader", "admin", "none"], row.prefix).toContain(row.middleware);
    for (const row of withRoutes) await expect(import(`../../${row.file}`)).resolves.toBeDefined();
  });

  it("lists exactly the routes the app registers", () => {
    const documented = withRoutes.flatMap((row) => row.routes.map((route) => mounted(row.prefix, route)));
    expect(routesOf(app).sort()).toEqual(documented.sort());
  });

  for (const row of withRoutes) {
    it(`mounts ${row.file} at ${row.prefix}`, async () => {
      const module: Record<string, unknown> = await import(`../../${row.file}`);
      const subApps = Object.values(module).filter((value) => value instanceof Hono);
      expect(subApps).toHaveLength(1);
      const sub = subApps[0] as Hono;
      expect(routesOf(sub).sort()).toEqual([...row.routes].sort());
      // The same handlers, not just the same paths: this file's sub-app is the one mounted there.
      for (const r of sub.routes.filter((r) => r.method !== "ALL")) {
        const at = mounted(row.prefix, `${r.method} ${r.path}`);
        const found = app.routes.some((a) => `${a.method} ${a.path}` === at && a.handler === r.handler);
        expect(found, at).toBe(true);
      }
    });
  }
});

const UNKNOWN = "no-such-path";
const unknownUnder = (prefix: string) =>
  `${prefix.replace(/\/$/, "")}/${prefix === "/api" ? "v2/" : ""}${UNKNOWN}`;

async function errorOf(res: Response) {
  const body = (await res.json()) as { error?: { code: string; message: string } };
  return { status: res.status, code: body.error?.code, message: body.error?.message };
}

describe("what each prefix answers", () => {
  for (const row of TABLE) {
    const path = unknownUnder(row.prefix);
    it(`${row.prefix}: a path it does not serve gets its ${row.middleware} middleware and a 404`, async () => {
      const origin = { Origin: BLOG };
      if (row.middleware === "admin") {
        expect(await errorOf(await api(path, { headers: origin }))).toMatchObject({
          status: 401,
          code: "unauthorized",
        });
        const res = await api(path, { headers: { ...origin, Authorization: `Bearer ${OPERATOR}` } });
        expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
        expect(await errorOf(res)).toMatchObject({ status: 404, code: "not_found" });
      } else if (row.middleware === "reader") {
        const res = await api(path, { headers: origin });
        expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
        expect(await errorOf(res)).toMatchObject({ status: 404, code: "not_found" });
        const preflight = await api(path, {
          method: "OPTIONS",
          headers: { ...origin, "Access-Control-Request-Method": "POST" },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
      } else {
        const res = await api(path, { method: "POST", headers: origin });
        expect(await errorOf(res)).toMatchObject({ status: 404, code: "not_found" });
      }
    });
  }

  // The closing 404 of a sub-app says "No such endpoint."; a handler's own refusals say otherwise.
  for (const row of withRoutes) {
    for (const route of row.routes) {
      const [method = "", path = ""] = mounted(row.prefix, route).split(" ");
      const url = path.replace(/:\w+/g, "x").replace("*", "no-such-file");
      it(`${method} ${path} reaches its handler`, async () => {
        const headers: Record<string, string> =
          row.middleware === "admin" ? { Authorization: `Bearer ${OPERATOR}` } : {};
        const res = await api(url, { method, headers });
        const text = await res.text();
        expect(`${res.status} ${text}`).not.toMatch(/^404 .*No such endpoint\./);
        expect(res.status, text).toBeLessThan(500);
      });
    }
  }
});
