// The Dockerfile, without a Docker daemon: its steps run in a clean clone of the repository (the
// committed HEAD), read from the Dockerfile itself so they cannot drift: the build stage's RUN
// lines in the clone (npm ci from npm's cache, offline), the image's CMD with its ENV, its
// working folder and volume in a temporary folder. What needs a real image (the system's user
// and folders, USER, HEALTHCHECK) is printed as not run; .ci/run builds and runs the image when
// `docker info` succeeds. Then /healthz answers and the demo thread has its seeded discussion.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEMO_PAGE = "http://localhost:8787/2011/04/01/late-night-libya-update-defections-and-secret-talks/";
const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

type Step = { instruction: string; args: string; stage: number };

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function steps(text: string): Step[] {
  let stage = -1;
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [instruction = "", ...rest] = l.split(/\s+/);
      if (instruction === "FROM") stage++;
      return { instruction, args: rest.join(" "), stage };
    });
}

const note = (line: string) => console.log(`dockerfile: ${line}`);

function sh(cmd: string, cwd: string, env: NodeJS.ProcessEnv) {
  execFileSync("sh", ["-c", cmd], { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
}

it("the Dockerfile's steps, run in a clean clone, serve /healthz and the demo thread", async () => {
  const work = mkdtempSync(join(tmpdir(), "confab-docker-"));
  temp.push(work);
  const clone = join(work, "app");
  execFileSync("git", ["clone", "--quiet", ROOT, clone]);
  const all = steps(readFileSync(join(clone, "Dockerfile"), "utf8"));
  const known = ["FROM", "WORKDIR", "COPY", "RUN", "ENV", "VOLUME", "USER", "EXPOSE", "HEALTHCHECK", "CMD"];
  expect(all.filter((s) => !known.includes(s.instruction))).toEqual([]);
  expect(all.filter((s) => s.instruction === "FROM").map((s) => s.args)).toEqual([
    "node:22-slim AS build",
    "node:22-slim",
  ]);
  const last = Math.max(...all.map((s) => s.stage));
  expect(all.find((s) => s.stage === last && s.instruction === "USER")?.args).toBe("node");
  expect(all.find((s) => s.instruction === "VOLUME")?.args).toBe("/data");

  const data = join(work, "data");
  // The image's paths, here: /app is the clone (the build context copied in), /data a folder.
  const mapped = (s: string) => s.replaceAll("/app", clone).replaceAll("/data", data);
  // npm and its scripts on this Node 22, as node:22-slim has it.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`,
  };
  const runtime: Record<string, string> = {};
  let workdir = "/";
  let linked = false;
  for (const step of all) {
    if (step.instruction === "FROM") workdir = "/";
    else if (step.instruction === "WORKDIR") workdir = step.args;
    else if (step.instruction === "ENV" && step.stage === last)
      for (const pair of step.args.split(/\s+/)) {
        const [k = "", v = ""] = pair.split("=");
        runtime[k] = mapped(v);
      }
    // Only a step inside /app that names no other absolute path runs here: never on this machine's system.
    else if (step.instruction === "RUN" && workdir === "/app" && !/(^|\s)\//.test(step.args)) {
      let cmd = step.args;
      if (cmd.startsWith("npm ci")) {
        try {
          sh(`${cmd} --offline`, clone, env);
          note(`ran "${cmd} --offline" (npm's cache)`);
        } catch (err) {
          // No network beyond the registry may be slow or absent: the install is the one step left out.
          note(
            `"${cmd} --offline" failed (${String(err).split("\n")[0]}): using this checkout's node_modules`,
          );
          symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"));
          linked = true;
        }
        continue;
      }
      if (linked && cmd.includes("npm prune")) {
        // Pruning would remove this checkout's own dev packages through the link.
        cmd = cmd.replace(/&&\s*npm prune[^&]*/, "").trim();
        note("left out npm prune: node_modules is this checkout's, linked");
      }
      sh(cmd, clone, env);
      note(`ran "${cmd}"`);
    } else if (step.instruction === "RUN") note(`not run (the image's system): ${step.args}`);
    else if (step.instruction === "COPY")
      expect(step.args.startsWith("--from=build /app /app") || workdir === "/app", step.args).toBe(true);
    else if (["USER", "HEALTHCHECK", "EXPOSE", "VOLUME"].includes(step.instruction) && step.stage === last)
      note(`not run (needs an image): ${step.instruction} ${step.args}`);
  }
  expect(existsSync(join(clone, "dist", "embed.js"))).toBe(true);
  // Pruned as the image is: no dev packages, no Node binary of npm's (the image has its own).
  if (!linked) expect(existsSync(join(clone, "node_modules", "vite"))).toBe(false);
  if (!linked)
    expect(existsSync(join(clone, "node_modules", `node-${process.platform}-${process.arch}`))).toBe(false);

  // What the image's `mkdir -p /data` makes, here.
  mkdirSync(data);
  const cmd = JSON.parse(all.findLast((s) => s.instruction === "CMD")?.args ?? "[]") as string[];
  expect(cmd[0]).toBe("node");
  const child = spawn(process.execPath, cmd.slice(1).map(mapped), {
    cwd: mapped(workdir),
    env: { PATH: env.PATH, HOME: work, ...runtime, HOST: "127.0.0.1", PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line:\n${output}`)), 30_000);
      child.stdout.on("data", () => {
        const m = output.match(/"msg":"listening","url":"([^"]+)"/);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}:\n${output}`)));
      child.on("error", reject);
    });
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: "ok", database: "ok" });
    const res = await fetch(`${url}/api/v1/threads?site=demo&url=${encodeURIComponent(DEMO_PAGE)}`, {
      headers: { Origin: "http://localhost:8787" },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { thread: { commentCount: number }; comments: unknown[] };
    expect(page.thread.commentCount).toBe(16);
    expect((await fetch(`${url}/`)).status).toBe(200);
    // The first start wrote its secrets into the working folder, which is the volume.
    expect(readFileSync(join(data, ".env"), "utf8")).toMatch(/^ADMIN_TOKEN="/);
    expect(existsSync(join(data, "confab.sqlite"))).toBe(true);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await new Promise((r) => child.on("exit", r))).toBe(0);
}, 180_000);
