/**
 * Smooth inverse frequency (SIF) word weighting, after Arora, Liang & Ma (2017), "A Simple but
 * Tough-to-Beat Baseline for Sentence Embeddings". Baking the weights into the embedding table
 * lets a plain mean over token vectors give SIF sentence embeddings.
 */

/**
 * Weight a/(a+p) with p from Zipf's law (p ∝ 1/rank): GloVe ships no counts, but its words are
 * frequency ordered and Zipf's law fits English word frequencies well.
 */
export function zipfSifWeights(ranks: Uint32Array, sourceSize: number, a: number): Float64Array {
  const harmonic = harmonicNumber(sourceSize);
  return Float64Array.from(ranks, (rank) => a / (a + 1 / (rank * harmonic)));
}

/** Multiplies row i of the `rows × dims` matrix by weights[i], in place. */
export function scaleRows(matrix: Float64Array, dims: number, weights: Float64Array): void {
  for (let row = 0; row < weights.length; row++) {
    const w = weights[row]!;
    for (let d = 0; d < dims; d++) matrix[row * dims + d]! *= w;
  }
}

/**
 * Projects out the first principal direction (uncentred, as in SIF) of the rows: a direction
 * every word shares, which would otherwise dominate all similarities.
 */
export function removeCommonComponent(matrix: Float64Array, dims: number): void {
  const direction = topEigenvector(gram(matrix, dims), dims);
  const rows = matrix.length / dims;
  for (let row = 0; row < rows; row++) {
    const offset = row * dims;
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += matrix[offset + d]! * direction[d]!;
    for (let d = 0; d < dims; d++) matrix[offset + d]! -= dot * direction[d]!;
  }
}

function harmonicNumber(n: number): number {
  let sum = 0;
  for (let k = n; k >= 1; k--) sum += 1 / k; // smallest terms first, for accuracy
  return sum;
}

/** XᵀX for the `rows × dims` matrix X. */
function gram(matrix: Float64Array, dims: number): Float64Array {
  const out = new Float64Array(dims * dims);
  const rows = matrix.length / dims;
  for (let row = 0; row < rows; row++) {
    const offset = row * dims;
    for (let i = 0; i < dims; i++) {
      const xi = matrix[offset + i]!;
      for (let j = i; j < dims; j++) out[i * dims + j]! += xi * matrix[offset + j]!;
    }
  }
  for (let i = 0; i < dims; i++) for (let j = 0; j < i; j++) out[i * dims + j] = out[j * dims + i]!;
  return out;
}

/** Power iteration from a fixed start with a fixed step count, so the result is reproducible. */
function topEigenvector(symmetric: Float64Array, dims: number, steps = 500): Float64Array {
  let v = new Float64Array(dims).fill(1 / Math.sqrt(dims));
  for (let step = 0; step < steps; step++) {
    const next = new Float64Array(dims);
    for (let i = 0; i < dims; i++) {
      let sum = 0;
      for (let j = 0; j < dims; j++) sum += symmetric[i * dims + j]! * v[j]!;
      next[i] = sum;
    }
    // Not Math.hypot: its rounding may differ between engines, and the bytes must not.
    const norm = Math.sqrt(next.reduce((sum, x) => sum + x * x, 0));
    v = next.map((x) => x / norm);
  }
  return v;
}
