/**
 * Whether a short answer is of the type the question asks for, judged by offline NLP libraries
 * rather than by capitalisation: wink-nlp's entity recogniser for dates, counts, amounts and
 * money, compromise's people and places. A bold answer of the wrong type is worse than none.
 */
import nlp from "compromise";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Span } from "../ingest/sentences.js";
import type { WordNet } from "../lexicon/wordnet.js";
import { isNumeric, type AnswerKind } from "./question.js";

const wink = winkNLP(model);
const its = wink.its;

/** The entity types of wink-nlp that answer each kind of question. */
const ENTITY_TYPES = {
  year: new Set(["DATE"]),
  count: new Set(["CARDINAL", "QUANTITY"]),
  money: new Set(["MONEY"]),
  share: new Set(["PERCENT", "CARDINAL"]),
  number: new Set(["CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "DURATION"]),
  quantity: new Set(["CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DURATION"]),
  distance: new Set(["CARDINAL", "QUANTITY"]),
  measure: new Set(["CARDINAL", "QUANTITY", "DURATION"]),
};

/** What a name can name: "which company / system / incident / country / group" asks for one of these. */
const NAMEABLE = ["organization", "person", "location", "artifact", "event", "social group", "document", "written communication"];

/**
 * `head` is the noun a which/what question asks for ("which company…" → company); with WordNet,
 * a head that names no kind of named thing ("which dimensions…") gets no bold name.
 */
export function confirmsType(sentence: string, span: Span, kind: AnswerKind, head: string[] = [], wordnet?: WordNet): boolean {
  if (kind === "other") return false;
  if (kind === "year" || isNumeric(kind)) {
    const text = sentence.slice(span.start, span.end);
    const wanted = ENTITY_TYPES[kind as keyof typeof ENTITY_TYPES];
    const found = wink
      .readDoc(sentence)
      .entities()
      .out(its.detail)
      .some((e) => {
        const { value, type } = e as { value: string; type: string };
        return (value.includes(text) || text.includes(value)) && wanted.has(type);
      });
    // wink misses amounts in words ("one-fifth of its territory"); the finder only proposes those with a unit. A fraction measures no distance or time.
    const inWords = kind === "measure" || kind === "distance" ? /\b(?:hundreds?|thousands?|millions?|billions?)\b/i : /\b(?:half|third|quarter|fifth|tenth|hundreds?|thousands?|millions?|billions?)\b/i;
    return found || (kind !== "year" && kind !== "money" && inWords.test(text));
  }
  const text = sentence.slice(span.start, span.end);
  const doc = nlp(sentence);
  const overlapping = (found: string[]) => found.some((f) => f.includes(text) || text.includes(f.replace(/[.,;:]+$/, "")));
  if (kind === "person") return overlapping(doc.people().out("array") as string[]);
  if (kind === "place") return overlapping(doc.places().out("array") as string[]);
  // "Which company / system / incident…": a name, not a date or an amount, of a kind a name can name.
  const noun = head.at(-1);
  return !/^\d/.test(text) && (!noun || !wordnet || wordnet.isA(noun, NAMEABLE));
}
