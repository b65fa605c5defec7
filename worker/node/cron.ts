// The Cron Trigger on Node: a timer that calls the worker's `scheduled` handler at the time of
// day wrangler.toml's crons line names ("17 3 * * *": 03:17 UTC), every day.

const DAY_MS = 86_400_000;
const AT_UTC = { hour: 3, minute: 17 };

/** The next 03:17 UTC strictly after `now`. */
export function nextRun(now: number): number {
  const d = new Date(now);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), AT_UTC.hour, AT_UTC.minute);
  return today > now ? today : today + DAY_MS;
}

/** Starts the daily timer; the answer stops it. */
export function daily(run: (scheduledTime: number) => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const at = nextRun(Date.now());
    timer = setTimeout(() => {
      run(at);
      arm();
    }, at - Date.now());
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
