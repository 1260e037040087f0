/**
 * The content of a question, term by term, as the answer stage weighs it: how rare each term is
 * in the corpus, whether it is a key term (a name, a number, a word no English dictionary has)
 * or an ordinary English word, and which corpus terms could stand for it in other words
 * (WordNet synonyms and broader terms, typo fixes for words that are not English).
 */
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { isStopword, normalizeText, termsOf, words } from "../ingest/terms.js";
import { correctSpelling } from "../lexicon/spelling.js";
import type { WordNet } from "../lexicon/wordnet.js";
import { questionFocus } from "./question.js";
import type { Capitalisation } from "./capitalisation.js";
import type { TermWeights } from "./term-weights.js";

export interface QuestionTerm {
  /** The index term (stem). */
  term: string;
  /** The word as asked, lower case. */
  word: string;
  weight: number;
  /** A name, number or non-dictionary word: the question is about it, so a sentence without it hardly answers. */
  key: boolean;
  /** The corpus has the term itself (after a typo fix). */
  inCorpus: boolean;
  /** Corpus terms that say the same in other words, with how close they are (0..1). */
  related: Map<string, number>;
  /** From an earlier question of the conversation: counts for less. */
  context: boolean;
  /** The thing or relation the question asks about ("the *range* of the missile", "when did they *restore* relations"). */
  asked: boolean;
}

export interface Lexicon {
  weights: TermWeights;
  wordnet: WordNet;
  /** How the corpus capitalises words, so a name typed in lower case ("israel") is still read as a name. */
  capitalisation?: Capitalisation;
}

/** How much a match in other words counts against the word itself. */
export const MATCH = { exact: 1, sameRoot: 0.8, typo: 0.85, synonym: 0.7, hypernym: 0.45 } as const;

/** Contractions typed without the apostrophe ("whats", "doesnt", "im") are stopwords, not unknown names. */
const BARE_CONTRACTION = /^(?:(?:what|that|it|there|who|where|how|here|he|she|let)s|(?:do|does|did|is|are|was|were|have|has|had|would|could|should|ca|wo|ai)nt|(?:i|you|we|they)(?:m|re|ve|ll|d))$/;

/** Words in other words count for half as much as the user's own in retrieval. */
const EXPANSION_WEIGHT = 0.5;

/**
 * The query for lexical retrieval: the user's own words at full weight, and the corpus terms
 * that say the same in other words (WordNet synonyms of its ordinary words) below them.
 */
export function expandedQuery(question: string, lexicon: Lexicon): { term: string; weight: number }[] {
  const own = questionTerms(question, [], lexicon);
  const out = words(question).map((w) => ({ term: w, weight: 1 }));
  const seen = new Set(own.map((t) => t.term));
  // Names have only their own family among their related terms ("Iranian": Iran), and broader terms are too loose to search by.
  for (const t of own) {
    for (const [term, level] of t.related) {
      if (seen.has(term) || level < MATCH.synonym) continue;
      seen.add(term);
      out.push({ term, weight: EXPANSION_WEIGHT * level });
    }
  }
  return out;
}

/** How a question asks, not what about: question words and the negation it is asked with. */
const QUESTION_WORD = /^(?:what|when|where|who|whom|whose|which|why|how|not|no)$/;

