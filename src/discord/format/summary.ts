/** One plain-text line per reply, for the moderation log: enough to see what the bot said, not the whole reply. */
import { citationText } from "./citation.js";
import type { Answer, EvidencePack, ScoredPassage } from "../../engine-api.js";

const NOT_COVERED = "Abstained: the papers don't cover this.";

export function answerSummary(answer: Answer): string {
  const first = answer.answer[0];
  if (answer.intent === "help") return "Help reply.";
  if (!answer.abstained && !first && answer.reply) return answer.shortAnswer ? `${answer.shortAnswer} — the paper's details` : answer.reply;
  if (answer.abstained || !first) return NOT_COVERED;
  const cited = citationText(first.citation);
  return answer.shortAnswer ? `${answer.shortAnswer} — ${cited}` : cited;
}

export function debateSummary(pack: EvidencePack): string {
  if (!pack.covered) return NOT_COVERED;
  const counts = pack.sides.map((side) => `${pack[side].length} ${side}`).join(", ");
  const first = pack.sides.flatMap((side) => pack[side])[0];
  return first ? `${counts} — first: ${citationText(first.citation)}` : counts;
}

export function searchSummary(results: readonly ScoredPassage[]): string {
  const first = results[0];
  return first ? `${results.length} passages — first: ${citationText(first.citation)}` : "No passages matched.";
}
