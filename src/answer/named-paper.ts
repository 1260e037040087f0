/**
 * "What does the chapter on research funding conclude?", "who wrote the chapter 'Making data
 * citeable'?": the paper a question names by its topic or title, among several. A paper is named
 * when its title holds more of those words than any other paper's title does.
 */
import { isStopword, terms } from "../ingest/terms.js";
import type { PaperMeta } from "../ingest/types.js";

export function namedPaper(paperWords: string[] | undefined, papers: Pick<PaperMeta, "id" | "title">[]): string | undefined {
  const wanted = new Set(terms(paperWords?.filter((w) => !isStopword(w)).join(" ") ?? ""));
  if (wanted.size === 0 || papers.length < 2) return undefined;
  const scored = papers.map((p) => ({ id: p.id, shared: new Set(terms(p.title).filter((t) => wanted.has(t))).size })).sort((a, b) => b.shared - a.shared);
  const [best, next] = scored;
  return best && best.shared > 0 && best.shared > (next?.shared ?? 0) ? best.id : undefined;
}
