/**
 * The fitted scorer, in two stages, weights in `answer-model.json` (fitted by `npm run fit`,
 * scripts/fit-answer-model.ts). The sentence stage, logistic regression over the features, gives
 * the probability that a sentence answers the question and so ranks the candidates. The answer
 * stage, a second logistic regression over the best candidate (its probability, the runner-up's,
 * and its features), gives the probability that quoting it answers the question at all: whether a
 * sentence is the best of its question and whether the question is covered are different
 * judgements, and a question-level feature (how near the closest passage is, how many of its words
 * the corpus lacks) bears on the second only. The thresholds in the same file turn both into decisions.
 */
import fitted from "./answer-model.json" with { type: "json" };
import { ANSWER_INPUTS, answerInputs, FEATURES } from "./features.js";

/** A logistic regression over standardised inputs. */
export interface Logistic {
  /** Standardisation of each input, as fitted. */
  mean: number[];
  std: number[];
  /** Intercept first, then one weight per input. */
  weights: number[];
}

export interface AnswerModel extends Logistic {
  version: number;
  features: string[];
  /** The answer stage, over `answerInputs` of the best candidate. */
  answer: Logistic & { inputs: string[] };
  /** Below this answer-stage probability, the question is not covered. */
  abstainBelow: number;
  /** Below this sentence probability, a sentence is not quoted, even as the one that qualifies a claim. */
  relevantAbove: number;
  /** Below this answer-stage probability, no short answer is shown in bold. */
  boldAbove: number;
  /** Other sentences are quoted when at least this probable. */
  extraQuoteAbove: number;
  /** How the weights were fitted and what they scored on held-out data. */
  fit: Record<string, unknown>;
}

export function loadAnswerModel(model: AnswerModel = fitted): AnswerModel {
  if (model.features.join() !== FEATURES.join() || model.answer?.inputs.join() !== ANSWER_INPUTS.join()) {
    throw new Error("answer-model.json was fitted on other features than the code computes: run `npm run fit`.");
  }
  return model;
}

export function probability(model: Logistic, x: number[]): number {
  let z = model.weights[0]!;
  for (let i = 0; i < x.length; i++) z += model.weights[i + 1]! * ((x[i]! - model.mean[i]!) / model.std[i]!);
  return 1 / (1 + Math.exp(-z));
}

/** The probability that quoting the best of these candidates answers the question. */
export function answerProbability(model: AnswerModel, ranked: { score: number; features: number[] }[]): number {
  return ranked.length ? probability(model.answer, answerInputs(ranked)) : 0;
}
