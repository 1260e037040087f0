/**
 * A file of named typed arrays: an 8-byte preamble ("FNPK" and the header's byte length), a JSON
 * header naming each array's type, offset and length, then the arrays, each 8-byte aligned.
 *
 * Small arrays (offsets, the vocabulary) are read whole at open into SharedArrayBuffers, so
 * worker threads can be handed the same memory; large ones (postings, text) stay on disk and are
 * read by position when a query needs a slice, so opening costs the same at any corpus size and
 * the operating system's page cache is the one copy every reader shares.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";

export type Typed = Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;
type Kind = "u8" | "u16" | "u32" | "f32" | "f64";

const CTORS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f32: Float32Array, f64: Float64Array } as const;
const MAGIC = 0x4b504e46; // "FNPK", little-endian

interface Entry {
  kind: Kind;
  /** Byte offset from the start of the file. */
  offset: number;
  length: number;
}

function kindOf(a: Typed): Kind {
  if (a instanceof Uint8Array) return "u8";
  if (a instanceof Uint16Array) return "u16";
  if (a instanceof Uint32Array) return "u32";
  if (a instanceof Float32Array) return "f32";
  return "f64";
}

const align = (n: number) => Math.ceil(n / 8) * 8;

/** Writes the arrays one after another, so no buffer the size of the whole file is ever made. */
export function writePack(file: string, arrays: Record<string, Typed>): void {
  const entries: Record<string, Entry> = {};
  let headerJson = "";
  // The header's length decides where the data starts, and the offsets in it the header's length.
  for (let dataStart = 0, settled = false; !settled; ) {
    let at = dataStart;
    for (const [name, a] of Object.entries(arrays)) {
      entries[name] = { kind: kindOf(a), offset: at, length: a.length };
      at = align(at + a.byteLength);
    }
    headerJson = JSON.stringify(entries);
    const needed = align(8 + Buffer.byteLength(headerJson));
    settled = needed <= dataStart;
    dataStart = Math.max(dataStart, needed);
  }
  const fd = openSync(file, "w");
  try {
    const preamble = Buffer.alloc(8);
    preamble.writeUInt32LE(MAGIC, 0);
    preamble.writeUInt32LE(Buffer.byteLength(headerJson), 4);
    writeSync(fd, preamble, 0, 8, 0);
    writeSync(fd, Buffer.from(headerJson), 0, Buffer.byteLength(headerJson), 8);
    for (const [name, a] of Object.entries(arrays)) {
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, entries[name]!.offset + done);
    }
    // Pads the last array, so the file's size is the one the header implies.
    const end = Math.max(align(8 + Buffer.byteLength(headerJson)), ...Object.values(entries).map((e) => align(e.offset + e.length * CTORS[e.kind].BYTES_PER_ELEMENT)));
    const size = fstatSync(fd).size;
    if (size < end) writeSync(fd, Buffer.alloc(end - size), 0, end - size, size);
  } finally {
    closeSync(fd);
  }
}

/** Closes a reader's file once nothing refers to it, so a build swapped out mid-query stays readable until done. */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

export class PackReader {
  private constructor(
    private readonly fd: number,
    private readonly entries: Record<string, Entry>,
  ) {
    closer.register(this, fd);
  }

  static open(file: string): PackReader {
    const fd = openSync(file, "r");
    try {
      const preamble = Buffer.alloc(8);
      readSync(fd, preamble, 0, 8, 0);
      if (preamble.readUInt32LE(0) !== MAGIC) throw new Error("not an index file");
      const header = Buffer.alloc(preamble.readUInt32LE(4));
      readSync(fd, header, 0, header.length, 8);
      return new PackReader(fd, JSON.parse(header.toString("utf8")) as Record<string, Entry>);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  length(name: string): number {
    return this.entry(name).length;
  }

  /** The whole array, in shared memory. */
  resident<T extends Typed>(name: string): T {
    return this.slice<T>(name, 0, this.entry(name).length, true);
  }

  /** Elements [from, to) of an array, read from disk now. */
  slice<T extends Typed>(name: string, from: number, to: number, shared = false): T {
    const e = this.entry(name);
    const Ctor = CTORS[e.kind];
    const n = Math.max(0, Math.min(to, e.length) - from);
    const bytes = n * Ctor.BYTES_PER_ELEMENT;
    const out = new Ctor((shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)) as ArrayBuffer) as T;
    const view = new Uint8Array(out.buffer, 0, bytes);
    const position = e.offset + from * Ctor.BYTES_PER_ELEMENT;
    for (let done = 0; done < bytes; ) {
      const got = readSync(this.fd, view, done, bytes - done, position + done);
      if (got === 0) throw new Error("index file is shorter than its header says");
      done += got;
    }
    return out;
  }

  private entry(name: string): Entry {
    const e = this.entries[name];
    if (!e) throw new Error(`index file lacks ${name}`);
    return e;
  }
}
