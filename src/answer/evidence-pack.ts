/**
 * An evidence pack as Markdown to print or paste into notes, and as plain JSON. Both are pure
 * and date-free, so the same pack always renders the same text; quotes are never re-wrapped.
 */
import type { Citation } from "../ingest/types.js";
import { citationLabel } from "./citation-label.js";
import { listCites, referenceLines } from "./cites.js";
import type { EvidenceCard, EvidencePack, Side, Signal } from "./debate.js";
import type { Cite } from "./types.js";

const HEADINGS: Record<Side, string> = { for: "For", against: "Against" };

const UNCOVERED = "The papers do not cover this motion, so there is no evidence to quote for or against it.";

function emptySideNote(side: Side): string {
  return `The papers offer no evidence ${side} this motion.`;
}

/** What the pack says where it has no cards: plainly, rather than padding the side. */
function packNotes(pack: EvidencePack): string[] {
  return pack.covered ? pack.emptySides.map(emptySideNote) : [UNCOVERED];
}

export function evidencePackMarkdown(pack: EvidencePack): string {
  const lines = [`# Evidence pack: ${pack.motion}`, ""];
  if (!pack.covered) lines.push(UNCOVERED, "");
  else {
    for (const side of pack.sides) {
      lines.push(`## ${HEADINGS[side]}`, "");
      if (pack[side].length === 0) lines.push(`_${emptySideNote(side)}_`, "");
      for (const card of pack[side]) lines.push(...cardMarkdown(card), "");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function cardMarkdown(card: EvidenceCard): string[] {
  return [
    `### ${card.tag}`,
    "",
    // Every line of a multi-line quote stays inside the blockquote, so the quote survives verbatim.
    ...card.quote.split("\n").map((line) => (line ? `> ${line}` : ">")),
    "",
    `— ${citationLabel(card.citation)}`,
    ...(card.cites.length ? ["", `Source cited by the paper: ${listCites(card.cites)}`, ...referenceLines(card.cites).map((line) => `- ${line}`)] : []),
  ];
}

export interface EvidenceCardJson {
  tag: string;
  quote: string;
  start: number;
  end: number;
  citation: Citation;
  /** The citation as the Markdown prints it. */
  label: string;
  cites: Cite[];
  signals: Signal[];
  strength: number;
}

export interface EvidencePackJson {
  motion: string;
  covered: boolean;
  for?: EvidenceCardJson[];
  against?: EvidenceCardJson[];
  emptySides: Side[];
  notes: string[];
}

/** The pack for `--json`: only the sides asked for, each card with its printed citation. */
export function evidencePackJson(pack: EvidencePack): EvidencePackJson {
  const card = (c: EvidenceCard): EvidenceCardJson => ({
    tag: c.tag,
    quote: c.quote,
    start: c.start,
    end: c.end,
    citation: c.citation,
    label: citationLabel(c.citation),
    cites: c.cites,
    signals: c.signals,
    strength: c.strength,
  });
  return {
    motion: pack.motion,
    covered: pack.covered,
    ...(pack.sides.includes("for") ? { for: pack.for.map(card) } : {}),
    ...(pack.sides.includes("against") ? { against: pack.against.map(card) } : {}),
    emptySides: pack.emptySides,
    notes: packNotes(pack),
  };
}
