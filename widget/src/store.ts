// Small JSON records in localStorage. Storage can be missing or throw (privacy modes, sandboxed
// frames, a full quota): reading then gives the fallback and writing does nothing, because not
// remembering is acceptable and failing to post because of it is not.

export function load<T>(key: string, fallback: T): T {
  try {
    const value = JSON.parse(localStorage.getItem(`confab:${key}`) ?? "null") as T | null;
    return value ?? fallback;
  } catch {
    return fallback;
  }
}

/** Saves `value`; `null` removes the record. */
export function save(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(`confab:${key}`);
    else localStorage.setItem(`confab:${key}`, JSON.stringify(value));
  } catch {
    // see above
  }
}
