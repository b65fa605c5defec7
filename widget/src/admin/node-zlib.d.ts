// The one Node module the worker's code imports (nodejs_compat; lib/reads/encoding.ts), as it
// calls it, for the dashboard's programs that hold the worker's source for its types
// (worker-runtime.d.ts says why). Ambient: this file has no import.
declare module "node:zlib" {
  export function gzipSync(data: Uint8Array | string): Uint8Array;
}
