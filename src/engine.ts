/** The engine: the one object the terminal and Discord adapters talk to. */
import type { Config } from "./config.js";
import type { Engine, AskOptions, ReindexResult, SearchOptions, SectionInfo } from "./engine-api.js";
import { rankCandidates, type AnswerResources, type Candidates } from "./answer/candidates.js";
import { composeAnswer } from "./answer/compose.js";
import { analyseQuestion, isFollowUp, isMetadataFacet, type QuestionAnalysis } from "./answer/intent.js";
import { helpAnswer, metadataAnswer } from "./answer/replies.js";
import { loadAnswerModel } from "./answer/scorer.js";
import { expandedQuery } from "./answer/question-terms.js";
import { namedPaper } from "./answer/named-paper.js";
import { PassageReadings } from "./answer/passage-readings.js";
import { spelledOut } from "./answer/spelled-out.js";
import { SentenceVectors } from "./answer/sentence-vectors.js";
import { mergeAcrossPapers, spansPapers } from "./answer/across-papers.js";
import { debateEvidence, type DebateOptions, type EvidencePack } from "./answer/debate.js";
import { citesOf } from "./answer/cites.js";
import { validateQuestion } from "./answer/question.js";
import { Capitalisation } from "./answer/capitalisation.js";
import { TermWeights } from "./answer/term-weights.js";
import type { Answer, Quote, ScoredPassage } from "./answer/types.js";
import { loadEmbedder, type Embedder } from "./embed/embedder.js";
import { DocumentMap } from "./indexes/documents.js";
import { corpusChanges, staleReason } from "./indexes/manifest.js";
import { IndexRefused, IndexWriteError, withoutPaths } from "./indexes/safety.js";
import { appendIndex, buildIndex, IndexError, loadIndex, type LoadedIndex } from "./indexes/store.js";
import { citationOf, DEFAULT_CHUNKING, type ChunkSettings } from "./ingest/chunk.js";
import { limitsFrom } from "./ingest/formats/index.js";
import { CorpusError, corpusHash, fingerprintCorpus, papersOnlyAdded, readCorpus, SUPPORTED_EXTENSIONS } from "./ingest/read-corpus.js";
import type { CorpusFingerprint, PaperMeta, SourceDocument } from "./ingest/types.js";
import type { Logger } from "./log.js";
import { WordNet } from "./lexicon/wordnet.js";
import { HybridRetriever, type RetrievalMode } from "./retrieve/hybrid.js";

export interface EngineOptions {
  /** Called while passages are embedded, e.g. to draw a progress bar. */
  onProgress?: (done: number, total: number) => void;
  chunking?: ChunkSettings;
  /** Rebuild even when the index is current (unchanged passages still reuse their vectors). */
  rebuild?: boolean;
  /** An embedding model already loaded (the host's, for a server's library): shared, so close() leaves it loaded. */
  embedder?: Embedder;
  /** A second folder whose papers are read with CORPUS_DIR's (a server's library reads the host's shared papers too). */
  sharedCorpusDir?: string;
  /**
   * Load the index as it is and never build it (a missing or damaged one is an error): for the
   * extra engines of a worker pool, reading an index that one other engine keeps current, and for
   * looking into a server's library from the terminal.
   */
  loadOnly?: boolean;
  /** Let a rebuild replace an index even when it would lose most of it (empty or much smaller corpus). */
  force?: boolean;
  /** Papers added to an index of at least this many passages go into a segment of their own (store.ts: SEGMENT_FROM). */
  segmentFrom?: number;
}

export interface ReindexOptions {
  /** A moderator confirmed a rebuild that loses most of the index. */
  force?: boolean;
}

/** Everything answering needs, derived from one loaded index; swapped whole on reindex. */
interface State {
  index: LoadedIndex;
  retriever: HybridRetriever;
  resources: AnswerResources;
  documents: Map<string, SourceDocument>;
}

/** A question that compares papers quotes at most this many of them. */
const MAX_COMPARED_PAPERS = 4;

export class FootnoteEngine implements Engine {
  private building: Promise<ReindexResult> | undefined;

  private constructor(
    private readonly config: Config,
    private readonly log: Logger,
    readonly embedder: Embedder,
    private state: State,
    private readonly options: EngineOptions,
  ) {}

