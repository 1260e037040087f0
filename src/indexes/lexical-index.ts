/**
 * The BM25 index over passages: an inverted index of typed arrays, one posting list per term
 * holding each passage's precomputed weight, read from disk a term at a time.
 *
 * Scoring is MiniSearch's BM25+ (k 1.2, b 0.7, d 0.5), which footnote used before and tuned its
 * retrieval against: two fields, the passage text and its section title at half weight; a
 * field's length counts its distinct terms; a passage's score is multiplied by how many of the
 * query's terms it matched. Names get misspelt ("Karabah"), so a longer word the corpus lacks
 * is matched to the corpus's terms a few edits away, at reduced weight; words it does contain,
 * and short ones, must match exactly.
 */
import { terms } from "../ingest/terms.js";
import type { PackReader, Typed } from "./pack.js";
import { StringTable } from "./string-table.js";
import { Vocabulary } from "./vocabulary.js";

export interface LexicalHit {
  index: number;
  score: number;
  /** Corpus terms found in the passage (after stemming; a misspelt query word shows as the corpus's spelling). */
  matched: string[];
}

/** A query term with its weight: the user's own words weigh 1, added forms (synonyms) less. */
export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface LexicalSource {
  text: string;
  section: string;
}

const K = 1.2;
const B = 0.7;
const D = 0.5;
const SECTION_BOOST = 0.5;
/** MiniSearch's weight for a fuzzy match, scaled by term.length / (term.length + distance). */
const FUZZY_WEIGHT = 0.45;
const MIN_FUZZY_LENGTH = 6;
/** Caps on the fuzzy part, the slow part of a query: how many words, and how many terms per word. */
const MAX_FUZZY_WORDS = 6;
const MAX_FUZZY_TERMS = 12;
/** Distinct query terms that count towards a passage's match count (a bit each). */
const MAX_COUNTED_TERMS = 32;

const LETTERS = /^\p{L}+$/u;

function maxEdits(term: string): number {
  return Math.min(2, Math.round(term.length * 0.2));
}

function bm25(tf: number, df: number, total: number, length: number, avgLength: number): number {
  const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
  return idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * length) / avgLength)));
}

/** Postings from (term, passage, count) triples gathered in passage order; grows as it goes. */
class Triples {
  term = new Uint32Array(1 << 16);
  doc = new Uint32Array(1 << 16);
  tf = new Uint32Array(1 << 16);
  n = 0;
  push(term: number, doc: number, tf: number): void {
    if (this.n === this.term.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.term = grow(this.term);
      this.doc = grow(this.doc);
      this.tf = grow(this.tf);
    }
    this.term[this.n] = term;
    this.doc[this.n] = doc;
    this.tf[this.n] = tf;
    this.n++;
  }
}

function counts(list: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of list) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

export interface LexicalArrays {
  vocabulary: Vocabulary;
  /** Passages whose text (not section title) holds each term: the answer stage's document frequency. */
  dfText: Uint32Array;
  /** Passages whose section title holds each term; kept so a later segment can weigh its terms against these. */
  dfSection: Uint32Array;
  /** [passages, mean distinct terms of a text, of a section title]. */
  shape: Float64Array;
  postStarts: Float64Array;
  postDocs: Uint32Array;
  postWeights: Float32Array;
}

/**
 * The passages already indexed, when a segment is added to them: its BM25 weights use the
 * statistics of everything together, so its scores rank alongside theirs. (Theirs were weighed
 * without the segment; a segment small beside them shifts those statistics little.)
 */
export interface LexicalPrior {
  shape: Float64Array;
  df(term: string): { text: number; section: number };
}

