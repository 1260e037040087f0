/**
 * How the answer model's fit turns held-out probabilities into thresholds and figures: pure
 * functions of (probability, outcome) points, so that each rule can be checked on its own.
 */

/** The threshold with the best mean of (answerable questions answered) and (unanswerable ones abstained on). */
export function balancedThreshold(ds: { answerable: boolean; p: number }[]): number {
  const answerable = ds.filter((d) => d.answerable);
  const not = ds.filter((d) => !d.answerable);
  let best = { t: 0.5, score: -1 };
  for (const t of [...new Set(ds.map((d) => d.p))].sort((a, b) => a - b)) {
    const score = answerable.filter((d) => d.p >= t).length / answerable.length + not.filter((d) => d.p < t).length / not.length;
    if (score > best.score) best = { t, score };
  }
  return best.t;
}

/** The highest threshold below which at most `share` of the answerable questions fall. */
export function recallThreshold(answerable: { p: number }[], share: number): number {
  const sorted = answerable.map((d) => d.p).sort((a, b) => a - b);
  return sorted[Math.floor(share * sorted.length)] ?? 0.5;
}

/** The lowest threshold at which the decisions above it are right at least `precision` of the time. */
export function chooseThreshold(points: { p: number; right: boolean }[], precision: number): number {
  const sorted = [...points].sort((a, b) => b.p - a.p);
  let right = 0;
  let best = sorted[0]?.p ?? 0.5;
  sorted.forEach((pt, i) => {
    if (pt.right) right++;
    if (right / (i + 1) >= precision) best = pt.p;
  });
  return best;
}

/**
 * The lowest threshold at which the one-sided 95 % Wilson lower bound on the precision of the
 * decisions above it is at least `precision`; `repeats` is how many times each question is pooled.
 */
export function boundedThreshold(points: { p: number; right: boolean }[], precision: number, repeats: number): number {
  const z = 1.645;
  const sorted = [...points].sort((a, b) => b.p - a.p);
  let right = 0;
  let best = 1;
  sorted.forEach((pt, i) => {
    if (pt.right) right++;
    if (sorted[i + 1]?.p === pt.p) return;
    const n = (i + 1) / repeats;
    const share = right / (i + 1);
    const lower = (share + (z * z) / (2 * n) - z * Math.sqrt((share * (1 - share)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    if (lower >= precision) best = pt.p;
  });
  return best;
}

/** The area under the ROC curve: the chance that a positive is scored above a negative. */
export function auc(points: { p: number; y: number }[]): number {
  const sorted = [...points].sort((a, b) => a.p - b.p);
  let rankSum = 0;
  sorted.forEach((pt, i) => {
    if (pt.y) rankSum += i + 1;
  });
  const pos = points.filter((p) => p.y).length;
  const neg = points.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
