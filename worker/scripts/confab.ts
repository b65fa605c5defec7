// `npm run confab -- <command>`: site, import, export and token management, through the admin
// API. Locally it runs the worker's own app on the local D1 (as `npm run dev` uses it); with
// `--remote URL` it calls a deployed worker with the token in CONFAB_ADMIN_TOKEN.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { pageKeyFromUrl } from "../../shared/page-key.ts";
import { type AdminClient, adminClient } from "./confab-client.ts";
import { importInParts } from "./confab-import.ts";
import { linkThread, listThreads } from "./confab-threads.ts";
import { ensureDevVars, ROOT } from "./local.ts";

const HELP = `Usage: npm run confab -- <command> [options]

  site list
  site add <id> --name NAME --origins URL[,URL…] [--moderation none|links|first|all]
  site update <id> [--name NAME] [--origins URL,…] [--moderation MODE] [--set field=value …]
  import <file> --site ID --format wxr|disqus|confab [--map OLD=NEW …] [--part-mb N]
                                        (a file over N MB, default 4, is sent in parts)
  export --site ID                      (the file goes to standard output)
  token add --label LABEL --sites ID[,ID…]
  token list
  token revoke <id>
  token rotate                          (a new operator ADMIN_TOKEN)
  backup <file> [--data DIR]            (the Node runtime's database, DATA_DIR/confab.sqlite,
                                         copied consistently while the server runs; the file
                                         must not exist. Restore: docs/self-host.md)
  thread list [--site ID]               (id, site, page, comments, linked posts)
  thread link --site ID --url PAGE [--social POST_URL …]
                                        (the page's Mastodon and Bluesky posts, exactly
                                         these; no --social unlinks them all)
  render --site ID --url URL[,URL…] --out DIR
                                        (each page's comments as an HTML fragment, from
                                         GET /api/v1/threads.html, to DIR/<page key>.html)

Options:
  --remote URL     a deployed worker or a Node server (npm run serve); the admin token
                   comes from CONFAB_ADMIN_TOKEN
  --state DIR      local D1 state folder (default: .wrangler/state, as npm run dev uses)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    remote: { type: "string" },
    state: { type: "string" },
    site: { type: "string" },
    format: { type: "string" },
    map: { type: "string", multiple: true },
    name: { type: "string" },
    origins: { type: "string" },
    moderation: { type: "string" },
    set: { type: "string", multiple: true },
    label: { type: "string" },
    sites: { type: "string" },
    "part-mb": { type: "string", default: "4" },
    url: { type: "string" },
    out: { type: "string" },
    data: { type: "string" },
    social: { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  },
});

const [command, sub, arg] = positionals;
const list = (v: string | undefined) =>
  v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
const fail = (message: string): never => {
  console.error(`confab: ${message}\n\n${HELP}`);
  process.exit(2);
};

/** `--set maxLinks=0` → { maxLinks: 0 }: numbers, booleans, null and JSON arrays are parsed. */
function settings(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (values.name) out.name = values.name;
  if (values.origins) out.origins = list(values.origins);
  if (values.moderation) out.moderation = values.moderation;
  for (const pair of values.set ?? []) {
    const [key, ...rest] = pair.split("=");
    const raw = rest.join("=");
    try {
      out[key ?? ""] = JSON.parse(raw);
    } catch {
      out[key ?? ""] = raw;
    }
  }
  return out;
}

/** `import`'s arguments, checked (and the file read) before anything starts. */
function importArgs() {
  if (!sub || !values.site || !values.format) fail("import needs <file>, --site and --format");
  const format = values.format as string;
  if (format !== "wxr" && format !== "disqus" && format !== "confab") fail(`unknown format: ${format}`);
  const partMb = Number(values["part-mb"]);
  if (!(partMb > 0 && partMb <= 50)) fail("--part-mb takes a number of megabytes above 0, up to 50");
  return {
    text: readFileSync(sub as string, "utf8"),
    site: values.site as string,
    format: format as "wxr" | "disqus" | "confab",
    map: values.map ?? [],
    partBytes: Math.floor(partMb * 1024 * 1024),
  };
}

/** `render`: one fragment file per page, named by its page key ("/" is index.html). */
async function render(api: AdminClient): Promise<void> {
  if (!values.site || !values.url || !values.out) fail("render needs --site, --url and --out");
  for (const url of list(values.url) ?? []) {
    const key = pageKeyFromUrl(url);
    const query = new URLSearchParams({ site: values.site as string, url });
    const html = await api.read(`/api/v1/threads.html?${query}`);
    const file = join(values.out as string, key === "/" ? "index.html" : `${key.replace(/^\/+/, "")}.html`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
    console.log(`${url}\t${file}`);
  }
}

async function main(): Promise<void> {
  if (values.help || !command) {
    console.log(HELP);
    return;
  }
  if (command === "token" && sub === "rotate") return rotate();
  if (command === "backup") return runBackup();
  const toImport = command === "import" ? importArgs() : null;
  const api = await adminClient({ remote: values.remote, state: values.state });
  try {
    if (command === "site" && sub === "list") {
      const { sites } = (await api.call("GET", "/sites")) as {
        sites: { id: string; name: string; origins: string[]; moderation: string }[];
      };
      for (const s of sites) console.log(`${s.id}\t${s.name}\t${s.moderation}\t${s.origins.join(" ")}`);
    } else if (command === "site" && sub === "add") {
      if (!arg) fail("site add needs an id");
      const { site } = (await api.call("POST", "/sites", { id: arg, ...settings() })) as {
        site: { id: string };
      };
      console.log(`created site ${site.id}`);
    } else if (command === "site" && sub === "update") {
      if (!arg) fail("site update needs an id");
      await api.call("PATCH", `/sites/${encodeURIComponent(arg as string)}`, settings());
      console.log(`updated site ${arg}`);
    } else if (toImport) {
      console.log(JSON.stringify(await importInParts(api, toImport), null, 2));
    } else if (command === "export") {
      if (!values.site) fail("export needs --site");
      process.stdout.write(
        `${JSON.stringify(await api.call("GET", `/export?site=${encodeURIComponent(values.site as string)}`))}\n`,
      );
    } else if (command === "thread" && sub === "list") {
      await listThreads(api, values.site);
    } else if (command === "thread" && sub === "link") {
      if (!values.site || !values.url) fail("thread link needs --site and --url");
      await linkThread(api, {
        site: values.site as string,
        url: values.url as string,
        social: values.social ?? [],
      });
    } else if (command === "render") {
      await render(api);
    } else if (command === "token" && sub === "add") {
      const result = (await api.call("POST", "/tokens", {
        label: values.label,
        sites: list(values.sites),
      })) as { token: string; id: string };
      console.log(`token ${result.id} (shown once): ${result.token}`);
    } else if (command === "token" && sub === "list") {
      const { tokens } = (await api.call("GET", "/tokens")) as {
        tokens: { id: string; label: string; sites: string[] }[];
      };
      for (const t of tokens) console.log(`${t.id}\t${t.label}\t${t.sites.join(",")}`);
    } else if (command === "token" && sub === "revoke") {
      if (!arg) fail("token revoke needs an id");
      await api.call("DELETE", `/tokens/${encodeURIComponent(arg as string)}`);
      console.log(`revoked ${arg}`);
    } else {
      fail(`unknown command: ${positionals.join(" ")}`);
    }
  } finally {
    await api.close();
  }
}

/** `backup <file>`: no admin API, the file itself (DATA_DIR as `npm run serve` reads it). */
async function runBackup(): Promise<void> {
  if (!sub) fail("backup needs <file>");
  const { backup, BackupError } = await import("../node/backup.ts");
  const { loadSettings, serveSettings } = await import("../node/settings.ts");
  const dataDir = values.data ?? serveSettings(loadSettings()).dataDir;
  try {
    const r = backup(dataDir, sub as string);
    console.log(`backup ${r.file}: ${r.bytes} bytes, ${r.migrations} migrations, integrity ok`);
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    console.error(`confab: ${err.message}`);
    process.exit(1);
  }
}

/** A new operator token: written to .dev.vars locally, or printed with the command that sets it. */
function rotate(): void {
  const token = randomBytes(24).toString("base64url");
  if (values.remote) {
    console.log(
      `New token: ${token}\nSet it with: npx wrangler secret put ADMIN_TOKEN   (paste the token), then use it as CONFAB_ADMIN_TOKEN.`,
    );
    return;
  }
  const { path } = ensureDevVars();
  const text = readFileSync(path, "utf8").replace(/^ADMIN_TOKEN=.*$/m, `ADMIN_TOKEN="${token}"`);
  writeFileSync(path, text, { mode: 0o600 });
  console.log(`ADMIN_TOKEN rotated in ${path.replace(ROOT, "")}; restart npm run dev to use it.`);
}

main().catch((err: Error) => {
  console.error(`confab: ${err.message}`);
  process.exit(1);
});
