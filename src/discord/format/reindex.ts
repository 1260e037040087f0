/** What /reindex says: what the new index holds and how long it took, or why the old one is still in use. */
import type { ReindexResult } from "../../engine-api.js";
import { escapeText, shorten } from "./markdown.js";

/** Keeps the reply well inside a message's 2,000 characters; the bot's log has every warning. */
const WARNINGS_SHOWN = 8;
const WARNING_LENGTH = 150;
const REASON_LENGTH = 500;

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

export function reindexText(result: ReindexResult): string {
  const lines = [
    `Reindexed: ${plural(result.papers, "paper")}, ${plural(result.passages, "passage")} (${result.embedded.toLocaleString("en")} embedded afresh) in ${(result.ms / 1000).toFixed(1)} s. I'm answering from the new index now.`,
  ];
  if (result.warnings.length) {
    lines.push("", `${plural(result.warnings.length, "warning")}:`);
    lines.push(...result.warnings.slice(0, WARNINGS_SHOWN).map((w) => `• ${escapeText(shorten(w, WARNING_LENGTH))}`));
    if (result.warnings.length > WARNINGS_SHOWN) lines.push(`…and ${result.warnings.length - WARNINGS_SHOWN} more in the bot's log.`);
  }
  return lines.join("\n");
}

export function reindexFailedText(reason: string): string {
  return `The rebuild failed, so I'm still answering from the old index. Reason: ${escapeText(shorten(reason, REASON_LENGTH))}`;
}