export function questionTerms(question: string, context: string[], lexicon: Lexicon): QuestionTerm[] {
  const out: QuestionTerm[] = [];
  const askedWords = new Set(askedOf(question));
  const add = (text: string, fromContext: boolean) => {
    const capitalised = capitalisedWords(text);
    const { grammatical, lemmas } = readWords(text);
    for (let word of words(questionFocus(text))) {
      if (isStopword(word) || BARE_CONTRACTION.test(word) || QUESTION_WORD.test(word) || grammatical.has(word)) continue;
      const typed = word;
      // A name is spelt as the asker capitalised it; only an ordinary word typed wrong is fixed.
      if (!capitalised.has(word)) word = respelt(word, lexicon) ?? word;
      for (const raw of termsOf(word)) {
        if (out.some((t) => t.term === raw)) continue;
        const english = isEnglish(word, lemmas, lexicon.wordnet);
        // Typos are fixed only where the word is not English: "sell" must not become "shell".
        const term = english ? raw : lexicon.weights.resolve(raw);
        const inCorpus = lexicon.weights.has(term);
        if ((word.length === 1 || (!english && !inCorpus)) && isShorthand(word, typed, capitalised)) continue;
        // A name typed in lower case is known by how the corpus writes it, or, where the corpus never does, by WordNet's.
        // A word no dictionary lists is a key unless the corpus writes it mostly in lower case ("datasets", "preprint").
        const unlisted = !english && !lexicon.capitalisation?.isCommon(word);
        const key = /\d/.test(word) || capitalised.has(typed) || unlisted || !!lexicon.capitalisation?.isName(word) || (!inCorpus && lexicon.wordnet.isName(word));
        const related = new Map<string, number>();
        if (term !== raw) related.set(term, MATCH.typo);
        // A name's own family: "Iranian" is said of Iran, "North American" of North America.
        if (english && key) {
          for (const d of [...lexicon.wordnet.namesDerived(word), ...namesSaidOf(word, lexicon)]) {
            for (const t of d.includes(" ") ? [] : termsOf(d)) if (t !== term && lexicon.weights.has(t) && !related.has(t)) related.set(t, MATCH.sameRoot);
          }
        }
        // A name stands for itself: "the country" is not "Israel", though WordNet files Israel under country.
        if (english && !key) {
          for (const r of lexicon.wordnet.related(word)) {
            for (const t of r.word.split(" ").length === 1 ? termsOf(r.word) : []) {
              if (t !== term && lexicon.weights.has(t) && !related.has(t)) related.set(t, r.relation === "synonym" ? MATCH.synonym : MATCH.hypernym);
            }
          }
        }
        out.push({ term, word, weight: lexicon.weights.idf(term), key, inCorpus, related, context: fromContext, asked: !fromContext && !key && askedWords.has(word) });
      }
    }
  };
  add(question, false);
  for (const c of context) add(c, true);
  return out;
}

/**
 * The corpus's names that WordNet derives from this one in another spelling: it links "Jewish" to
 * Jew and "Turkish" to Turkey, but not back, so the names sharing the word's first letters are
 * asked. One that only adds an ending ("Israeli") is matched as the word itself already (features.ts).
 */
function namesSaidOf(word: string, { wordnet, capitalisation }: Lexicon): string[] {
  if (!capitalisation || word.length < FAMILY_PREFIX) return [];
  const own = new Set(termsOf(word));
  return capitalisation.namesStartingWith(word.slice(0, FAMILY_PREFIX)).filter((name) => !name.startsWith(word) && wordnet.namesDerived(name).some((d) => termsOf(d).some((t) => own.has(t))));
}
const FAMILY_PREFIX = 3;

/**
 * Whether a typed word is English: WordNet knows regular inflections only, so wink-nlp's lemma
 * gives "went" as "go" and "wrote" as "write"; a hyphenated compound ("question-and-answer") is
 * English when each of its parts is, or is a stopword.
 */
function isEnglish(word: string, lemmas: Map<string, string>, wordnet: WordNet): boolean {
  const parts = word.split("-");
  return parts.every((p) => /^\p{L}+$/u.test(p) && (isStopword(p) || wordnet.isEnglish(p) || wordnet.isEnglish(lemmas.get(p) ?? p)));
}

/**
 * Chat shorthand that spelled-out.ts does not know ("idk", "tbh"), or that comes with an earlier
 * question of the conversation: a word typed in lower case, too short to correct and
 * neither English nor the corpus's, or a lone letter (which the corpus has only as an initial), says
 * nothing a sentence could match, so it is not taken for an unknown name that the papers lack.
 */
function isShorthand(word: string, typed: string, capitalised: Set<string>): boolean {
  return word.length <= SHORTHAND_LENGTH && /^\p{Ll}+$/u.test(word) && !capitalised.has(typed);
}
const SHORTHAND_LENGTH = 3;

/** The word meant by one typed wrong: it is neither English nor the corpus's, and one edit away from a word that is. */
function respelt(word: string, { weights, wordnet }: Lexicon): string | undefined {
  if (!/^\p{L}+$/u.test(word) || wordnet.isEnglish(word) || termsOf(word).some((t) => weights.has(t))) return undefined;
  return correctSpelling(word, { corpusUses: (w) => termsOf(w).reduce((n, t) => Math.max(n, weights.uses(t)), 0), isEnglish: (w) => wordnet.isEnglish(w) });
}