  /** Loads the model and the index, building the index first when it is missing, corrupt or stale. */
  static async open(config: Config, log: Logger, options: EngineOptions = {}): Promise<FootnoteEngine> {
    const embedder = options.embedder ?? (await loadEmbedder({ modelId: config.EMBEDDING_MODEL, modelsDir: config.MODELS_DIR, cacheDir: config.MODEL_CACHE_DIR }));
    const chunking = options.chunking ?? DEFAULT_CHUNKING;
    const open = (index: LoadedIndex) => new FootnoteEngine(config, log, embedder, stateOf(index, embedder), { ...options, chunking });
    let index: LoadedIndex | undefined;
    try {
      index = await loadIndex(config.INDEX_DIR);
      if (options.loadOnly) return open(index);
    } catch (err) {
      if (!(err instanceof IndexError) || options.loadOnly) throw err;
      log[err.kind === "missing" ? "info" : "warn"](`${err.message} Building the index from ${config.CORPUS_DIR}.`);
    }
    let corpus;
    try {
      corpus = await fingerprintCorpora(config.CORPUS_DIR, options.sharedCorpusDir, index?.manifest.corpus);
    } catch (err) {
      // Papers that cannot be read right now do not stop answers from the index already built from them.
      if (!(err instanceof CorpusError) || !index) throw err;
      log.warn(`${err.message} Answering from the index built ${index.manifest.builtAt}.`);
      return open(index);
    }
    const stale = index && staleReason(index.manifest, { modelId: embedder.modelId, modelRevision: embedder.revision, dimension: embedder.dimension, corpus, chunking });
    if (stale) log.info(`The index is out of date because ${stale}; rebuilding it.`);
    if (!index || stale || options.rebuild) {
      try {
        index = await FootnoteEngine.build(config, log, embedder, chunking, options, index, corpus);
      } catch (err) {
        // A refused or unwritable rebuild leaves a working index: answer from it, and say why.
        if (!index || !(err instanceof IndexRefused || err instanceof IndexWriteError)) throw err;
        log.warn(`${err.message} Answering from the index built ${index.manifest.builtAt}.`);
      }
    }
    return open(index);
  }


  /** `corpus` is the fingerprint the caller has just taken, if it has; otherwise it is taken here. */
  private static async build(
    config: Config,
    log: Logger,
    embedder: Embedder,
    chunking: ChunkSettings,
    options: EngineOptions,
    previous?: LoadedIndex,
    fingerprint?: CorpusFingerprint,
  ) {
    const started = performance.now();
    const corpus = fingerprint ?? (await fingerprintCorpora(config.CORPUS_DIR, options.sharedCorpusDir, previous?.manifest.corpus));
    const added = previous && !options.rebuild ? papersOnlyAdded(corpusChanges(previous.manifest.corpus, corpus)) : undefined;
    if (previous && added) {
      const { documents, warnings } = await readCorpora(config.CORPUS_DIR, options.sharedCorpusDir, limitsFrom(config), added);
      const built = await appendIndex({ indexDir: config.INDEX_DIR, previous, added: documents, corpus, embedder, chunking, onProgress: options.onProgress, embedThreads: config.EMBED_THREADS, segmentFrom: options.segmentFrom });
      if (built) {
        for (const w of warnings) log.warn(w);
        log.info(`Added ${documents.length} paper(s) to the index as a segment (${built.embedded} passages embedded) in ${Math.round(performance.now() - started)} ms.`);
        return Object.assign(built, { warnings });
      }
    }
    const { documents, warnings } = await readCorpora(config.CORPUS_DIR, options.sharedCorpusDir, limitsFrom(config));
    for (const w of warnings) log.warn(w);
    if (documents.length === 0) log.warn(`No papers found in ${config.CORPUS_DIR}: add papers there (${SUPPORTED_EXTENSIONS.join(", ")}).`);
    const built = await buildIndex({ indexDir: config.INDEX_DIR, documents, corpus, embedder, chunking, previous, force: options.force, onProgress: options.onProgress, embedThreads: config.EMBED_THREADS });
    log.info(
      `Indexed ${built.passages.count} passages from ${documents.length} paper(s) in ${Math.round(performance.now() - started)} ms (${built.embedded} embedded, the rest reused).`,
    );
    return Object.assign(built, { warnings });
  }

  /** Frees the embedding model; the engine cannot answer afterwards. */
  async close(): Promise<void> {
    if (!this.options.embedder) await this.embedder.dispose();
  }

  /** One paper, or all; each is read from the index only when reached. */
  private documentsOf(paperId?: string): Iterable<SourceDocument> {
    if (paperId === undefined) return this.state.documents.values();
    const doc = this.state.documents.get(paperId);
    return doc ? [doc] : [];
  }

