/** Opens the engine for a terminal command, with a progress bar while an index is built. */
import cliProgress from "cli-progress";
import type { Config } from "../config.js";
import { CorpusError, EmbedderLoadError, openEngine, type EngineOptions, type FootnoteEngine } from "../engine-api.js";
import type { Logger } from "../log.js";

/** Problems the person at the terminal can fix from the message alone, so no stack trace follows it. */
const EXPLAINED = [EmbedderLoadError, CorpusError];

export async function openWithProgress(config: Config, log: Logger, options: Pick<EngineOptions, "rebuild" | "force"> = {}): Promise<FootnoteEngine> {
  const bar = new cliProgress.SingleBar(
    { format: "Embedding passages [{bar}] {value}/{total}", stream: process.stderr, noTTYOutput: false, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    return await openEngine(config, log, {
      ...options,
      onProgress: (done, total) => {
        if (!started && total > 0) {
          bar.start(total, 0);
          started = true;
        }
        if (!started) return;
        bar.update(done);
        // Stop as soon as the last batch is in, so the log line that follows starts on its own line.
        if (done === total) {
          bar.stop();
          started = false;
        }
      },
    });
  } catch (err) {
    if (EXPLAINED.some((kind) => err instanceof kind)) {
      log.error((err as Error).message);
      process.exit(2);
    }
    throw err;
  } finally {
    if (started) bar.stop();
  }
}
