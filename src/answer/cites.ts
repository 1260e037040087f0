/**
 * The sources a quoted sentence cites, as the paper names them ("Priem et al., 2010", "note 3"),
 * each with the paper's own full entry for it where its reference list or notes have one.
 */
import { findCiteMarks } from "../ingest/cite-marks.js";
import type { SourceDocument } from "../ingest/types.js";
import type { Cite } from "./types.js";

/** The cites of the reading text `[start, end)`: marks inside it, and marks taken out of the words at its edges (a footnote mark after the full stop). */
export function citesOf(doc: SourceDocument, start: number, end: number): Cite[] {
  const cites: Cite[] = [];
  for (const mark of doc.cites ?? []) {
    const inside = mark.at === mark.end ? mark.at >= start && mark.at <= end : mark.at >= start && mark.end <= end;
    if (!inside || cites.some((c) => c.text === mark.text)) continue;
    const reference = mark.reference !== undefined ? doc.references[mark.reference]?.raw : undefined;
    cites.push({ text: mark.text, ...(reference ? { reference } : {}) });
  }
  return cites;
}

/** Where the reference groups sit in the sentence, so a cited author is never taken for an answer. */
export function citeSpans(sentence: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const c of findCiteMarks(sentence)) if (!spans.some((s) => s.start === c.start)) spans.push({ start: c.start, end: c.end });
  return spans;
}

/** "Ghosh", "Aras and Bishku", "Parsi; Roshandel and Elik". */
export function listCites(cites: readonly Cite[]): string {
  const names = cites.map((c) => c.text);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join("; ")} and ${names.at(-1)}`;
}

/** The cites the paper has a full entry for, one line each: "Priem et al., 2010: Priem, J. et al., 2010. altmetrics: a manifesto." */
export function referenceLines(cites: readonly Cite[]): string[] {
  return cites.flatMap((c) => (c.reference ? [`${c.text}: ${c.reference}`] : []));
}
