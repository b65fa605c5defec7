// What the worker project's global setup (servers.ts) provides to the tests and the pool.
declare module "vitest" {
  export interface ProvidedContext {
    turnstileUrl: string;
    akismetUrl: string;
    mailUrl: string;
    hookUrl: string;
  }
}

export {};
