/** The rules the answer model's fit chooses its thresholds by. */
import { describe, expect, it } from "vitest";
import { auc, boundedThreshold, chooseThreshold, recallThreshold } from "../scripts/thresholds.js";

/** `right` decisions at probabilities 0.99, 0.98, …, then `wrong` ones below them. */
const ranked = (right: number, wrong: number) => [
  ...Array.from({ length: right }, (_, i) => ({ p: 0.99 - i / 100, right: true })),
  ...Array.from({ length: wrong }, (_, i) => ({ p: 0.99 - (right + i) / 100, right: false })),
];

describe("bold threshold", () => {
  it("asks more of a few questions than of many at the same share right", () => {
    // 19 right of 20 is 95 %: enough as a point estimate, not as a bound on so few.
    const few = [...ranked(19, 0), { p: 0.5, right: false }];
    expect(chooseThreshold(few, 0.95)).toBe(0.5);
    expect(boundedThreshold(few, 0.9, 1)).toBe(1);
    const many = [...ranked(95, 0), ...Array.from({ length: 5 }, () => ({ p: 0.01, right: false }))];
    expect(boundedThreshold(many, 0.9, 1)).toBeLessThan(0.1);
  });

  it("counts a question pooled from several splits once", () => {
    const once = [...ranked(30, 0), { p: 0.6, right: false }];
    const sixTimes = Array.from({ length: 6 }, () => once).flat();
    expect(boundedThreshold(sixTimes, 0.9, 6)).toBe(boundedThreshold(once, 0.9, 1));
    // Read as 186 questions, the same points would pass the wrong one.
    expect(boundedThreshold(sixTimes, 0.9, 1)).toBeLessThan(boundedThreshold(once, 0.9, 1));
  });
});

it("takes the abstain threshold where the allowed share of answerable questions falls below it", () => {
  const answerable = Array.from({ length: 50 }, (_, i) => ({ p: (i + 1) / 50 }));
  // 12 % of 50 is 6: the six lowest are abstained on, the seventh is answered.
  expect(recallThreshold(answerable, 0.12)).toBe(0.14);
});

it("scores a perfect ranking 1, a reversed one 0 and ties one half", () => {
  expect(auc([{ p: 0.9, y: 1 }, { p: 0.1, y: 0 }])).toBe(1);
  expect(auc([{ p: 0.1, y: 1 }, { p: 0.9, y: 0 }])).toBe(0);
  expect(auc([{ p: 0.5, y: 1 }, { p: 0.2, y: 0 }, { p: 0.8, y: 0 }])).toBe(0.5);
});
