/**
 * Replies described as plain data, so formatting is pure and testable without a client. render.ts
 * turns a Page into a message payload and each Action into a button.
 */

export interface EmbedSpec {
  /** Markdown, one line. */
  title?: string;
  /** Markdown. */
  description: string;
  /** Plain text: Discord does not render Markdown in footers. */
  footer?: string;
}

/** A button the formatter asks for; render.ts gives it a custom id. */
export type Action =
  | { kind: "passage"; passageId: string; label: string }
  | { kind: "page"; key: string; index: number; label: string }
  | { kind: "vote"; questionId: number; vote: "up" | "down" };

/** One message's worth: within every per-message limit in LIMITS. */
export interface Page {
  embeds: EmbedSpec[];
  actions: Action[];
}
