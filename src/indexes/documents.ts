/**
 * The papers and their passages as stored in an index: every document's text once, as UTF-8 in
 * one file; per passage only where its text lies in those bytes and a small JSON record of the
 * rest (id, offsets, citation). A document or passage is decoded when asked for, and the last
 * few are kept, so memory grows with what is asked about, not with the corpus.
 */
import type { Passage, PaperMeta, SourceDocument } from "../ingest/types.js";
import type { PackReader, Typed } from "./pack.js";

/** Typed arrays (e.g. an offset map) survive the JSON records as tagged lists. */
function replacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return { $typed: value.constructor.name, data: Array.from(value as unknown as ArrayLike<number>) };
  return value;
}

const TYPED: Record<string, (data: number[]) => unknown> = {
  Uint8Array: (d) => Uint8Array.from(d),
  Uint16Array: (d) => Uint16Array.from(d),
  Uint32Array: (d) => Uint32Array.from(d),
  Int32Array: (d) => Int32Array.from(d),
  Float32Array: (d) => Float32Array.from(d),
  Float64Array: (d) => Float64Array.from(d),
};

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && "$typed" in value && "data" in value) {
    const make = TYPED[(value as { $typed: string }).$typed];
    if (make) return make((value as { data: number[] }).data);
  }
  return value;
}

/** UTF-8 byte offsets of the given string offsets (ascending) into `text`. */
function byteOffsets(text: string, offsets: number[]): number[] {
  if (Buffer.byteLength(text) === text.length) return offsets;
  const out: number[] = [];
  let at = 0;
  let bytes = 0;
  for (const o of offsets) {
    bytes += Buffer.byteLength(text.slice(at, o));
    at = o;
    out.push(bytes);
  }
  return out;
}

class Records {
  private readonly bytes: Uint8Array[] = [];
  private total = 0;
  readonly starts: number[] = [0];
  add(record: unknown): void {
    const b = Buffer.from(JSON.stringify(record, replacer));
    this.bytes.push(b);
    this.total += b.length;
    this.starts.push(this.total);
  }
  concat(): Uint8Array {
    return Buffer.concat(this.bytes, this.total);
  }
}

class Bytes {
  private readonly parts: Buffer[] = [];
  length = 0;
  add(text: string): number {
    const b = Buffer.from(text);
    this.parts.push(b);
    this.length += b.length;
    return b.length;
  }
  concat(): Uint8Array {
    return Buffer.concat(this.parts, this.length);
  }
}

export interface StoredArrays {
  text: Record<string, Typed>;
  docs: Record<string, Typed>;
  passages: Record<string, Typed>;
}

