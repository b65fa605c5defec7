/** A date input's value ("2026-12-31") as the ISO time the ban ends: the end of that day, UTC. */
export const expiryOf = (date: string): string | null => (date ? `${date}T23:59:59.999Z` : null);
