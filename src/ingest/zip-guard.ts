/**
 * A Word file is a zip, and a zip can be a bomb: a few kilobytes that unpack to gigabytes. Before
 * any parser unpacks one, every entry is inflated here with a cap on what it may produce, so a
 * bomb costs at most the limit, whatever sizes its directory claims.
 */
import { inflateRawSync } from "node:zlib";

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** Throws, saying why, if the zip is not one or would unpack to more than `maxBytes`; returns the entries named in `keep`, unpacked. */
export function checkZip(bytes: Uint8Array, maxBytes: number, keep: readonly string[] = []): Map<string, Buffer> {
  const kept = new Map<string, Buffer>();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEnd(buf);
  if (end < 0) throw new Error("it is not a Word file (no zip directory; it may be cut short).");
  const entries = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  let total = 0;
  const tooBig = () => new Error(`it unpacks to more than ${Math.round(maxBytes / 1024 / 1024)} MB (MAX_UNPACKED_MB), which no paper needs: a zip bomb, or not a paper.`);
  for (let i = 0; i < entries; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error("its zip directory is damaged.");
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const declared = buf.readUInt32LE(at + 24);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + buf.readUInt16LE(at + 28));
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    total += declared;
    if (total > maxBytes) throw tooBig();
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL_HEADER) throw new Error("its zip entries are damaged (the file may be cut short).");
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + compressed);
    if (method === 0) {
      if (keep.includes(name)) kept.set(name, Buffer.from(data));
      continue;
    }
    if (method !== 8) throw new Error(`it uses a zip compression footnote does not read (method ${method}).`);
    try {
      // What the entry really unpacks to, which a bomb's directory understates.
      const unpacked = inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes - total + declared + 1) });
      total += unpacked.length - declared;
      if (keep.includes(name)) kept.set(name, unpacked);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) throw tooBig();
      throw new Error("its zip entries are damaged (the file may be cut short).");
    }
    if (total > maxBytes) throw tooBig();
  }
  return kept;
}

function findEnd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) if (buf.readUInt32LE(i) === END_OF_DIRECTORY) return i;
  return -1;
}
