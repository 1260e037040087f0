/** The part of ml-logistic-regression's API the fitting script uses (the package ships no types). */
declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    classifiers: { weights: Matrix }[];
    train(X: Matrix, Y: Matrix): void;
  }
}
