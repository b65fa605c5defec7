// The reader's name, email and website, remembered between visits so they type them once.
import { load, save } from "./store.ts";

export interface AuthorFields {
  name: string;
  email: string;
  website: string;
}

export function loadAuthor(): AuthorFields {
  const saved = load<Partial<AuthorFields>>("author", {});
  return {
    name: String(saved.name ?? ""),
    email: String(saved.email ?? ""),
    website: String(saved.website ?? ""),
  };
}

export const saveAuthor = (author: AuthorFields): void => save("author", author);
