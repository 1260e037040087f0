/** Opens the real engine on a corpus with a fresh index folder, for tests. */
import { cp, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../../src/config.js";
import { openEngine, type FootnoteEngine } from "../../src/engine.js";
import { createLogger } from "../../src/log.js";

export const REPO = path.resolve(import.meta.dirname, "../..");
export const DEFAULT_CORPUS = path.join(REPO, "corpus");
export const EVAL_DIR = path.join(REPO, "test/fixtures/eval");

export async function tempDir(prefix = "footnote-test-"): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A copy of the default corpus that a test may change freely. */
export async function copyOfCorpus(): Promise<string> {
  const dir = await tempDir("footnote-corpus-");
  await cp(DEFAULT_CORPUS, dir, { recursive: true });
  return dir;
}

export async function testConfig(overrides: Record<string, string> = {}): Promise<Config> {
  return loadConfig({ MODELS_DIR: path.join(REPO, "models"), CORPUS_DIR: DEFAULT_CORPUS, INDEX_DIR: await tempDir("footnote-index-"), LOG_LEVEL: "silent", ...overrides });
}

export async function openTestEngine(overrides: Record<string, string> = {}): Promise<{ engine: FootnoteEngine; config: Config }> {
  const config = await testConfig(overrides);
  return { engine: await openEngine(config, createLogger("silent")), config };
}
