// Every string a reader sees while reading, in English: the one table bundled into embed.js. The
// forms' strings come with the forms (../write/en.ts). Other languages, and the Markdown help in
// every language, are tables in ./tables, built into separate files that load on demand
// (see load.ts). An entry with plural forms is chosen by the `n` variable.
export const en = {
  count: { zero: "No comments yet", one: "{n} comment", other: "{n} comments" },
  loading: "Loading comments…",
  loadFailed: "Comments could not be loaded.",
  retry: "Try again",
  anonymous: "Anonymous",
  moderator: "Moderator",
  edited: "edited",
  deleted: "This comment was deleted.",
  pending: "Your comment is awaiting moderation.",
  replyingTo: "replying to {name}",
  repliesTo: "Replies to {name}",
  commentBy: "Comment by {name}",
  reply: "Reply",
  closed: "Comments are closed.",
  networkError: "Could not reach the comment server. Check your connection and try again.",
  sortBy: "Sort by",
  oldest: "Oldest",
  newest: "Newest",
  top: "Top",
  like: "Like",
  loadMore: "Load more comments",
  moreReplies: "Show more replies",
  // API errors met while reading and liking, by code (./errors.ts); the forms' are in ../write/en.ts.
  "err.invalid_json": "The comment server could not read the request. Reload the page and try again.",
  "err.origin_not_allowed": "This website is not allowed to use this comment server.",
  "err.unknown_site": "This website is not set up on the comment server.",
  "err.url.invalid": "Comments are not available at this page's address.",
  "err.not_found": "This comment no longer exists.",
  "err.forbidden": "This site did not accept this.",
  "err.rate_limited": "Too many attempts in a short time. Please wait a moment and try again.",
  "err.rate_limited.when": "Too many attempts in a short time. Please try again {when}.",
  "err.internal": "Something went wrong on the comment server. Please try again later.",
} as const;
