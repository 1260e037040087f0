/**
 * The words of a text as both indexes and the answer scorer see them. Questions arrive with
 * curly quotes, dashes, "$1.6 billion", "Barak-8" or "anti-Semitism"; passages spell the same
 * things in other ways, so both sides go through this one normalisation.
 */
import { stemmer } from "stemmer";
import { eng } from "stopword";

const STOPWORDS = new Set([...eng, "s", "t", "also", "did", "does", "do", "much", "many", "according", "paper", "article", "authors"]);

const NON_ASCII = /[^\p{ASCII}]/u;

/** Curly quotes to straight, every dash to "-", accents off, lower case. */
export function normalizeText(text: string): string {
  // Most text is plain ASCII, which has no accents, curly quotes or dashes to fold.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[‘’‚‛′`´]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‐‑‒–—―−]/g, "-")
    .toLowerCase();
}

/** Words, numbers and hyphenated compounds, in order, before stemming ("azerbaijan's" → "azerbaijan"). */
export function words(text: string): string[] {
  const found = normalizeText(text).match(/[\p{L}\p{N}]+(?:[-.,'][\p{L}\p{N}]+)*/gu) ?? [];
  return found.map((w) => w.replace(/'s$/, "").replace(/'/g, ""));
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * Index terms for one word: its stem, plus the parts of a compound ("barak-8" → "barak-8",
 * "barak", "8") and a number without separators ("17,000" → "17000").
 */
export function termsOf(word: string): string[] {
  if (/^\d[\d,.]*\d$/.test(word)) {
    const plain = word.replace(/,(?=\d{3}\b)/g, "");
    return plain === word ? [word] : [word, plain];
  }
  const parts = word.split(/[-.,]/).filter(Boolean);
  const terms = parts.length > 1 ? [word, ...parts] : [word];
  return terms.filter((t) => !isStopword(t)).map((t) => (/^\p{L}+$/u.test(t) ? stemmer(t) : t));
}

/** Index terms of a whole text, stopwords dropped. */
export function terms(text: string): string[] {
  return words(text).flatMap(termsOf);
}

/** Distinct content words of a question, unstemmed, for display and phrase matching. */
export function contentWords(text: string): string[] {
  return [...new Set(words(text).filter((w) => !isStopword(w)))];
}

/**
 * Two forms of one word that stemming keeps apart ("azerbaijan"/"azerbaijani", "isra"/"israel"):
 * equal, or one the start of the other, at least `minLength` long and at most `maxExtra` longer.
 */
export function sameRoot(a: string, b: string, minLength: number, maxExtra = Infinity): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= minLength && longer.length - shorter.length <= maxExtra && longer.startsWith(shorter);
}
