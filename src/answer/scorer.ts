/**
 * The fitted scorer: logistic regression over the features, weights in `answer-model.json`
 * (fitted by `npm run fit`, scripts/fit-answer-model.ts). It gives the probability that a sentence
 * answers the question; the thresholds in the same file turn it into decisions.
 */
import fitted from "./answer-model.json" with { type: "json" };
import { FEATURES } from "./features.js";

export interface AnswerModel {
  version: number;
  features: string[];
  /** Standardisation of each feature, as fitted. */
  mean: number[];
  std: number[];
  /** Intercept first, then one weight per feature. */
  weights: number[];
  /** Below this probability for the best sentence, the question is not covered. */
  abstainBelow: number;
  /** Below this probability, no short answer is shown in bold. */
  boldAbove: number;
  /** Other sentences are quoted when at least this probable. */
  extraQuoteAbove: number;
  /** How the weights were fitted and what they scored on held-out data. */
  fit: Record<string, unknown>;
}

export function loadAnswerModel(model: AnswerModel = fitted): AnswerModel {
  if (model.features.join() !== FEATURES.join()) {
    throw new Error("answer-model.json was fitted on other features than the code computes: run `npm run fit`.");
  }
  return model;
}

export function probability(model: Pick<AnswerModel, "mean" | "std" | "weights">, x: number[]): number {
  let z = model.weights[0]!;
  for (let i = 0; i < x.length; i++) z += model.weights[i + 1]! * ((x[i]! - model.mean[i]!) / model.std[i]!);
  return 1 / (1 + Math.exp(-z));
}
