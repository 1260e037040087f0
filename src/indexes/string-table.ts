/** Many strings as one UTF-8 buffer and their offsets: no object per string, searchable when sorted. */
import type { Typed } from "./pack.js";

export class StringTable {
  private readonly bytes: Buffer;

  constructor(
    bytes: Uint8Array,
    /** `starts[i]` to `starts[i + 1]` are string i's bytes; one more entry than strings. */
    private readonly starts: Uint32Array,
  ) {
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Sorted by UTF-16 code units (JavaScript's `<`), which `find` relies on. */
  static sorted(strings: Iterable<string>): StringTable {
    return StringTable.of([...strings].sort());
  }

  static of(strings: string[]): StringTable {
    const starts = new Uint32Array(strings.length + 1);
    let total = 0;
    strings.forEach((s, i) => {
      total += Buffer.byteLength(s);
      starts[i + 1] = total;
    });
    const bytes = Buffer.allocUnsafe(total);
    strings.forEach((s, i) => bytes.write(s, starts[i]!));
    return new StringTable(bytes, starts);
  }

  get size(): number {
    return this.starts.length - 1;
  }

  get(i: number): string {
    return this.bytes.toString("utf8", this.starts[i]!, this.starts[i + 1]!);
  }

  /** The index of `s` in a sorted table, or -1. */
  find(s: string): number {
    const i = this.firstNotBefore(s);
    return i < this.size && this.get(i) === s ? i : -1;
  }

  /** The strings of a sorted table that start with `prefix`, in order. */
  withPrefix(prefix: string): string[] {
    const out: string[] = [];
    for (let i = this.firstNotBefore(prefix); i < this.size; i++) {
      const s = this.get(i);
      if (!s.startsWith(prefix)) break;
      out.push(s);
    }
    return out;
  }

  /** The index of the first string of a sorted table that is not before `s`: a binary search. */
  private firstNotBefore(s: string): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.get(mid) < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** For writing into a pack under `prefix`. */
  arrays(prefix: string): Record<string, Typed> {
    return { [`${prefix}.bytes`]: this.bytes, [`${prefix}.starts`]: this.starts };
  }

  static read(pack: { resident<T extends Typed>(name: string): T }, prefix: string): StringTable {
    return new StringTable(pack.resident<Uint8Array>(`${prefix}.bytes`), pack.resident<Uint32Array>(`${prefix}.starts`));
  }
}
