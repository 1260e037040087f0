/**
 * Builds the built-in embedding model into MODELS_DIR: `npm run model` (always rebuilds) and
 * the `postinstall` hook (`--if-missing`, so reinstalling costs nothing once it is built).
 */
import "dotenv/config";
import { Command } from "commander";
import { ConfigError, DEFAULT_MODEL, loadConfig, type Config } from "../config.js";
import { buildModel, modelDirectory, readCurrentManifest } from "./build-model.js";

const program = new Command("build-model")
  .description(`build the built-in offline embedding model (${DEFAULT_MODEL}) into MODELS_DIR`)
  .option("--if-missing", "do nothing when a complete, current model is already there")
  .action(async (opts: { ifMissing?: boolean }) => {
    const config = settings(Boolean(opts.ifMissing));
    if (!config) return;
    const { MODELS_DIR } = config;
    const dir = modelDirectory(MODELS_DIR);
    if (opts.ifMissing && readCurrentManifest(MODELS_DIR)) {
      process.stdout.write(`Embedding model ${DEFAULT_MODEL} is already built in ${dir}.\n`);
      return;
    }
    const started = performance.now();
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    process.stdout.write(`Building embedding model ${DEFAULT_MODEL} in ${dir} (takes a few seconds)...\n`);
    try {
      const manifest = await buildModel({ modelsDir: MODELS_DIR, onProgress: (step) => process.stdout.write(`  ${elapsed()}: ${step}\n`) });
      const megabytes = (manifest.modelBytes / 1e6).toFixed(1);
      process.stdout.write(`Built ${DEFAULT_MODEL} (${manifest.vocabSize} tokens × ${manifest.dimensions} dims, ${megabytes} MB) in ${elapsed()}.\n`);
    } catch (error) {
      process.stderr.write(`Could not build embedding model ${DEFAULT_MODEL} in ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  });

/**
 * Invalid settings stop `npm run model`, but only warn under `--if-missing` (the postinstall
 * hook): an unrelated typo in .env should not fail `npm install`, and the model is built on
 * first use anyway.
 */
function settings(lenient: boolean): Config | null {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    if (lenient) process.stderr.write(`Skipped building embedding model ${DEFAULT_MODEL}; it will be built on first use.\n`);
    else process.exitCode = 2;
    return null;
  }
}

await program.parseAsync();
