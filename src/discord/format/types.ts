/**
 * Replies described as plain data, so formatting can be tested without discord.js. The responder
 * turns a Page into a message payload and each Action into a button.
 */

export interface EmbedSpec {
  title?: string;
  description: string;
  footer?: string;
}

/** A button the formatter asks for; the responder gives it a custom id. */
export type Action =
  | { kind: "passage"; passageId: string; label: string }
  | { kind: "page"; key: string; index: number; label: string }
  | { kind: "vote"; questionId: number; vote: "up" | "down" };

/** One message's worth: within every per-message limit in LIMITS. */
export interface Page {
  embeds: EmbedSpec[];
  actions: Action[];
}
