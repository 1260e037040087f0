/** What moderators are told when the bot's own database cannot be read or written just now. */
export const DATABASE_UNAVAILABLE =
  "I can't reach my database right now, so I can't do that; answering questions goes on. Please try again in a minute.";
