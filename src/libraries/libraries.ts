/**
 * Each server's own library: the papers its members added, stored under
 * DATA_DIR/libraries/<server id>/ (papers/ the originals, index/ the index built from them and the
 * host's shared papers). A server without papers of its own answers from the shared engine; one
 * with papers gets its own engine, opened when first asked, closed again when idle or when too many
 * are open, so a thousand servers cost the memory of the few asking now. Changes to one server's
 * library run one at a time, and builds across servers are capped, so the host is never swamped.
 */
import { mkdir, rename, rm, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Connection } from "../db/database.js";
import { LibraryDb, type LibraryPaper } from "../db/library-db.js";
import type { Engine, PaperMeta } from "../engine-api.js";
import type { IngestLimits } from "../ingest/formats/index.js";
import type { Logger } from "../log.js";
import { LibraryRefusal } from "./refusal.js";
import { Semaphore } from "./semaphore.js";
import { readUpload, type MetadataOverrides } from "./upload.js";

/** A server's engine: the Engine the adapters talk to, which the library closes when idle. */
export interface LibraryEngine extends Engine {
  close(): Promise<void>;
}

export interface LibraryFolders {
  /** The server's papers: the engine's CORPUS_DIR. */
  corpusDir: string;
  indexDir: string;
}

/** Opens (building when needed) the engine over one server's folders, reporting embedding progress. */
export type OpenLibrary = (folders: LibraryFolders, onProgress: (done: number, total: number) => void) => Promise<LibraryEngine>;

export interface LibrarySettings {
  dataDir: string;
  maxPapers: number;
  maxPassages: number;
  concurrentBuilds: number;
  /** Most server engines held open at once; the least recently asked is closed first. */
  openMax: number;
  /** An engine not asked for this long is closed. */
  idleMs: number;
  retentionDays: number;
  limits: IngestLimits;
}

export interface AddRequest {
  guildId: string;
  bytes: Uint8Array;
  /** The name the user gave the file: only a hint between text formats, never a path. */
  fileName: string;
  overrides: MetadataOverrides;
  addedBy: string;
  onProgress?: (fraction: number) => void;
}

export interface Added {
  paper: LibraryPaper;
  meta: PaperMeta;
  sections: string[];
  warnings: string[];
}

interface Slot {
  engine: Promise<LibraryEngine>;
  /** The engine once it is open. */
  opened?: LibraryEngine;
  lastUsed: number;
  progress?: (done: number, total: number) => void;
}

const SNOWFLAKE = /^\d{17,20}$/;
const SWEEP_MS = 60_000;

