/** Sentence segmentation for display: where quotes may be cut, what a preview shows, how text is escaped. */
const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** The sentences of `text`, each with its trailing whitespace and its offset: together they are `text`. */
export function sentenceSegments(text: string): { index: number; segment: string }[] {
  return Array.from(segmenter.segment(text), ({ index, segment }) => ({ index, segment }));
}
