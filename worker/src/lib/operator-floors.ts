// Operator floors (docs/api.md, "Operator floors"): on a shared deployment the operator owns the
// sender, the quotas and the privacy promises, so a moderator token may tune a site's rate limits
// and retention only within bounds the operator sets as worker vars. The operator's token is not
// bound by them.

export interface OperatorFloors {
  /** Rate limits a moderator sets are 1..max: never 0 (off), never above the operator's maximum. */
  maxRatePerMinute: number;
  maxRatePerHour: number;
  /** Retention a moderator sets is min..max days. */
  minRetentionDays: number;
  maxRetentionDays: number;
}

export const DEFAULT_FLOORS: OperatorFloors = {
  maxRatePerMinute: 10,
  maxRatePerHour: 100,
  minRetentionDays: 7,
  maxRetentionDays: 365,
};

type FloorVars = {
  MODERATOR_MAX_RATE_PER_MINUTE?: string | number;
  MODERATOR_MAX_RATE_PER_HOUR?: string | number;
  MODERATOR_MIN_RETENTION_DAYS?: string | number;
  MODERATOR_MAX_RETENTION_DAYS?: string | number;
};

/** A whole number ≥ 1 from a var (wrangler.toml may give a number, `--var` and secrets a string). */
function whole(value: string | number | undefined, fallback: number): number {
  const n =
    typeof value === "number" ? value : /^\s*\d{1,9}\s*$/.test(value ?? "") ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

export function operatorFloors(env: FloorVars): OperatorFloors {
  const d = DEFAULT_FLOORS;
  return {
    maxRatePerMinute: whole(env.MODERATOR_MAX_RATE_PER_MINUTE, d.maxRatePerMinute),
    maxRatePerHour: whole(env.MODERATOR_MAX_RATE_PER_HOUR, d.maxRatePerHour),
    minRetentionDays: whole(env.MODERATOR_MIN_RETENTION_DAYS, d.minRetentionDays),
    maxRetentionDays: whole(env.MODERATOR_MAX_RETENTION_DAYS, d.maxRetentionDays),
  };
}

/** The bounds of each bounded Site field for a moderator token. */
export function moderatorBounds(f: OperatorFloors) {
  return {
    rateLimitPerMinute: [1, f.maxRatePerMinute],
    rateLimitPerHour: [1, f.maxRatePerHour],
    retentionDays: [f.minRetentionDays, f.maxRetentionDays],
  } as const satisfies Record<string, readonly [number, number]>;
}
