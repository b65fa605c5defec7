// What the local stand-ins for Turnstile and Akismet accept; shared by them and the tests.

/** Tokens the fake Turnstile accepts, each once, with the hostname it was solved on. */
export const TURNSTILE_TOKENS: Record<string, string> = {
  "valid-token-blog": "blog.example.com",
  "valid-token-blog-2": "blog.example.com",
  "valid-token-blog-3": "blog.example.com",
  "valid-token-other-host": "evil.example",
};
export const TURNSTILE_SECRET = "test-turnstile-secret";
export const TURNSTILE_SLOW_TOKEN = "slow-token";
export const AKISMET_KEY = "test-akismet-key";
export const MAIL_KEY = "test-mail-key";
export const WEBHOOK_SECRET = "test-webhook-secret";
