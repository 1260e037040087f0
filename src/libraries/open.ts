/** Libraries as the settings ask for them, each engine sharing the host's embedding model and reading the host's shared papers. */
import type { Config } from "../config.js";
import { LibraryDb } from "../db/library-db.js";
import type { Connection } from "../db/database.js";
import { FootnoteEngine } from "../engine.js";
import type { Engine } from "../engine-api.js";
import { limitsFrom } from "../ingest/formats/index.js";
import type { Logger } from "../log.js";
import { Libraries, libraryFolders, type LibrarySettings, type OpenLibrary } from "./libraries.js";

export function librarySettings(config: Config): LibrarySettings {
  return {
    dataDir: config.DATA_DIR,
    maxPapers: config.LIBRARY_MAX_PAPERS,
    maxPassages: config.LIBRARY_MAX_PASSAGES,
    concurrentBuilds: config.LIBRARY_CONCURRENT_BUILDS,
    openMax: config.LIBRARY_OPEN_MAX,
    idleMs: config.LIBRARY_IDLE_MINUTES * 60_000,
    retentionDays: config.LIBRARY_RETENTION_DAYS,
    limits: limitsFrom({ ...config, MAX_FILE_MB: config.LIBRARY_MAX_FILE_MB }),
  };
}

/** A server's engine: its papers folder as the corpus, the host's CORPUS_DIR read with it, and the host's model. */
export function libraryOpener(config: Config, host: FootnoteEngine, log: Logger): (...args: Parameters<OpenLibrary>) => Promise<FootnoteEngine> {
  // Library files were checked against LIBRARY_MAX_FILE_MB when added; the build must not skip them for MAX_FILE_MB.
  const MAX_FILE_MB = Math.max(config.MAX_FILE_MB, config.LIBRARY_MAX_FILE_MB);
  return (folders, onProgress) =>
    FootnoteEngine.open({ ...config, MAX_FILE_MB, CORPUS_DIR: folders.corpusDir, INDEX_DIR: folders.indexDir }, log, {
      embedder: host.embedder,
      sharedCorpusDir: config.CORPUS_DIR,
      onProgress,
    });
}

/** One server's library as the bot last built it, for debugging from the terminal: nothing is built or written. */
export function openLibraryForReading(config: Config, guildId: string, log: Logger): Promise<FootnoteEngine> {
  const { corpusDir, indexDir } = libraryFolders(config.DATA_DIR, guildId);
  return FootnoteEngine.open({ ...config, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir }, log, { loadOnly: true });
}

/**
 * Server libraries share `host`'s model and answer in this process; a server without papers of its
 * own answers from `shared` (the worker pool, when the bot has one).
 */
export function openLibraries(config: Config, db: Connection, host: FootnoteEngine, log: Logger, shared: Engine = host): Libraries {
  return new Libraries(librarySettings(config), new LibraryDb(db), shared, libraryOpener(config, host, log), log);
}