export function buildLexical(passages: Iterable<LexicalSource>, prior?: LexicalPrior): LexicalArrays {
  const ids = new Map<string, number>();
  const idOf = (t: string) => {
    let id = ids.get(t);
    if (id === undefined) ids.set(t, (id = ids.size));
    return id;
  };
  const text = new Triples();
  const section = new Triples();
  const textLength: number[] = [];
  const sectionLength: number[] = [];
  // Sections repeat for every passage in them; their terms are worked out once.
  const sectionTerms = new Map<string, [number, number][]>();
  let total = 0;
  for (const p of passages) {
    const tf = counts(terms(p.text));
    textLength.push(tf.size);
    for (const [t, n] of tf) text.push(idOf(t), total, n);
    let st = sectionTerms.get(p.section);
    if (!st) sectionTerms.set(p.section, (st = [...counts(terms(p.section))].map(([t, n]) => [idOf(t), n])));
    sectionLength.push(st.length);
    for (const [t, n] of st) section.push(t, total, n);
    total++;
  }
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  const textTotal = sum(textLength);
  const sectionTotal = sum(sectionLength);
  const [priorTotal, priorText, priorSection] = prior?.shape ?? [0, 0, 0];
  const all = total + priorTotal!;
  const avgText = all ? (textTotal + priorText! * priorTotal!) / all : 0;
  const avgSection = all ? (sectionTotal + priorSection! * priorTotal!) / all : 0;

  // Renumber terms in sorted order, so a term's id is its place in the sorted vocabulary.
  const table = StringTable.sorted(ids.keys());
  const remap = new Uint32Array(ids.size);
  for (let sortedId = 0; sortedId < table.size; sortedId++) remap[ids.get(table.get(sortedId))!] = sortedId;
  const V = table.size;
  const dfText = new Uint32Array(V);
  const dfSection = new Uint32Array(V);
  for (let i = 0; i < text.n; i++) dfText[(text.term[i] = remap[text.term[i]!]!)]!++;
  for (let i = 0; i < section.n; i++) dfSection[(section.term[i] = remap[section.term[i]!]!)]!++;
  const before = Array.from({ length: prior ? V : 0 }, (_, v) => prior!.df(table.get(v)));

  // Counting sort by term; within a term, passages stay in order, and a passage with the term in
  // both fields gets one posting holding both fields' weight.
  const postStarts = new Float64Array(V + 1);
  const slot = new Float64Array(V);
  const lastDoc = new Int32Array(V).fill(-1);
  const countPostings = (t: Triples) => {
    for (let i = 0; i < t.n; i++) slot[t.term[i]!]!++;
  };
  countPostings(text);
  countPostings(section);
  // Upper bound (both fields counted); trimmed below once shared postings are merged.
  for (let v = 0; v < V; v++) postStarts[v + 1] = postStarts[v]! + slot[v]!;
  for (let v = 0; v < V; v++) slot[v] = postStarts[v]!;
  const docs = new Uint32Array(postStarts[V]!);
  const weights = new Float32Array(postStarts[V]!);
  // Walk both fields' triples together in passage order.
  let a = 0;
  let b = 0;
  while (a < text.n || b < section.n) {
    const fromText = b >= section.n || (a < text.n && text.doc[a]! <= section.doc[b]!);
    const src = fromText ? text : section;
    const i = fromText ? a++ : b++;
    const v = src.term[i]!;
    const doc = src.doc[i]!;
    const w = fromText
      ? bm25(src.tf[i]!, dfText[v]! + (before[v]?.text ?? 0), all, textLength[doc]!, avgText)
      : SECTION_BOOST * bm25(src.tf[i]!, dfSection[v]! + (before[v]?.section ?? 0), all, sectionLength[doc]!, avgSection);
    if (lastDoc[v] === doc) weights[slot[v]! - 1]! += w;
    else {
      docs[slot[v]!] = doc;
      weights[slot[v]!] = w;
      slot[v]!++;
      lastDoc[v] = doc;
    }
  }
  // Close the gaps merging left.
  let out = 0;
  const starts = new Float64Array(V + 1);
  for (let v = 0; v < V; v++) {
    starts[v] = out;
    for (let j = postStarts[v]!; j < slot[v]!; j++, out++) {
      docs[out] = docs[j]!;
      weights[out] = weights[j]!;
    }
  }
  starts[V] = out;
  const shape = Float64Array.of(total, total ? textTotal / total : 0, total ? sectionTotal / total : 0);
  return { vocabulary: Vocabulary.build(table), dfText, dfSection, shape, postStarts: starts, postDocs: docs.slice(0, out), postWeights: weights.slice(0, out) };
}

export function lexicalArrays(built: LexicalArrays): Record<string, Typed> {
  const { vocabulary, ...arrays } = built;
  return { ...vocabulary.arrays(), ...arrays };
}

export class LexicalIndex {
  /** Score and matched-term bits per passage during one query; reused, cleared after. */
  private readonly score: Float64Array;
  private readonly bits: Uint32Array;

  private constructor(
    readonly vocabulary: Vocabulary,
    readonly dfText: Uint32Array,
    readonly dfSection: Uint32Array,
    readonly shape: Float64Array,
    private readonly postStarts: Float64Array,
    private readonly pack: PackReader,
    readonly passages: number,
  ) {
    this.score = new Float64Array(passages);
    this.bits = new Uint32Array(passages);
  }

  static read(pack: PackReader, passages: number): LexicalIndex {
    return new LexicalIndex(Vocabulary.read(pack), pack.resident("dfText"), pack.resident("dfSection"), pack.resident("shape"), pack.resident("postStarts"), pack, passages);
  }

