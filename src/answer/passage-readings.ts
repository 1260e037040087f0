/**
 * A passage as the answer stage reads it: its sentences with their index terms and content words,
 * and the terms of the passage under its heading and its paper's title. A loaded index never
 * changes and people ask about the same passages again and again, so each is read once.
 */
import { splitSentences, type Span } from "../ingest/sentences.js";
import { contentWords, terms } from "../ingest/terms.js";
import type { Passage, SourceDocument } from "../ingest/types.js";
import { leansBack } from "./quote-span.js";

export interface SentenceReading extends Span {
  text: string;
  terms: Set<string>;
  /** Distinct content words, unstemmed, as the word vectors know them. */
  words: string[];
  /** The terms of the sentence before, where this one leans on it ("The aim of this project…"): the names it stands for. */
  antecedentTerms?: Set<string>;
}

export interface PassageReading {
  sentences: SentenceReading[];
  /** A passage is read under its heading and its paper's title: "its members" in a chapter on DataCite are DataCite's. */
  terms: Set<string>;
}

export class PassageReadings {
  private readonly cache = new Map<string, PassageReading>();

  constructor(private readonly capacity = 20_000) {}

  of(passage: Passage, doc: SourceDocument): PassageReading {
    let reading = this.cache.get(passage.id);
    if (!reading) {
      const sentences: SentenceReading[] = splitSentences(doc.text, passage.start, passage.end).map((span) => {
        const text = doc.text.slice(span.start, span.end);
        return { ...span, text, terms: new Set(terms(text)), words: contentWords(text) };
      });
      sentences.forEach((s, i) => {
        if (i > 0 && leansBack(s.text)) s.antecedentTerms = sentences[i - 1]!.terms;
      });
      reading = { sentences, terms: new Set(terms(`${passage.text} ${passage.citation.section} ${passage.citation.paper}`)) };
      if (this.cache.size >= this.capacity) this.cache.clear();
      this.cache.set(passage.id, reading);
    }
    return reading;
  }
}
