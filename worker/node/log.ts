// The Node server's JSON log lines (docs/self-host.md, "Logs"). Standard output to a pipe or a
// file is written synchronously on Linux, one system call per console.log: at thousands of
// requests a second the request lines alone took a seventh of the server's time (bench, hot
// reads). So the lines of one turn of the event loop go out together, in one write, right after
// it; `flushLogs` writes what is left (a shutdown calls it before the process exits).
let pending: string[] = [];
let scheduled = false;

export function logLine(line: Record<string, unknown>): void {
  pending.push(JSON.stringify({ time: new Date().toISOString(), ...line }));
  if (scheduled) return;
  scheduled = true;
  setImmediate(flushLogs);
}

export function flushLogs(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const text = `${pending.join("\n")}\n`;
  pending = [];
  process.stdout.write(text);
}
