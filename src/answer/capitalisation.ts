/** How the corpus capitalises its words: a sentence's capitalised first word may be a name ("Iran") or not ("Due", "Moreover"). */
import type { CorpusStats } from "../indexes/corpus-stats.js";

/** What a dictionary says of a word the corpus gives no evidence on (the lexicon's WordNet). */
export interface Dictionary {
  isEnglish(word: string): boolean;
  isName(word: string): boolean;
}

export class Capitalisation {
  /** The counts are made when the index is built (indexes/corpus-stats.ts). */
  constructor(
    private readonly stats: Pick<CorpusStats, "capitalisation" | "wordsStartingWith">,
    private readonly dictionary?: Dictionary,
  ) {}

  /**
   * Whether a sentence's first word is capitalised only because it opens the sentence: the corpus
   * writes it in lower case ("Due"), or, unknown, it is set off by a comma ("Moreover,"). A word
   * the corpus never writes in lower case ("Pinkhaz") is taken for a name, unless the corpus never
   * writes it mid-sentence at all (a short paper's "Planting more flowers…") and the dictionary
   * knows it as an English word that is no name.
   */
  isOpener(word: string, followedByComma: boolean): boolean {
    const { capitalised, lower } = this.stats.capitalisation(word);
    if (this.isName(word)) return false;
    if (lower > 0 || followedByComma) return true;
    return capitalised === 0 && !!this.dictionary?.isEnglish(word) && !this.dictionary.isName(word);
  }

  /** The words the corpus writes as names that start with `prefix`. */
  namesStartingWith(prefix: string): string[] {
    return this.stats.wordsStartingWith(prefix).filter((w) => this.isName(w));
  }

  /** Whether the corpus writes the word mostly in lower case: an ordinary word of its field ("datasets", "preprint"), though no dictionary lists it. */
  isCommon(word: string): boolean {
    const { capitalised, lower } = this.stats.capitalisation(word);
    return lower > capitalised;
  }

  /**
   * Whether the corpus writes the word (given in lower case) as a name: capitalised mid-sentence
   * more often than not. A tie ("Website" in a title, "website" once in the text) is the
   * dictionary's to break: an English word it lists is taken for the ordinary word.
   */
  isName(word: string): boolean {
    const { capitalised, lower } = this.stats.capitalisation(word);
    if (capitalised > lower) return true;
    if (capitalised > 0 && capitalised === lower) return !this.dictionary?.isEnglish(word) || !!this.dictionary.isName(word);
    // "azerbaijans": a possessive or plural typed without its apostrophe.
    return word.length > 3 && word.endsWith("s") && lower === 0 && this.isName(word.slice(0, -1));
  }
}