  papers(): PaperMeta[] {
    return this.state.index.documents.papers.map((p) => p.meta);
  }

  get manifest() {
    return this.state.index.manifest;
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    return this.answer(question, options, "hybrid");
  }

  /** The same answer path with one retriever switched off, for the evaluation's baselines. */
  async answer(rawQuestion: string, options: AskOptions, mode: RetrievalMode): Promise<Answer> {
    const typed = validateQuestion(rawQuestion, this.config.MAX_QUESTION_LENGTH);
    const answer = await this.answerSpelledOut(spelledOut(typed), options, mode);
    return { ...answer, question: typed };
  }

  private async answerSpelledOut(question: string, options: AskOptions, mode: RetrievalMode): Promise<Answer> {
    const context = (options.context ?? []).slice(-2);
    const state = this.state;
    // A follow-up such as "what about gas?" is searched together with the question before it.
    const followUp = context.length > 0 && isFollowUp(question);
    const query = followUp ? `${question} ${context.at(-1)}` : question;
    const analysis = analyseQuestion(question);
    if (analysis.intent === "help") return helpAnswer(question, this.papers());
    // A follow-up about the paper as a whole ("and what is it about?") leans on the conversation for which paper, not for its words.
    const aboutAPaper = followUp && analysis.intent === "paper-level";
    const retrieve = (text: string, paperId?: string) =>
      state.retriever.retrieve(text, { limit: 5, mode, terms: expandedQuery(text, state.resources), ...(paperId ? { paperId } : {}) });
    const answerFrom = async (paperId?: string) => {
      let retrieval = await retrieve(query, paperId);
      const paper = state.documents.get(paperId ?? retrieval.hits[0]?.passage.paperId ?? [...state.documents.keys()][0] ?? "");
      if (aboutAPaper && paper) retrieval = await retrieve(question, paper.meta.id);
      const fromMetadata = paper && isMetadataFacet(analysis.facet) ? metadataAnswer(question, analysis.facet, paper.meta) : undefined;
      return fromMetadata ?? composeAnswer(state.resources, { question, analysis, context: followUp && !aboutAPaper ? context : [], retrieval });
    };
    if (options.paperId || state.documents.size < 2 || !spansPapers(question)) return answerFrom(options.paperId ?? namedPaper(analysis.paperWords, this.papers()));
    // Compare the papers the question brings up first, best first, rather than every paper there is.
    const { hits } = await state.retriever.retrieve(query, { limit: 10, mode });
    const paperIds = [...new Set(hits.map((h) => h.passage.paperId))].slice(0, MAX_COMPARED_PAPERS);
    return paperIds.length ? mergeAcrossPapers(await Promise.all(paperIds.map(answerFrom))) : answerFrom();
  }

  /**
   * The candidate sentences of a question with their features, unscored by any decision: what the
   * fitting script (scripts/fit-answer-model.ts) learns from.
   */
  async inspect(rawQuestion: string): Promise<{ analysis: QuestionAnalysis; candidates: Candidates }> {
    const question = spelledOut(validateQuestion(rawQuestion, this.config.MAX_QUESTION_LENGTH));
    const analysis = analyseQuestion(question);
    const retrieval = await this.state.retriever.retrieve(question, { limit: 5, terms: expandedQuery(question, this.state.resources) });
    return { analysis, candidates: await rankCandidates(this.state.resources, question, [], analysis, retrieval) };
  }

  async debate(motion: string, options: DebateOptions = {}): Promise<EvidencePack> {
    const valid = validateQuestion(motion, this.config.MAX_QUESTION_LENGTH);
    const { retriever, resources } = this.state;
    return debateEvidence({ motion: valid, options, retriever, resources });
  }

  async search(query: string, options: SearchOptions = {}): Promise<ScoredPassage[]> {
    const cleaned = validateQuestion(query, this.config.MAX_QUESTION_LENGTH);
    const { hits } = await this.state.retriever.retrieve(cleaned, { limit: options.limit ?? 5, ...(options.paperId ? { paperId: options.paperId } : {}) });
    return hits.map((h) => ({ id: h.passage.id, text: h.passage.text, score: h.score, citation: h.passage.citation }));
  }

  passage(id: string): ScoredPassage | undefined {
    const { passages } = this.state.index;
    const found = passages.find(id);
    if (found === undefined) return undefined;
    const p = passages.get(found);
    return { id: p.id, text: p.text, score: 1, citation: p.citation };
  }

