// The admin token lives in sessionStorage only (design/security.md): it is gone when the tab
// closes, is never sent by the browser on its own (unlike a cookie) and is not shared with other
// tabs or left on disk (unlike localStorage).
const KEY = "confab-admin-token";

export function loadToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    // Storage can be disabled; the dashboard then asks for the token on every load.
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Signed in for this page view only.
  }
}

export function clearToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing was stored.
  }
}
