// The live client's strings in English, in live.js with it (see ../i18n/en.ts).
export const enLive = {
  liveNew: { one: "{n} new comment", other: "{n} new comments" },
  liveShown: { one: "{n} new comment shown.", other: "{n} new comments shown." },
  liveMark: "new",
} as const;