const wink = winkNLP(model);
const its = wink.its;
/** Closed word classes: pronouns, determiners, prepositions, conjunctions, auxiliaries and particles say how, not what about. */
const FUNCTION_TAGS = new Set(["PRON", "DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART"]);

/**
 * What wink-nlp reads in a question's words: the function words ("nor", "toward", "themselves"),
 * with the adverbs it lists as stop words (the "so", "even", "really" of a typed question), which a
 * stopword list misses and which, taken for content, weigh as a rare term no sentence has; and
 * each word's lemma.
 */
function readWords(text: string): { grammatical: Set<string>; lemmas: Map<string, string> } {
  const tokens = wink.readDoc(text).tokens();
  const normal = tokens.out(its.normal) as string[];
  const tags = tokens.out(its.pos) as string[];
  const stop = tokens.out(its.stopWordFlag) as boolean[];
  // wink-nlp's types declare lemma with the model's add-ons as a parameter, which out() supplies itself.
  const lemma = tokens.out(its.lemma as unknown as typeof its.normal) as string[];
  return {
    grammatical: new Set(normal.filter((_, i) => FUNCTION_TAGS.has(tags[i]!) || (tags[i] === "ADV" && stop[i]))),
    lemmas: new Map(normal.map((w, i) => [w, lemma[i]!])),
  };
}

/** "What kind of device…", "what portion of its gas…": the noun after these is the one asked about; they name the answer's form. */
const KIND_OF = /^(?:kind|kinds|type|types|sort|sorts|form|forms|name|names|number|amount|part|share|portion|proportion|percentage|fraction)$/;

/**
 * The common noun and verb a question turns on, after its question word: "What is the maximum
 * *range* of…", "When did Turkey and Israel *restore* diplomatic *relations*…". A sentence that
 * has the question's names but not these answers another question. Of a compound it is the last
 * noun, the head: "drip *coffee*" is not asked of drip irrigation.
 */
export function askedOf(question: string): string[] {
  const { compound, verb } = askedParts(question);
  return [compound.at(-1), verb].filter((w): w is string => !!w);
}

/** The same with the whole compound: "how large are the *crude oil reserves*" asks for the amount of crude oil, not of gas. */
export function askedPhrase(question: string): string[] {
  const { compound, verb } = askedParts(question);
  return [...compound, verb].filter((w): w is string => !!w);
}

function askedParts(question: string): { compound: string[]; verb?: string } {
  const doc = wink.readDoc(question);
  const tokens = doc.tokens().out(its.normal) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const wh = tokens.findIndex((t) => /^(?:what|which|when|where|who|whom|whose|why|how)$/.test(t));
  if (wh < 0) return { compound: [] };
  const compound: string[] = [];
  let verb: string | undefined;
  for (let i = wh + 1; i < tokens.length; i++) {
    if (!compound.length && tags[i] === "NOUN" && !(KIND_OF.test(tokens[i]!) && tokens[i + 1] === "of")) {
      compound.push(tokens[i]!);
      while (tags[i + 1] === "NOUN") compound.push(tokens[++i]!);
    }
    if (!verb && tags[i] === "VERB" && !isAttributive(tokens, tags, i)) verb = tokens[i];
  }
  // "How much does a PeerJ membership cost?": after "does" the question needs a verb, and one the
  // tagger read as a noun closing the question is it.
  const last = tags.findLastIndex((tag) => tag !== "PUNCT");
  if (!verb && compound.length > 1 && compound.at(-1) === tokens[last] && tokens.slice(wh + 1).some((t) => /^(?:do|does|did)$/.test(t))) verb = compound.pop();
  return { compound: compound.filter((w) => !isStopword(w)), ...(verb && !isStopword(verb) ? { verb } : {}) };
}

/** A participle that describes a noun ("share of *published* papers", "the *growing* trade") rather than saying what is done. */
function isAttributive(tokens: string[], tags: string[], i: number): boolean {
  return /(?:ed|en|ing)$/.test(tokens[i]!) && /^(?:DET|ADP|ADJ)$/.test(tags[i - 1] ?? "") && tags[i + 1] === "NOUN";
}

/** Words written with a capital after the first word: names as the asker spelled them. */
function capitalisedWords(text: string): Set<string> {
  const found = new Set<string>();
  const tokens = text.trim().split(/\s+/);
  tokens.forEach((t, i) => {
    if (i > 0 && /^\p{Lu}/u.test(t)) for (const w of words(t)) found.add(normalizeText(w));
  });
  return found;
}
