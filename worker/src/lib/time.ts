export const nowIso = (ms: number = Date.now()): string => new Date(ms).toISOString();
