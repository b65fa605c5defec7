// A newcomer on Node 20 (Debian 12, Ubuntu 24.04): `npm install && npm run dev` and `npm test`
// must run on Node 22 anyway, from the node-linux-* package npm installs on Linux x64 and arm64,
// or stop at once with one line saying which Node is needed (worker/scripts/node-version.js).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeProblem } from "../../worker/scripts/node-version.js";

describe("the Node check of predev and pretest", () => {
  it("stops an older Node with one line naming the Node needed and where to get it", () => {
    for (const version of ["20.20.2", "18.19.1", "22.11.0", "22.12.0", "v21.7.3"]) {
      const problem = nodeProblem(version);
      expect(problem, version).toMatch(
        /^Confab needs Node\.js 22\.13 or newer and this is v?[\d.]+: .*nodejs\.org/,
      );
      expect(problem, version).not.toContain("\n");
    }
  });

  it("lets Node 22.13 and newer through", () => {
    for (const version of ["22.13.0", "22.23.5", "23.0.0", "24.1.0", "v26.0.0"]) {
      expect(nodeProblem(version), version).toBeNull();
    }
  });
});

describe("the Node that npm scripts run", () => {
  const fakeBin = mkdtempSync(join(tmpdir(), "confab-old-node-"));
  afterAll(() => rmSync(fakeBin, { recursive: true, force: true }));

  /** npm's own CLI, run by this (new enough) Node, so that only the scripts' `node` is in question. */
  function npmCli(): string {
    if (process.env.npm_execpath?.endsWith(".js")) return process.env.npm_execpath;
    const found = spawnSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).stdout.trim();
    return realpathSync(found);
  }

  it("is Node 22 from node_modules on Linux x64 and arm64, whatever `node` the machine has first", () => {
    // A machine whose own `node` is too old to run anything: it says so and fails.
    writeFileSync(join(fakeBin, "node"), "#!/bin/sh\necho 'the machine node (too old)' >&2\nexit 3\n");
    chmodSync(join(fakeBin, "node"), 0o755);
    const run = spawnSync(process.execPath, [npmCli(), "run", "--silent", "predev"], {
      cwd: process.cwd(),
      env: { ...process.env, PATH: `${fakeBin}${delimiter}${process.env.PATH}` },
      encoding: "utf8",
    });
    const packaged = process.platform === "linux" && ["x64", "arm64"].includes(process.arch);
    // Exit 0 means a Node of at least 22.13 ran the check (an older one exits 1, the fake 3).
    // Elsewhere no package brings Node, so the machine's own runs the check, as the fake shows.
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual(
      packaged ? { status: 0, stderr: "" } : { status: 3, stderr: "the machine node (too old)" },
    );
  });
});