  sections(paperId?: string): SectionInfo[] {
    return [...this.documentsOf(paperId)].flatMap((d) => d.sections.map((s) => ({ paperId: d.meta.id, paper: d.meta.title, title: s.title, paragraphs: s.paragraphs.length })));
  }

  quote(section: string, paragraph?: number, paperId?: string): Quote[] | undefined {
    const wanted = section.trim().toLowerCase();
    for (const doc of this.documentsOf(paperId)) {
      const found = doc.sections.find((s) => s.title.toLowerCase() === wanted) ?? doc.sections.find((s) => s.title.toLowerCase().startsWith(wanted));
      if (!found) continue;
      const paragraphs = paragraph === undefined ? found.paragraphs : found.paragraphs.filter((p) => p.number === paragraph);
      if (paragraphs.length === 0) return undefined;
      return paragraphs.map((p) => {
        const text = doc.text.slice(p.start, p.end);
        return {
          quote: text,
          citation: citationOf(doc, found.title, p),
          passageId: `${doc.meta.id}#${found.index + 1}.${p.number}`,
          start: p.start,
          end: p.end,
          cites: citesOf(doc, p.start, p.end),
        };
      });
    }
    return undefined;
  }

  /**
   * Rebuilds from the corpus while answers keep coming from the current index; concurrent calls
   * share one build. A rebuild that would lose most of the index is refused (IndexRefused) unless
   * `force`; one that cannot be written (IndexWriteError) keeps the old index. Error messages name
   * no host paths: those go to the log.
   */
  reindex(options: ReindexOptions = {}): Promise<ReindexResult> {
    this.building ??= (async () => {
      const started = performance.now();
      try {
        const built = await FootnoteEngine.build(this.config, this.log, this.embedder, this.options.chunking ?? DEFAULT_CHUNKING, { ...this.options, force: options.force ?? this.options.force }, this.state.index);
        this.state = stateOf(built, this.embedder);
        return { passages: built.passages.count, papers: built.documents.count, embedded: built.embedded, ms: Math.round(performance.now() - started), warnings: built.warnings };
      } catch (err) {
        if (err instanceof IndexRefused || err instanceof IndexWriteError) throw err;
        this.log.warn({ err }, "Reindexing failed.");
        throw new Error(withoutPaths(err instanceof Error ? err.message : String(err)), { cause: err });
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }
}

/**
 * The corpus and, for a library, the host's shared papers after it, as one fingerprint. `known`:
 * the fingerprint the index was built from, whose unchanged files are not read again.
 */
async function fingerprintCorpora(dir: string, shared?: string, known?: CorpusFingerprint): Promise<CorpusFingerprint> {
  const own = await fingerprintCorpus(dir, known);
  if (!shared) return own;
  const files = [...own.files, ...(await fingerprintCorpus(shared, known)).files];
  return { hash: corpusHash(files), files, ...(own.takenAtMs === undefined ? {} : { takenAtMs: own.takenAtMs }) };
}

async function readCorpora(dir: string, shared: string | undefined, limits: ReturnType<typeof limitsFrom>, only?: ReadonlySet<string>) {
  const own = await readCorpus(dir, limits, only);
  if (!shared) return own;
  const host = await readCorpus(shared, limits, only);
  return { documents: [...own.documents, ...host.documents], warnings: [...own.warnings, ...host.warnings] };
}

/** One WordNet and one fitted model serve every index the process opens. */
let lexicon: { wordnet: WordNet; model: ReturnType<typeof loadAnswerModel> } | undefined;

function stateOf(index: LoadedIndex, embedder: Embedder): State {
  lexicon ??= { wordnet: WordNet.bundled(), model: loadAnswerModel() };
  const documents = new DocumentMap(index.documents);
  return {
    index,
    retriever: new HybridRetriever(index, embedder),
    documents,
    resources: {
      documents,
      passagesOf: (paperId) => {
        const ordinal = index.documents.ordinal(paperId);
        if (ordinal === undefined) return [];
        const [from, to] = index.documents.passageRange(ordinal);
        return Array.from({ length: to - from }, (_, i) => index.passages.get(from + i));
      },
      weights: new TermWeights(index.stats),
      capitalisation: new Capitalisation(index.stats, lexicon.wordnet),
      wordnet: lexicon.wordnet,
      model: lexicon.model,
      sentenceVectors: new SentenceVectors((t) => embedder.embed(t)),
      readings: new PassageReadings(),
    },
  };
}

export function openEngine(config: Config, log: Logger, options?: EngineOptions): Promise<FootnoteEngine> {
  return FootnoteEngine.open(config, log, options);
}
