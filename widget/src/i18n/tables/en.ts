// English is bundled into embed.js (../en.ts); only its Markdown help loads on demand.
import type { Table } from "../t.ts";

export default {
  markdownHelp:
    "**bold**, *italic*, ~~struck~~\n`code`, or ``` on lines before and after a block\n[link text](https://example.com)\n> quoted line\n- list item, or 1. numbered item\nNo images, headings or HTML.",
} satisfies Partial<Table>;
