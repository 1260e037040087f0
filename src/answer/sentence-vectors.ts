/**
 * Sentence vectors, remembered: a corpus's sentences never change while its index is loaded,
 * and the same few are scored again and again (the passages people ask about), so each is
 * embedded once; so are the words they are compared by. Bounded, oldest first out.
 */
/** A sentence's name while its index is loaded: its paper and where it lies in the paper's text. */
export function sentenceKey(paperId: string, start: number, end: number): string {
  return `${paperId}:${start}:${end}`;
}

/** Cosine similarity of two normalised vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export class SentenceVectors {
  private readonly cache = new Map<string, Float32Array>();

  constructor(
    private readonly embed: (texts: string[]) => Promise<Float32Array[]>,
    private readonly capacity = 50_000,
  ) {}

  /** Vectors of the sentences, each named by a key that stays the same while the index does (paper and offset). */
  async of(sentences: { key: string; text: string }[]): Promise<Float32Array[]> {
    const missing = sentences.filter((s) => !this.cache.has(s.key));
    if (missing.length) {
      const vectors = await this.embed(missing.map((s) => s.text));
      missing.forEach((s, i) => this.cache.set(s.key, vectors[i]!));
      for (const key of this.cache.keys()) {
        if (this.cache.size <= this.capacity) break;
        this.cache.delete(key);
      }
    }
    return sentences.map((s) => this.cache.get(s.key)!);
  }

  /** Vectors of single words, for matching a question's words to a sentence's in other words; an unknown word's is all zeros. */
  words(ws: string[]): Promise<Float32Array[]> {
    return this.of(ws.map((w) => ({ key: `word:${w}`, text: w })));
  }
}
