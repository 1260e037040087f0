import wrapAnsi from "wrap-ansi";
import { citationLabel, listCites, QUALIFIES_TITLE, referenceLines, type Answer, type Quote, type ScoredPassage } from "../engine-api.js";
/**
 * Answers as terminal text: the short answer first, then each quote with its citation. Given a
 * width, every block is wrapped at word boundaries with a hanging indent, so a quote's later lines
 * line up under its first word rather than breaking mid-word at the terminal's edge.
 */

export interface Style {
  bold: (s: string) => string;
  dim: (s: string) => string;
}

export const PLAIN: Style = { bold: (s) => `**${s}**`, dim: (s) => s };
export const ANSI: Style = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };

/** How to lay text out: the style and, when known, the column to wrap at. */
export interface Layout {
  style: Style;
  width?: number;
}

const NARROWEST = 20;

/**
 * `text` after `first`, its later lines after `hang` spaces (at least as wide as `first`), each at
 * most `width` columns; ANSI codes take none. Without a width, or in a window too narrow to
 * indent, the text stays on one line.
 */
export function hangingIndent(text: string, first: string, hang: number, width?: number): string {
  if (!width || width - hang < NARROWEST) return first + text;
  const [head = "", ...rest] = wrapAnsi(text, width - hang, { hard: true, trim: true }).split("\n");
  return [first + head, ...rest.map((line) => " ".repeat(hang) + line)].join("\n");
}

export function formatAnswer(answer: Answer, layout: Layout = { style: PLAIN }): string {
  const { style, width } = layout;
  if (answer.abstained) {
    const near = answer.closestSections.map((c) => hangingIndent(citationLabel(c), "  - ", 4, width));
    const message = hangingIndent("The papers do not cover this question, so there is nothing to quote.", "", 0, width);
    return [message, ...(near.length ? ["The closest sections are:", ...near] : [])].join("\n");
  }
  const lines: string[] = [];
  if (answer.shortAnswer) lines.push(hangingIndent(style.bold(answer.shortAnswer), "Answer: ", 8, width), "");
  if (answer.reply) lines.push(hangingIndent(answer.reply, "", 0, width), "");
  for (const q of answer.answer) {
    if (q.qualifies) lines.push(style.dim(`${QUALIFIES_TITLE}:`));
    lines.push(formatQuote(q, { style, ...(width ? { width } : {}) }), "");
  }
  return lines.join("\n").trimEnd();
}

export function formatQuote(q: Quote, layout: Layout = { style: PLAIN }): string {
  const { style, width } = layout;
  const text = q.highlight
    ? q.quote.slice(0, q.highlight.start) + style.bold(q.quote.slice(q.highlight.start, q.highlight.end)) + q.quote.slice(q.highlight.end)
    : q.quote;
  const cites = q.cites.length ? ` (the paper cites ${listCites(q.cites)})` : "";
  // The paper's own entry for each source it cites, so a reader can follow the claim to it.
  const references = referenceLines(q.cites).map((line) => `\n${hangingIndent(style.dim(line), "      ", 8, width)}`).join("");
  return `${hangingIndent(`${text}”`, "  “", 3, width)}\n${hangingIndent(style.dim(`— ${citationLabel(q.citation)}${cites}`), "    ", 6, width)}${references}`;
}

export function formatPassages(passages: ScoredPassage[], layout: Layout = { style: PLAIN }): string {
  const { style, width } = layout;
  return passages
    .map((p, i) => {
      const number = `${i + 1}. `;
      return `${hangingIndent(style.dim(`${citationLabel(p.citation)} · ${p.id}`), number, number.length, width)}\n${hangingIndent(p.text, "   ", 3, width)}`;
    })
    .join("\n\n");
}
