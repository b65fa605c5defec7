// Every string a reader sees while reading, in English: the one table bundled into embed.js. The
// forms' strings come with the forms (../write/en.ts), and so do the API's error texts: until
// write.js has run, a failed read says only that it failed (components/lazy.tsx, failure). Other languages, and the Markdown help in
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
  // A comment from elsewhere (a Webmention, a Mastodon or Bluesky reply): where, by the network's
  // name, and a link to answer it there.
  via: "via {network}",
  replyThere: "Reply there",
} as const;