export class Libraries {
  /** Open engines, least recently used first. */
  private readonly slots = new Map<string, Slot>();
  /** The tail of each server's queue of changes. */
  private readonly changes = new Map<string, Promise<unknown>>();
  private readonly builds: Semaphore;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly settings: LibrarySettings,
    private db: LibraryDb,
    private readonly shared: Engine,
    private readonly openLibrary: OpenLibrary,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.builds = new Semaphore(settings.concurrentBuilds);
    this.sweeper = setInterval(() => void this.evict(), SWEEP_MS).unref();
  }

  /** The bot's database was damaged and replaced while running: the records go on in the new one. */
  reconnect(db: Connection): void {
    this.db = new LibraryDb(db);
  }

  /**
   * Whether the server has papers of its own, so that its questions go to its library's engine.
   * While the database cannot be read, questions go to the shared papers rather than fail.
   */
  hasOwn(guildId: string | null): boolean {
    if (!guildId) return false;
    try {
      return this.db.count(guildId) > 0;
    } catch (err) {
      this.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, "Could not read which papers a server added; answering from the shared ones.");
      return false;
    }
  }

  folders(guildId: string): LibraryFolders & { base: string } {
    return libraryFolders(this.settings.dataDir, guildId);
  }

  /** The engine a server's questions go to: its library's, or the shared one while it has no papers of its own. */
  async engineFor(guildId: string | null): Promise<Engine> {
    if (!guildId || !this.hasOwn(guildId)) return this.shared;
    return this.load(guildId);
  }

  /**
   * The engine a server's requests go to if it can be had at once (the shared one, or its
   * library's already open); undefined while its library still has to be opened or built.
   */
  engineNow(guildId: string | null): Engine | undefined {
    if (!guildId || !this.hasOwn(guildId)) return this.shared;
    const opened = this.slots.get(guildId)?.opened;
    // Counts as a use, as load() does.
    if (opened) void this.load(guildId);
    return opened;
  }

  /** The papers the server's members added, oldest first. */
  papers(guildId: string): LibraryPaper[] {
    return this.db.papers(guildId);
  }

  /** How many server engines are open now. */
  get openCount(): number {
    return this.slots.size;
  }

  private load(guildId: string): Promise<LibraryEngine> {
    const found = this.slots.get(guildId);
    if (found) {
      this.slots.delete(guildId);
      this.slots.set(guildId, found);
      found.lastUsed = this.now();
      return found.engine;
    }
    const slot: Slot = { lastUsed: this.now(), engine: undefined as never };
    slot.engine = this.builds.run(() => this.openLibrary(this.folders(guildId), (done, total) => slot.progress?.(done, total)));
    // A library that failed to open is tried afresh next time.
    slot.engine.then(
      (engine) => void (slot.opened = engine),
      () => this.slots.get(guildId) === slot && this.slots.delete(guildId),
    );
    this.slots.set(guildId, slot);
    void this.evict();
    return slot.engine;
  }

  /** Closes engines past the open limit (least recently used first) and those idle too long. */
  async evict(): Promise<void> {
    const idleBefore = this.now() - this.settings.idleMs;
    const closing: Promise<void>[] = [];
    let excess = this.slots.size - this.settings.openMax;
    for (const [guildId, slot] of this.slots) {
      if (excess <= 0 && slot.lastUsed > idleBefore) continue;
      excess--;
      closing.push(this.close(guildId));
    }
    await Promise.all(closing);
  }

  private async close(guildId: string): Promise<void> {
    const slot = this.slots.get(guildId);
    if (!slot) return;
    this.slots.delete(guildId);
    // Questions already given this engine finish on it: closing leaves the shared model loaded.
    const engine = await slot.engine.catch(() => undefined);
    await engine?.close();
  }

  /** Runs the server's changes one after another, so two adds never race over its files and index. */
  private serially<T>(guildId: string, change: () => Promise<T>): Promise<T> {
    const run = (this.changes.get(guildId) ?? Promise.resolve()).then(change, change);
    const tail = run.catch(() => undefined);
    this.changes.set(guildId, tail);
    void tail.then(() => this.changes.get(guildId) === tail && this.changes.delete(guildId));
    return run;
  }

  /** Rebuilds the server's index from its folder while its questions are answered from the old one. */
  private async rebuild(guildId: string, onProgress?: (fraction: number) => void): Promise<void> {
    const loaded = this.slots.get(guildId);
    // Opening a library whose folder changed builds its index: the changed file makes it stale.
    const opening = loaded ? undefined : this.load(guildId);
    const slot = loaded ?? this.slots.get(guildId)!;
    slot.progress = onProgress && ((done, total) => onProgress(total ? done / total : 1));
    try {
      if (opening) await opening;
      else {
        const engine = await slot.engine;
        await this.builds.run(() => engine.reindex());
      }
    } finally {
      slot.progress = undefined;
    }
  }

  /** Reads, checks and indexes an uploaded paper. Throws LibraryRefusal, naming the limit or the problem, with nothing changed. */
  add(request: AddRequest): Promise<Added> {
    return this.serially(request.guildId, async () => {
      const { guildId } = request;
      const { maxPapers, maxPassages } = this.settings;
      const papers = this.db.papers(guildId);
      if (maxPapers === 0) throw new LibraryRefusal("This bot does not keep papers for servers (LIBRARY_MAX_PAPERS is 0); its host adds papers.");
      if (papers.length >= maxPapers) {
        throw new LibraryRefusal(`This server's library is full: it holds ${maxPapers} papers, the most this bot allows (LIBRARY_MAX_PAPERS). Remove one first.`);
      }
      const upload = await readUpload(request.bytes, request.fileName, request.overrides, this.settings.limits);
      const duplicate = this.db.byHash(guildId, upload.hash);
      if (duplicate) throw new LibraryRefusal(`That file is already in this server's library, as “${duplicate.title}”. Nothing was added.`);
      const held = papers.reduce((n, p) => n + p.passages, 0);
      if (held + upload.passages > maxPassages) {
        throw new LibraryRefusal(
          `That paper has ${upload.passages} passages and the library holds ${held}; together they pass this bot's limit of ${maxPassages} passages per server (LIBRARY_MAX_PASSAGES).`,
        );
      }
      const { corpusDir } = this.folders(guildId);
      const file = path.join(corpusDir, upload.fileName);
      await mkdir(corpusDir, { recursive: true });
      // The sidecar goes first: the build must never read the paper without the metadata given with it.
      if (upload.sidecar) await writeAtomically(`${file}.yaml`, upload.sidecar);
      await writeAtomically(file, upload.bytes);
      try {
        await this.rebuild(guildId, request.onProgress);
      } catch (err) {
        await Promise.all([file, `${file}.yaml`].map((f) => rm(f, { force: true })));
        this.log.error({ guildId, err: (err as Error).message }, "A library build failed; the paper was taken out again.");
        throw new LibraryRefusal("Indexing the paper failed on my side, so it was not added. Please try again later.");
      }
      // Recorded once built: until then the server's questions go where they went before.
      const paper = this.db.add({ guildId, paperId: upload.fileName, hash: upload.hash, title: upload.document.meta.title, addedBy: request.addedBy, passages: upload.passages });
      return { paper, meta: upload.document.meta, sections: upload.document.sections.map((s) => s.title), warnings: upload.warnings };
    });
  }

  /** Takes a paper out of the server's library; undefined when the server has no such paper. */
  remove(guildId: string, paperId: string): Promise<LibraryPaper | undefined> {
    return this.serially(guildId, async () => {
      const paper = this.db.papers(guildId).find((p) => p.paperId === paperId);
      if (!paper) return undefined;
      const { corpusDir, indexDir } = this.folders(guildId);
      const file = path.join(corpusDir, paper.paperId);
      await Promise.all([file, `${file}.yaml`].map((f) => rm(f, { force: true })));
      this.db.remove(guildId, paperId);
      if (this.db.count(guildId) === 0) {
        // Back to the shared papers alone: the server's index would only repeat the shared one.
        await this.close(guildId);
        await rm(indexDir, { recursive: true, force: true });
      } else {
        await this.rebuild(guildId);
      }
      return paper;
    });
  }

  /**
   * The host's shared papers changed: open libraries are closed, so each server's next question
   * opens its library again, rebuilt over the new shared papers (unchanged passages keep their vectors).
   */
  async sharedChanged(): Promise<void> {
    await Promise.all([...this.slots.keys()].map((id) => this.close(id)));
  }

  /** The bot was removed from the server: the library is kept for LIBRARY_RETENTION_DAYS, then deleted by purgeExpired. */
  async left(guildId: string): Promise<void> {
    if (this.db.count(guildId) === 0) return;
    this.db.markLeft(guildId);
    await this.close(guildId);
  }

  /** The bot is in the server (again): its library is kept. */
  present(guildId: string): void {
    this.db.markPresent(guildId);
  }

  /** At log-in: the servers the bot is in keep their libraries; one it was removed from while offline counts as left from now. */
  async inServers(guildIds: readonly string[]): Promise<void> {
    const present = new Set(guildIds);
    for (const id of present) this.present(id);
    for (const id of this.db.guilds()) if (!present.has(id)) await this.left(id);
  }

  /** Deletes the libraries of servers the bot left more than LIBRARY_RETENTION_DAYS ago; returns their ids. */
  async purgeExpired(): Promise<string[]> {
    const expired = this.db.expired(this.settings.retentionDays);
    for (const guildId of expired) {
      await this.close(guildId);
      await rm(this.folders(guildId).base, { recursive: true, force: true });
      this.db.forget(guildId);
      this.log.info({ guildId }, "Deleted the library of a server the bot left.");
    }
    return expired;
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    await this.sharedChanged();
  }
}

/** Where a server's library lives; the id is checked so that it can only name a folder under DATA_DIR/libraries. */
export function libraryFolders(dataDir: string, guildId: string): LibraryFolders & { base: string } {
  if (!SNOWFLAKE.test(guildId)) throw new Error(`not a server id: ${JSON.stringify(guildId)}`);
  const base = path.join(dataDir, "libraries", guildId);
  return { base, corpusDir: path.join(base, "papers"), indexDir: path.join(base, "index") };
}

/** Written beside its place and renamed into it, so that a crash never leaves half a paper for the next build to read. */
async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial`);
  try {
    await writeFile(partial, data);
    await rename(partial, file);
  } catch (err) {
    await unlink(partial).catch(() => undefined);
    throw err;
  }
}
