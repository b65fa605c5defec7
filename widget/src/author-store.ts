// The reader's name, email and website, remembered between visits so they type them once.
// Storage can be missing or throw (privacy modes, sandboxed frames); the form then just starts empty.

export interface AuthorFields {
  name: string;
  email: string;
  website: string;
}

const KEY = "confab:author";

export function loadAuthor(): AuthorFields {
  const empty = { name: "", email: "", website: "" };
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<AuthorFields>;
    return {
      name: String(saved.name ?? ""),
      email: String(saved.email ?? ""),
      website: String(saved.website ?? ""),
    };
  } catch {
    return empty;
  }
}

export function saveAuthor(author: AuthorFields): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(author));
  } catch {
    // Not remembering is acceptable; failing to post because of it is not.
  }
}
