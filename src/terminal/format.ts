import { citationLabel, listCites, referenceLines, type Answer, type Quote, type ScoredPassage } from "../engine-api.js";
/** Answers as terminal text: the short answer first, then each quote with its citation. */

export interface Style {
  bold: (s: string) => string;
  dim: (s: string) => string;
}

export const PLAIN: Style = { bold: (s) => `**${s}**`, dim: (s) => s };
export const ANSI: Style = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };

export function formatAnswer(answer: Answer, style: Style = PLAIN): string {
  if (answer.abstained) {
    const near = answer.closestSections.map((c) => `  - ${citationLabel(c)}`);
    return ["The papers do not cover this question, so there is nothing to quote.", ...(near.length ? ["The closest sections are:", ...near] : [])].join("\n");
  }
  const lines: string[] = [];
  if (answer.shortAnswer) lines.push(`Answer: ${style.bold(answer.shortAnswer)}`, "");
  if (answer.reply) lines.push(answer.reply, "");
  for (const q of answer.answer) lines.push(formatQuote(q, style), "");
  return lines.join("\n").trimEnd();
}

export function formatQuote(q: Quote, style: Style = PLAIN): string {
  const text = q.highlight
    ? q.quote.slice(0, q.highlight.start) + style.bold(q.quote.slice(q.highlight.start, q.highlight.end)) + q.quote.slice(q.highlight.end)
    : q.quote;
  const cites = q.cites.length ? ` (the paper cites ${listCites(q.cites)})` : "";
  // The paper's own entry for each source it cites, so a reader can follow the claim to it.
  const references = referenceLines(q.cites).map((line) => `\n      ${style.dim(line)}`).join("");
  return `  “${text}”\n    ${style.dim(`— ${citationLabel(q.citation)}${cites}`)}${references}`;
}

export function formatPassages(passages: ScoredPassage[], style: Style = PLAIN): string {
  return passages.map((p, i) => `${i + 1}. ${style.dim(`${citationLabel(p.citation)} · ${p.id}`)}\n   ${p.text}`).join("\n\n");
}
