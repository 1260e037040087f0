/** An Answer as pages: the question and short answer, then each quote with its citation. */
import { citationText } from "./citation.js";
import { bold, echoText, escapeText, italic, shorten } from "./markdown.js";
import { paginate } from "./paginate.js";
import { quoteEmbeds } from "./quote.js";
import type { Action, EmbedSpec, Page } from "./types.js";
import { QUALIFIES_TITLE, type Answer } from "../../engine-api.js";

/** The question is echoed only as a reminder, so a long one is shortened rather than split. */
const ECHO_LENGTH = 300;
const CLOSEST_SECTIONS = 5;
const PASSAGE_BUTTONS = 3;

function questionLine(question: string): string {
  return italic(echoText(`Q: ${shorten(question, ECHO_LENGTH)}`));
}

function abstentionEmbed(answer: Answer): EmbedSpec {
  const lines = [questionLine(answer.question), "", "The papers don't cover this."];
  const closest = answer.closestSections.slice(0, CLOSEST_SECTIONS);
  if (closest.length) {
    lines.push("The closest sections:", ...closest.map((c) => `• ${escapeText(citationText(c))}`));
  }
  return { description: lines.join("\n") };
}

/** "Show full passage" for each quoted passage, numbered when there are several. */
function passageActions(answer: Answer): Action[] {
  const ids = [...new Set(answer.answer.map((q) => q.passageId))].slice(0, PASSAGE_BUTTONS);
  return ids.map((passageId, i) => ({
    kind: "passage",
    passageId,
    label: ids.length === 1 ? "Show full passage" : `Full passage ${i + 1}`,
  }));
}

export function formatAnswer(answer: Answer): Page[] {
  if (answer.reply && answer.answer.length === 0) return paginate([{ description: [questionLine(answer.question), escapeText(answer.reply)].join("\n\n") }]);
  if (answer.abstained || answer.answer.length === 0) return paginate([abstentionEmbed(answer)]);
  const intro = [questionLine(answer.question)];
  if (answer.shortAnswer) intro.push(bold(escapeText(answer.shortAnswer)));
  const embeds: EmbedSpec[] = [
    { description: intro.join("\n\n") },
    ...answer.answer.flatMap((q) =>
      quoteEmbeds({ text: q.quote, citation: q.citation, highlight: q.highlight, cites: q.cites, ...(q.qualifies ? { title: QUALIFIES_TITLE } : {}) }),
    ),
  ];
  const [first, ...rest] = paginate(embeds);
  return [{ ...first!, actions: passageActions(answer) }, ...rest];
}