  /**
   * The best `limit` passages for a query: plain text (every word weighs 1), or weighted terms,
   * each tokenised like passages are. `within` narrows the search to a range of passages, e.g. one
   * paper's: postings are in passage order, so only that stretch of each list is read. `known`
   * says which terms the whole index holds (by default this one's vocabulary): only others are
   * matched fuzzily.
   */
  query(query: string | WeightedTerm[], limit: number, within?: readonly [number, number], known = (term: string) => this.vocabulary.id(term) >= 0): LexicalHit[] {
    const wanted = typeof query === "string" ? terms(query).map((term) => ({ term, weight: 1 })) : query.flatMap((q) => terms(q.term).map((term) => ({ term, weight: q.weight })));
    const bitOf = new Map<string, number>();
    const derived: { id: number; weight: number; bit: number }[] = [];
    let fuzzyWords = 0;
    for (const { term, weight } of wanted) {
      if (!(weight > 0)) continue;
      if (!bitOf.has(term)) bitOf.set(term, bitOf.size < MAX_COUNTED_TERMS ? 1 << bitOf.size : 0);
      const bit = bitOf.get(term)!;
      const id = this.vocabulary.id(term);
      if (id >= 0) derived.push({ id, weight, bit });
      else if (!known(term) && term.length >= MIN_FUZZY_LENGTH && LETTERS.test(term) && fuzzyWords++ < MAX_FUZZY_WORDS) {
        for (const near of this.vocabulary.near(term, maxEdits(term), MAX_FUZZY_TERMS, (v) => this.postStarts[v + 1]! - this.postStarts[v]!)) {
          derived.push({ id: near.id, weight: (weight * FUZZY_WEIGHT * near.term.length) / (near.term.length + near.distance), bit });
        }
      }
    }
    const touched: number[] = [];
    const lists = derived.map((d) => {
      let from = this.postStarts[d.id]!;
      let to = this.postStarts[d.id + 1]!;
      if (within) {
        const all = this.pack.slice<Uint32Array>("postDocs", from, to);
        [from, to] = [from + lowerBound(all, within[0]), from + lowerBound(all, within[1])];
      }
      const docs = this.pack.slice<Uint32Array>("postDocs", from, to);
      const weights = this.pack.slice<Float32Array>("postWeights", from, to);
      for (let j = 0; j < docs.length; j++) {
        const doc = docs[j]!;
        if (this.bits[doc] === 0 && this.score[doc] === 0) touched.push(doc);
        this.score[doc]! += d.weight * weights[j]!;
        this.bits[doc]! |= d.bit;
      }
      return docs;
    });
    const top = new TopK(limit);
    for (const doc of touched) {
      top.offer(doc, this.score[doc]! * Math.max(1, popcount(this.bits[doc]!)));
      this.score[doc] = 0;
      this.bits[doc] = 0;
    }
    return top.best().map((h) => ({
      ...h,
      matched: [...new Set(derived.filter((_, i) => contains(lists[i]!, h.index)).map((d) => this.vocabulary.terms.get(d.id)))],
    }));
  }
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** The first place in `docs` (in passage order) holding `doc` or a later passage. */
function lowerBound(docs: Uint32Array, doc: number): number {
  let lo = 0;
  let hi = docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Postings are in passage order. */
function contains(docs: Uint32Array, doc: number): boolean {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid] === doc) return true;
    if (docs[mid]! < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The best k of a stream by score (ties to the lower index), in a min-heap of k. */
class TopK {
  private readonly index: number[] = [];
  private readonly score: number[] = [];

  constructor(private readonly k: number) {}

  /** Whether (i, a) ranks below (j, b). */
  private below(i: number, j: number): boolean {
    const a = this.score[i]!;
    const b = this.score[j]!;
    return a < b || (a === b && this.index[i]! > this.index[j]!);
  }

  private swap(i: number, j: number): void {
    [this.index[i], this.index[j]] = [this.index[j]!, this.index[i]!];
    [this.score[i], this.score[j]] = [this.score[j]!, this.score[i]!];
  }

  offer(index: number, score: number): void {
    if (this.k <= 0) return;
    if (this.index.length < this.k) {
      this.index.push(index);
      this.score.push(score);
      for (let i = this.index.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!this.below(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    const worst = this.score[0]!;
    if (score < worst || (score === worst && index > this.index[0]!)) return;
    this.index[0] = index;
    this.score[0] = score;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.index.length && this.below(l, m)) m = l;
      if (r < this.index.length && this.below(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  best(): { index: number; score: number }[] {
    return this.index.map((index, i) => ({ index, score: this.score[i]! })).sort((a, b) => b.score - a.score || a.index - b.index);
  }
}