/** `passages` are each document's, in order, the documents' in the order given. */
export function storeDocuments(documents: SourceDocument[], passages: Passage[]): StoredArrays {
  const text = new Bytes();
  const docTextStart = new Float64Array(documents.length + 1);
  const docPassageStart = new Uint32Array(documents.length + 1);
  const docRecords = new Records();
  const passageRecords = new Records();
  const passageText = new Float64Array(2 * passages.length);
  let p = 0;
  documents.forEach((doc, d) => {
    docTextStart[d] = text.length;
    docPassageStart[d] = p;
    const { text: body, meta: _meta, hash: _hash, ...rest } = doc;
    docRecords.add(rest);
    const first = p;
    while (p < passages.length && passages[p]!.paperId === doc.meta.id) p++;
    const own = passages.slice(first, p);
    const order = own.flatMap((x) => [x.start, x.end]).sort((a, b) => a - b);
    const bytes = byteOffsets(body, order);
    const bytesAt = new Map(order.map((o, i) => [o, bytes[i]!]));
    for (const [i, x] of own.entries()) {
      const { text: _t, ...record } = x;
      passageRecords.add(record);
      passageText[2 * (first + i)] = docTextStart[d]! + bytesAt.get(x.start)!;
      passageText[2 * (first + i) + 1] = docTextStart[d]! + bytesAt.get(x.end)!;
    }
    text.add(body);
  });
  if (p !== passages.length) throw new Error("passages are not in the documents' order");
  docTextStart[documents.length] = text.length;
  docPassageStart[documents.length] = p;
  const ids = passages.map((x, i) => [x.id, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    text: { text: text.concat() },
    docs: {
      papers: Buffer.from(JSON.stringify(documents.map((d) => ({ meta: d.meta, hash: d.hash })))),
      textStart: docTextStart,
      passageStart: docPassageStart,
      records: docRecords.concat(),
      recordStart: Float64Array.from(docRecords.starts),
    },
    passages: {
      text: passageText,
      records: passageRecords.concat(),
      recordStart: Float64Array.from(passageRecords.starts),
      idOrder: Uint32Array.from(ids, ([, i]) => i),
    },
  };
}

/** A least-recently-used cache of decoded records. */
class Recent<T> {
  private readonly items = new Map<number, T>();
  constructor(private readonly capacity: number) {}
  get(key: number, make: () => T): T {
    let v = this.items.get(key);
    if (v !== undefined) {
      this.items.delete(key);
    } else {
      v = make();
      if (this.items.size >= this.capacity) this.items.delete(this.items.keys().next().value!);
    }
    this.items.set(key, v);
    return v;
  }
}

function decode(pack: PackReader, name: string, from: number, to: number): string {
  const bytes = pack.slice<Uint8Array>(name, from, to);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

export class DocumentStore {
  readonly papers: { meta: PaperMeta; hash: string }[];
  private readonly byId: Map<string, number>;
  private readonly textStart: Float64Array;
  private readonly passageStart: Uint32Array;
  private readonly recordStart: Float64Array;
  private readonly recent = new Recent<SourceDocument>(16);

  constructor(
    private readonly docs: PackReader,
    private readonly text: PackReader,
  ) {
    const papers = docs.resident<Uint8Array>("papers");
    this.papers = JSON.parse(Buffer.from(papers.buffer, papers.byteOffset, papers.byteLength).toString("utf8"));
    this.byId = new Map(this.papers.map((p, i) => [p.meta.id, i]));
    this.textStart = docs.resident("textStart");
    this.passageStart = docs.resident("passageStart");
    this.recordStart = docs.resident("recordStart");
  }

  get count(): number {
    return this.papers.length;
  }

  ordinal(paperId: string): number | undefined {
    return this.byId.get(paperId);
  }

  get(ordinal: number): SourceDocument {
    return this.recent.get(ordinal, () => {
      const rest = JSON.parse(decode(this.docs, "records", this.recordStart[ordinal]!, this.recordStart[ordinal + 1]!), reviver);
      const { meta, hash } = this.papers[ordinal]!;
      return { ...rest, meta, hash, text: decode(this.text, "text", this.textStart[ordinal]!, this.textStart[ordinal + 1]!) } as SourceDocument;
    });
  }

  /** The passages of one document: [from, to). */
  passageRange(ordinal: number): [number, number] {
    return [this.passageStart[ordinal]!, this.passageStart[ordinal + 1]!];
  }

  /** The document a passage belongs to. */
  ordinalOfPassage(index: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.passageStart[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

export class PassageStore {
  private readonly textAt: Float64Array;
  private readonly recordStart: Float64Array;
  private readonly idOrder: Uint32Array;
  private readonly recent = new Recent<Passage>(4096);

  constructor(
    private readonly pack: PackReader,
    private readonly text: PackReader,
  ) {
    this.textAt = pack.resident("text");
    this.recordStart = pack.resident("recordStart");
    this.idOrder = pack.resident("idOrder");
  }

  get count(): number {
    return this.idOrder.length;
  }

  get(index: number): Passage {
    return this.recent.get(index, () => {
      const record = JSON.parse(decode(this.pack, "records", this.recordStart[index]!, this.recordStart[index + 1]!), reviver) as Omit<Passage, "text">;
      return { ...record, text: decode(this.text, "text", this.textAt[2 * index]!, this.textAt[2 * index + 1]!) };
    });
  }

  /** The passage with this id, by binary search over the ids in sorted order. */
  find(id: string): number | undefined {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const i = this.idOrder[mid]!;
      const at = this.get(i).id;
      if (at === id) return i;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

/**
 * The answer stage takes its documents as a Map; this one opens each document when asked for,
 * so a corpus of thousands of papers is never all in memory. It is read-only.
 */
export class DocumentMap extends Map<string, SourceDocument> {
  constructor(private readonly store: Pick<DocumentStore, "papers" | "count" | "ordinal" | "get">) {
    super();
  }
  override get(id: string): SourceDocument | undefined {
    const o = this.store.ordinal(id);
    return o === undefined ? undefined : this.store.get(o);
  }
  override has(id: string): boolean {
    return this.store.ordinal(id) !== undefined;
  }
  override get size(): number {
    return this.store.count;
  }
  override set(): this {
    throw new Error("the documents of an index are read-only");
  }
  override *keys(): MapIterator<string> {
    for (const p of this.store.papers) yield p.meta.id;
  }
  override *values(): MapIterator<SourceDocument> {
    for (let o = 0; o < this.store.count; o++) yield this.store.get(o);
  }
  override *entries(): MapIterator<[string, SourceDocument]> {
    for (let o = 0; o < this.store.count; o++) yield [this.store.papers[o]!.meta.id, this.store.get(o)];
  }
  override [Symbol.iterator](): MapIterator<[string, SourceDocument]> {
    return this.entries();
  }
  override forEach(fn: (value: SourceDocument, key: string, map: Map<string, SourceDocument>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}
