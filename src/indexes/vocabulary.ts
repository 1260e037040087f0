/**
 * The corpus's index terms, sorted, with an index of their letter pairs so a misspelt word finds
 * the terms a few edits away without comparing it to every term there is. A term within `d` edits
 * of a word keeps at least (distinct pairs of the word) - 2d of them, since one edit breaks at
 * most two pairs: terms sharing fewer are never compared.
 */
import { distance } from "fastest-levenshtein";
import type { PackReader, Typed } from "./pack.js";
import { StringTable } from "./string-table.js";

/** Only letter-only terms this long take part: shorter words are never matched fuzzily. */
const MIN_FUZZY_LENGTH = 4;
const LETTERS = /^\p{L}+$/u;

export interface Near {
  id: number;
  term: string;
  distance: number;
}

function pairs(term: string): number[] {
  const out = new Set<number>();
  for (let i = 0; i + 1 < term.length; i++) out.add(term.charCodeAt(i) * 65536 + term.charCodeAt(i + 1));
  return [...out];
}

export class Vocabulary {
  /** Counts shared pairs per term during one lookup; reused, and cleared after. */
  private readonly shared: Uint8Array;

  private constructor(
    readonly terms: StringTable,
    private readonly pairKeys: Float64Array,
    private readonly pairStarts: Uint32Array,
    private readonly pairTerms: Uint32Array,
  ) {
    this.shared = new Uint8Array(terms.size);
  }

  /** `sorted` must be sorted (StringTable.sorted). */
  static build(sorted: StringTable): Vocabulary {
    const byPair = new Map<number, number[]>();
    for (let id = 0; id < sorted.size; id++) {
      const t = sorted.get(id);
      if (t.length < MIN_FUZZY_LENGTH || !LETTERS.test(t)) continue;
      for (const p of pairs(t)) {
        let list = byPair.get(p);
        if (!list) byPair.set(p, (list = []));
        list.push(id);
      }
    }
    const keys = Float64Array.from([...byPair.keys()].sort((a, b) => a - b));
    const starts = new Uint32Array(keys.length + 1);
    keys.forEach((k, i) => (starts[i + 1] = starts[i]! + byPair.get(k)!.length));
    const ids = new Uint32Array(starts[keys.length]!);
    keys.forEach((k, i) => ids.set(byPair.get(k)!, starts[i]!));
    return new Vocabulary(sorted, keys, starts, ids);
  }

  arrays(): Record<string, Typed> {
    return { ...this.terms.arrays("vocab"), "vocab.pairKeys": this.pairKeys, "vocab.pairStarts": this.pairStarts, "vocab.pairTerms": this.pairTerms };
  }

  static read(pack: PackReader): Vocabulary {
    return new Vocabulary(StringTable.read(pack, "vocab"), pack.resident("vocab.pairKeys"), pack.resident("vocab.pairStarts"), pack.resident("vocab.pairTerms"));
  }

  get size(): number {
    return this.terms.size;
  }

  /** The term's id, or -1 when the corpus lacks it. */
  id(term: string): number {
    return this.terms.find(term);
  }

  /**
   * Terms at most `maxDistance` edits from `word` (which the vocabulary lacks), closest first,
   * then by `rank` (higher first), at most `limit` of them; `keep` may rule terms out.
   */
  near(word: string, maxDistance: number, limit: number, rank: (id: number) => number = () => 0, keep: (id: number) => boolean = () => true): Near[] {
    // No word is this long; the pair counts below are bytes.
    if (word.length > 64) return [];
    const wanted = pairs(word);
    const needed = wanted.length - 2 * maxDistance;
    if (needed < 1) return [];
    const touched: number[] = [];
    for (const p of wanted) {
      const at = this.pairIndex(p);
      if (at < 0) continue;
      for (let j = this.pairStarts[at]!; j < this.pairStarts[at + 1]!; j++) {
        const id = this.pairTerms[j]!;
        if (this.shared[id]! === 0) touched.push(id);
        this.shared[id]!++;
      }
    }
    const found: Near[] = [];
    for (const id of touched) {
      if (this.shared[id]! >= needed && keep(id)) {
        const term = this.terms.get(id);
        if (Math.abs(term.length - word.length) <= maxDistance) {
          const d = distance(word, term);
          if (d <= maxDistance) found.push({ id, term, distance: d });
        }
      }
      this.shared[id] = 0;
    }
    return found.sort((a, b) => a.distance - b.distance || rank(b.id) - rank(a.id) || a.id - b.id).slice(0, limit);
  }

  private pairIndex(key: number): number {
    let lo = 0;
    let hi = this.pairKeys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.pairKeys[mid]!;
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
