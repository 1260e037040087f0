/**
 * A reliability diagram as a PNG: the answer model's predicted probability (x) against how often
 * the reply was right (y), in ten bins, with the diagonal a perfectly calibrated model would sit
 * on. Each bin's dot grows with the number of questions in it. Written with node:zlib alone.
 */
import { deflateSync } from "node:zlib";

export interface CalibrationPoint {
  probability: number;
  right: boolean;
}

const SIZE = 420;
const MARGIN = 50;
const PLOT = SIZE - 2 * MARGIN;
const BINS = 10;

/** 3×5 digits and the few letters the labels need, one row per string, "#" for a lit pixel. */
const GLYPHS: Record<string, string[]> = {
  "0": ["###", "#.#", "#.#", "#.#", "###"],
  "1": [".#.", "##.", ".#.", ".#.", "###"],
  "2": ["###", "..#", "###", "#..", "###"],
  "3": ["###", "..#", "###", "..#", "###"],
  "4": ["#.#", "#.#", "###", "..#", "..#"],
  "5": ["###", "#..", "###", "..#", "###"],
  "6": ["###", "#..", "###", "#.#", "###"],
  "7": ["###", "..#", "..#", "..#", "..#"],
  "8": ["###", "#.#", "###", "#.#", "###"],
  "9": ["###", "#.#", "###", "..#", "###"],
  ".": ["...", "...", "...", "...", ".#."],
  " ": ["...", "...", "...", "...", "..."],
  p: ["###", "#.#", "###", "#..", "#.."],
  r: ["...", "##.", "#..", "#..", "#.."],
  e: ["###", "#.#", "###", "#..", "###"],
  d: ["..#", "..#", "###", "#.#", "###"],
  i: [".#.", "...", ".#.", ".#.", ".#."],
  c: ["...", "###", "#..", "#..", "###"],
  t: [".#.", "###", ".#.", ".#.", ".##"],
  o: ["...", "###", "#.#", "#.#", "###"],
  b: ["#..", "#..", "###", "#.#", "###"],
  s: ["...", "###", "##.", "..#", "###"],
  v: ["...", "#.#", "#.#", "#.#", ".#."],
  g: ["###", "#.#", "###", "..#", "###"],
  h: ["#..", "#..", "###", "#.#", "#.#"],
};

export function calibrationPng(points: CalibrationPoint[]): Buffer {
  const pixels = new Uint8Array(SIZE * SIZE * 3).fill(255);
  const set = (x: number, y: number, [r, g, b]: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= SIZE || y >= SIZE) return;
    const i = (Math.round(y) * SIZE + Math.round(x)) * 3;
    pixels[i] = r;
    pixels[i + 1] = g;
    pixels[i + 2] = b;
  };
  const toX = (p: number) => MARGIN + p * PLOT;
  const toY = (p: number) => SIZE - MARGIN - p * PLOT;
  const line = (x0: number, y0: number, x1: number, y1: number, colour: [number, number, number]) => {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let s = 0; s <= steps; s++) set(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, colour);
  };
  const text = (s: string, x: number, y: number, scale = 2) => {
    [...s].forEach((ch, k) => {
      (GLYPHS[ch] ?? GLYPHS[" "]!).forEach((row, dy) =>
        [...row].forEach((px, dx) => {
          if (px !== "#") return;
          for (let a = 0; a < scale; a++) for (let b = 0; b < scale; b++) set(x + (k * 4 + dx) * scale + a, y + dy * scale + b, [40, 40, 40]);
        }),
      );
    });
  };
  const grey: [number, number, number] = [200, 200, 200];
  for (let t = 0; t <= 10; t++) {
    line(toX(t / 10), toY(0), toX(t / 10), toY(1), grey);
    line(toX(0), toY(t / 10), toX(1), toY(t / 10), grey);
  }
  line(toX(0), toY(0), toX(1), toY(0), [0, 0, 0]);
  line(toX(0), toY(0), toX(0), toY(1), [0, 0, 0]);
  line(toX(0), toY(0), toX(1), toY(1), [150, 150, 150]);
  for (const t of [0, 0.5, 1]) {
    text(String(t), toX(t) - 6, toY(0) + 8);
    text(String(t), toX(0) - 30, toY(t) - 5);
  }
  text("predicted", toX(0.5) - 36, SIZE - 18);
  text("observed", 4, 14);
  const bins = Array.from({ length: BINS }, () => ({ n: 0, right: 0, p: 0 }));
  for (const pt of points) {
    const b = bins[Math.min(BINS - 1, Math.floor(pt.probability * BINS))]!;
    b.n++;
    b.p += pt.probability;
    if (pt.right) b.right++;
  }
  const most = Math.max(1, ...bins.map((b) => b.n));
  let previous: [number, number] | undefined;
  for (const b of bins) {
    if (b.n === 0) continue;
    const cx = toX(b.p / b.n);
    const cy = toY(b.right / b.n);
    if (previous) line(previous[0], previous[1], cx, cy, [30, 90, 200]);
    previous = [cx, cy];
    const radius = 3 + 9 * Math.sqrt(b.n / most);
    for (let dx = -radius; dx <= radius; dx++) for (let dy = -radius; dy <= radius; dy++) if (dx * dx + dy * dy <= radius * radius) set(cx + dx, cy + dy, [30, 90, 200]);
  }
  return encodePng(pixels, SIZE, SIZE);
}

function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
