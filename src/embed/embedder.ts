/**
 * Sentence embeddings through transformers.js: the built-in offline model (built on first use)
 * or any Hugging Face sentence-transformer with ONNX weights.
 */
import { env, ModelFileNotFoundError, pipeline, type FeatureExtractionPipeline } from "@huggingface/transformers";
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_MODEL } from "../config.js";
import { ensureModel, modelDirectory, readCurrentManifest } from "./build-model.js";

export interface Embedder {
  readonly modelId: string;
  /** Changes whenever the weights do (the built model's sha256), so indexes made with other weights are rebuilt. */
  readonly revision: string;
  readonly dimension: number;
  /** What it was loaded from, so worker threads can load the same model (embed-pool.ts). */
  readonly source: EmbedderOptions;
  /**
   * One unit-length vector per text, in order. A text with no known word (e.g. only numbers
   * or out-of-vocabulary terms for the built-in model) gets an all-zero vector.
   */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Frees the model's ONNX session; the embedder cannot be used afterwards. */
  dispose(): Promise<void>;
}

export interface EmbedderOptions {
  modelId: string;
  modelsDir: string;
  cacheDir: string;
}

export class EmbedderLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EmbedderLoadError";
  }
}

const BATCH_SIZE = 64;
const SWITCH_HINT = `Set EMBEDDING_MODEL=${DEFAULT_MODEL} (the built-in offline model)`;

export async function loadEmbedder(options: EmbedderOptions): Promise<Embedder> {
  const extractor = options.modelId === DEFAULT_MODEL ? await loadBuiltin(options) : await loadRemote(options);
  const [probe] = await embedBatch(extractor, ["dimension probe"]);
  const dimension = probe!.length;
  const revision = options.modelId === DEFAULT_MODEL ? (readCurrentManifest(options.modelsDir, options.modelId)?.modelSha256 ?? "unknown") : "hub";
  return {
    modelId: options.modelId,
    revision,
    dimension,
    source: { ...options },
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += BATCH_SIZE) {
        vectors.push(...(await embedBatch(extractor, texts.slice(start, start + BATCH_SIZE))));
      }
      return vectors;
    },
    dispose: () => extractor.dispose(),
  };
}

async function loadBuiltin({ modelId, modelsDir, cacheDir }: EmbedderOptions): Promise<FeatureExtractionPipeline> {
  const dir = modelDirectory(modelsDir, modelId);
  try {
    await ensureModel({ modelsDir, name: modelId });
  } catch (error) {
    throw new EmbedderLoadError(`Could not build the built-in embedding model in ${dir}: ${messageOf(error)}.`, { cause: error });
  }
  try {
    return await withEnv({ allowRemoteModels: false, localModelPath: modelsDir, cacheDir }, () =>
      pipeline("feature-extraction", modelId, { local_files_only: true, dtype: "fp32" }),
    );
  } catch (error) {
    throw new EmbedderLoadError(`Could not load the built-in embedding model from ${dir}: ${messageOf(error)}. Delete that folder and run "npm run model" to rebuild it.`, { cause: error });
  }
}

async function loadRemote({ modelId, modelsDir, cacheDir }: EmbedderOptions): Promise<FeatureExtractionPipeline> {
  try {
    return await withEnv({ allowRemoteModels: true, localModelPath: modelsDir, cacheDir }, () =>
      pipeline("feature-extraction", modelId, { dtype: "fp32" }),
    );
  } catch (error) {
    throw new EmbedderLoadError(`Could not load embedding model "${modelId}": ${remoteProblem(error, modelId, cacheDir)}. ${SWITCH_HINT}${isNetworkError(error) ? " or connect once to download it" : " or choose another model"}.`, { cause: error });
  }
}

function remoteProblem(error: unknown, modelId: string, cacheDir: string): string {
  if (isNetworkError(error)) {
    const cached = fs.existsSync(path.join(cacheDir, modelId));
    return `${cached ? `it is only partly cached in ${cacheDir}` : `it is not cached in ${cacheDir}`} and the Hugging Face hub cannot be reached`;
  }
  if (error instanceof ModelFileNotFoundError) {
    return `the Hugging Face hub has no such model, or it has no ONNX weights (${messageOf(error)})`;
  }
  return messageOf(error);
}

/** fetch() reports DNS, refused and reset connections as a TypeError whose cause has a code. */
function isNetworkError(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message === "fetch failed") return true;
    const code = (e as NodeJS.ErrnoException).code;
    if (code && /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|UND_ERR_)/.test(code)) return true;
  }
  return false;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
}

type EnvSettings = Partial<Pick<typeof env, "allowRemoteModels" | "localModelPath" | "cacheDir">>;
let loading: Promise<unknown> = Promise.resolve();

/**
 * transformers.js reads its settings from one global `env` while a model loads, so loads run
 * one at a time, each with its own settings.
 */
function withEnv<T>(settings: EnvSettings, load: () => Promise<T>): Promise<T> {
  const run = loading.then(() => {
    Object.assign(env, { allowLocalModels: true, ...settings });
    return load();
  });
  loading = run.catch(() => undefined);
  return run;
}

async function embedBatch(extractor: FeatureExtractionPipeline, texts: string[]): Promise<Float32Array[]> {
  if (texts.length === 0) return [];
  // Normalising here rather than in the pipeline keeps all-unknown texts at zero instead of NaN.
  const output = await extractor(texts, { pooling: "mean", normalize: false });
  const [rows, dims] = output.dims as [number, number];
  const data = output.data as Float32Array;
  return Array.from({ length: rows }, (_, row) => normalized(data.slice(row * dims, (row + 1) * dims)));
}

function normalized(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}
