// Run before `npm run dev` and `npm test` (predev, pretest), by whatever Node the machine has: so
// plain JavaScript, not TypeScript, which only Node 22 runs. On Linux x64 and arm64, `npm install`
// brings Node 22 from the npm registry (the optional node-linux-* dependency) and npm scripts run
// it from node_modules/.bin, whatever the machine's own Node is. Elsewhere (macOS, or when that
// download failed) an older Node stops here with one line, instead of dying on the first .ts file.
import { fileURLToPath } from "node:url";

// 22.13: the first Node 22 with node:sqlite unflagged (`npm run serve`, the Node runtime).
export const NEEDED = [22, 13];

/** Why Node `version` ("20.20.2") cannot run Confab's scripts, or null when it can. */
export function nodeProblem(version) {
  const [major = 0, minor = 0] = String(version).replace(/^v/, "").split(".").map(Number);
  if (major > NEEDED[0] || (major === NEEDED[0] && minor >= NEEDED[1])) return null;
  return (
    `Confab needs Node.js ${NEEDED.join(".")} or newer and this is ${version}: ` +
    "install Node 22 from https://nodejs.org/ (or run `nvm install 22`), then run the command again."
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problem = nodeProblem(process.versions.node);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
