/**
 * What the answer stage knows of the corpus as a whole: how many passages use each term, the
 * corpus's own spelling of a misspelt word, and how the corpus capitalises each word. Counted
 * when the index is built and stored with it, so starting up never re-reads the corpus.
 */
import { words } from "../ingest/terms.js";
import type { PackReader, Typed } from "./pack.js";
import { StringTable } from "./string-table.js";
import type { Vocabulary } from "./vocabulary.js";

export interface CorpusStats {
  /** Passages in the corpus. */
  readonly docCount: number;
  /** Passages whose text holds the index term (stemmed, as `terms()` gives it). */
  df(term: string): number;
  /** The term of passage text at most `maxDistance` edits from `term`, the closest and most used first; undefined when none. */
  nearest(term: string, maxDistance: number): string | undefined;
  /** How often the corpus writes a word (lower case, as `words()` gives it) capitalised mid-sentence, and in lower case. */
  capitalisation(word: string): { capitalised: number; lower: number };
  /** The words the corpus writes (lower case) that start with `prefix`. */
  wordsStartingWith(prefix: string): string[];
}

/** A capital after a lower-case word or a comma is not there because a sentence starts. */
const MID_SENTENCE_CAPITAL = /(?<=[\p{Ll},;:]\s+)\p{Lu}[\p{L}'’\-]*/gu;
/** A capital inside a word ("arXiv", "eLife", "post-Soviet") is a name's, wherever the word stands. */
const INNER_CAPITAL = /(?<![\p{L}'’\-])\p{Ll}[\p{Ll}'’\-]*\p{Lu}[\p{L}'’\-]*/gu;
const LOWER_CASE_WORD = /(?<![\p{L}'’\-])\p{Ll}[\p{Ll}'’\-]*(?![\p{L}'’\-])/gu;

export class CapitalisationCounts implements Pick<CorpusStats, "capitalisation" | "wordsStartingWith"> {
  constructor(
    readonly words: StringTable,
    readonly capitalised: Uint32Array,
    readonly lower: Uint32Array,
  ) {}

  capitalisation(word: string): { capitalised: number; lower: number } {
    const i = this.words.find(word);
    return i < 0 ? { capitalised: 0, lower: 0 } : { capitalised: this.capitalised[i]!, lower: this.lower[i]! };
  }

  wordsStartingWith(prefix: string): string[] {
    return this.words.withPrefix(prefix);
  }
}

export function countCapitalisation(texts: Iterable<string>): CapitalisationCounts {
  const counts = new Map<string, [number, number]>();
  const count = (raw: string, which: 0 | 1) => {
    const w = words(raw)[0];
    if (!w) return;
    let c = counts.get(w);
    if (!c) counts.set(w, (c = [0, 0]));
    c[which]++;
  };
  for (const text of texts) {
    for (const m of text.matchAll(MID_SENTENCE_CAPITAL)) count(m[0], 0);
    for (const m of text.matchAll(INNER_CAPITAL)) count(m[0], 0);
    for (const m of text.matchAll(LOWER_CASE_WORD)) count(m[0], 1);
  }
  const table = StringTable.sorted(counts.keys());
  const capitalised = new Uint32Array(table.size);
  const lower = new Uint32Array(table.size);
  for (let i = 0; i < table.size; i++) [capitalised[i], lower[i]] = counts.get(table.get(i))!;
  return new CapitalisationCounts(table, capitalised, lower);
}

export function capitalisationArrays(c: CapitalisationCounts): Record<string, Typed> {
  return { ...c.words.arrays("caps.words"), "caps.capitalised": c.capitalised, "caps.lower": c.lower };
}

export function readCapitalisation(pack: PackReader): CapitalisationCounts {
  return new CapitalisationCounts(StringTable.read(pack, "caps.words"), pack.resident("caps.capitalised"), pack.resident("caps.lower"));
}

/** One segment's part of the statistics (an index is one or more segments: corpus-stats of each, summed). */
export interface StatsPart {
  lexical: { vocabulary: Vocabulary; dfText: Uint32Array };
  caps: CapitalisationCounts;
}

/** The stored statistics of an index, summed over its segments. */
export class StoredCorpusStats implements CorpusStats {
  constructor(
    private readonly parts: readonly StatsPart[],
    readonly docCount: number,
  ) {}

  df(term: string): number {
    let n = 0;
    for (const { vocabulary, dfText } of this.parts.map((p) => p.lexical)) {
      const id = vocabulary.id(term);
      if (id >= 0) n += dfText[id]!;
    }
    return n;
  }

  nearest(term: string, maxDistance: number): string | undefined {
    const found = this.parts.flatMap(({ lexical: { vocabulary, dfText } }) =>
      vocabulary.near(
        term,
        maxDistance,
        1,
        (id) => dfText[id]!,
        (id) => dfText[id]! > 0,
      ),
    );
    if (found.length < 2) return found[0]?.term;
    return found.map((n) => ({ ...n, df: this.df(n.term) })).sort((a, b) => a.distance - b.distance || b.df - a.df || (a.term < b.term ? -1 : 1))[0]!.term;
  }

  wordsStartingWith(prefix: string): string[] {
    return [...new Set(this.parts.flatMap(({ caps }) => caps.wordsStartingWith(prefix)))].sort();
  }

  capitalisation(word: string): { capitalised: number; lower: number } {
    const sum = { capitalised: 0, lower: 0 };
    for (const { caps } of this.parts) {
      const c = caps.capitalisation(word);
      sum.capitalised += c.capitalised;
      sum.lower += c.lower;
    }
    return sum;
  }
}
