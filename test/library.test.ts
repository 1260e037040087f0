/**
 * The parts of servers' libraries below Discord: capped downloads from Discord's hosts only, files
 * judged by their bytes, lazy engines evicted when idle or too many, questions answered while a
 * paper is added, and a departed server's library deleted after the retention period.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docxPaper, zip } from "../scripts/ingest-fixtures.js";
import { paperPdf } from "../scripts/pdf-fixtures.js";
import { openMemoryDatabase } from "../src/db/database.js";
import { LibraryDb } from "../src/db/library-db.js";
import type { FootnoteEngine } from "../src/engine.js";
import { allowedOrigins, downloadAttachment } from "../src/libraries/download.js";
import { Libraries } from "../src/libraries/libraries.js";
import { libraryOpener, librarySettings, openLibraryForReading } from "../src/libraries/open.js";
import { LibraryRefusal } from "../src/libraries/refusal.js";
import { readUpload } from "../src/libraries/upload.js";
import { DEFAULT_LIMITS } from "../src/ingest/formats/index.js";
import { createLogger } from "../src/log.js";
import { openTestEngine, tempDir, testConfig } from "./support/engine.js";

const log = createLogger("silent");
const A = "100000000000000001";
const B = "100000000000000002";
const C = "100000000000000003";
const DAY = 86_400_000;

const paper = (title: string, sentence: string) => Buffer.from(`# ${title}\n\n## Findings\n\n${sentence}\n`);

describe("downloadAttachment", () => {
  let server: http.Server;
  let origin: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === "/liar") {
        // Declares nothing and streams past the cap.
        res.writeHead(200);
        for (let i = 0; i < 8; i++) res.write(Buffer.alloc(1024, "x"));
        return void res.end();
      }
      if (req.url === "/slow") return void setTimeout(() => res.writeHead(200).end("late"), 2_000);
      if (req.url === "/redirect") return void res.writeHead(302, { Location: "http://example.org/x" }).end();
      res.writeHead(200, { "Content-Length": 5 }).end("hello");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const limits = () => ({ origins: allowedOrigins(origin), maxBytes: 4096, timeoutMs: 500 });

  it("fetches from the CDN origin, and allows Discord's media host too", async () => {
    expect(Buffer.from(await downloadAttachment(`${origin}/ok`, limits())).toString()).toBe("hello");
    expect(allowedOrigins("https://cdn.discordapp.com/")).toEqual(["https://cdn.discordapp.com", "https://media.discordapp.net"]);
  });

  it("refuses other hosts, redirects, bodies past the cap and slow servers, each with a reason", async () => {
    await expect(downloadAttachment("http://127.0.0.1:1/x", limits())).rejects.toThrow("I only read files attached on Discord.");
    await expect(downloadAttachment("file:///etc/passwd", limits())).rejects.toThrow(LibraryRefusal);
    await expect(downloadAttachment(`${origin}/redirect`, limits())).rejects.toThrow(LibraryRefusal);
    await expect(downloadAttachment(`${origin}/liar`, limits())).rejects.toThrow(/limit of 0 MB per file \(LIBRARY_MAX_FILE_MB\)/);
    await expect(downloadAttachment(`${origin}/slow`, limits())).rejects.toThrow(/longer than 1 s \(LIBRARY_DOWNLOAD_SECONDS\)/);
  });
});

describe("readUpload", () => {
  it("names the stored file by its content hash and its sniffed format, never by the name given", async () => {
    const upload = await readUpload(docxPaper(), "../../etc/evil.md", {}, DEFAULT_LIMITS);
    expect(upload.fileName).toMatch(/^[0-9a-f]{16}\.docx$/);
    const text = await readUpload(paper("Moss", "Moss grows slowly."), "notes.txt", {}, DEFAULT_LIMITS);
    expect(text.fileName).toMatch(/^[0-9a-f]{16}\.txt$/);
  });

  it("puts the title and authors given into a Markdown file's front matter or a PDF's sidecar", async () => {
    const upload = await readUpload(paper("Moss", "Moss grows slowly."), "moss", { title: "Mosses of Wet Roofs", authors: ["Lena Berg"], year: 2020 }, DEFAULT_LIMITS);
    expect(upload.document.meta).toMatchObject({ title: "Mosses of Wet Roofs", authors: ["Lena Berg"], year: 2020 });
  });

  it("gives a PDF the title and year given, in a sidecar beside it", async () => {
    const pdf = await paperPdf({ title: "Untitled Draft", authors: ["Lena Berg"], sections: [{ title: "Findings", paragraphs: ["Moss grew on every north roof we surveyed."] }] });
    const upload = await readUpload(pdf, "draft.pdf", { title: "Mosses of North Roofs", year: 2018 }, DEFAULT_LIMITS);
    expect(upload.fileName).toMatch(/\.pdf$/);
    expect(upload.sidecar).toMatch(/title: Mosses of North Roofs/);
    expect(upload.document.meta).toMatchObject({ title: "Mosses of North Roofs", year: 2018 });
  });

  it("refuses empty files, other zips and binary junk with the reason", async () => {
    await expect(readUpload(Buffer.alloc(0), "x.md", {}, DEFAULT_LIMITS)).rejects.toThrow("The file is empty.");
    await expect(readUpload(zip([{ name: "a.txt", data: Buffer.from("a") }]), "x.zip", {}, DEFAULT_LIMITS)).rejects.toThrow(/zip archive but not a Word document/);
    await expect(readUpload(Buffer.from([0, 159, 146, 150]), "x", {}, DEFAULT_LIMITS)).rejects.toThrow(/I could not read it: .*binary/);
  });
});

describe("Libraries", () => {
  let engine: FootnoteEngine;
  let dataDir: string;
  let libraries: Libraries;
  let db: LibraryDb;
  let now = Date.now();

  beforeAll(async () => {
    ({ engine } = await openTestEngine());
    dataDir = await tempDir("footnote-libraries-");
  });
  afterAll(async () => {
    await libraries?.closeAll();
    await engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function make(overrides: Partial<ReturnType<typeof librarySettings>> = {}) {
    const config = await testConfig({ DATA_DIR: dataDir });
    const settings = { ...librarySettings(config), ...overrides };
    db = new LibraryDb(openMemoryDatabase(), () => new Date(now));
    libraries = new Libraries(settings, db, engine, libraryOpener(config, engine, log), log, () => now);
  }

  it("answers while a paper is added, and no question is lost", async () => {
    await make();
    await libraries.add({ guildId: A, bytes: paper("Moss on Roofs", "Moss on north roofs grew three times faster than on south roofs."), fileName: "m.md", overrides: {}, addedBy: "u" });
    const progress: number[] = [];
    const adding = libraries.add({
      guildId: A,
      bytes: paper("Gulls in Harbours", "Herring gulls in the harbour stole chips from one visitor in five."),
      fileName: "g.md",
      overrides: {},
      addedBy: "u",
      onProgress: (f) => progress.push(f),
    });
    const asked = Array.from({ length: 5 }, async () => (await libraries.engineFor(A)).ask("How fast did moss grow on north roofs?"));
    const answers = await Promise.all(asked);
    await adding;
    for (const a of answers) expect(a.answer.map((q) => q.quote).join()).toContain("three times faster");
    expect(progress.at(-1)).toBe(1);
    const after = await (await libraries.engineFor(A)).ask("What did herring gulls in the harbour steal?");
    expect(after.answer.map((q) => q.quote).join()).toContain("one visitor in five");
    expect(await libraries.engineFor(B)).toBe(engine);

    // The terminal's --library: the same papers, read as built, nothing written.
    const { indexDir } = libraries.folders(A);
    const before = fs.readdirSync(indexDir).sort();
    const reading = await openLibraryForReading(await testConfig({ DATA_DIR: dataDir }), A, log);
    expect((await reading.ask("What did herring gulls in the harbour steal?")).answer.map((q) => q.quote).join()).toContain("one visitor in five");
    await reading.close();
    expect(fs.readdirSync(indexDir).sort()).toEqual(before);
  });

  it("opens libraries lazily and closes the least recently used past LIBRARY_OPEN_MAX, and idle ones", async () => {
    await libraries.closeAll();
    await make({ openMax: 1, idleMs: 60_000 });
    for (const id of [B, C]) await libraries.add({ guildId: id, bytes: paper(`Paper ${id}`, `Server ${id} keeps this sentence about otters.`), fileName: "p.md", overrides: {}, addedBy: "u" });
    await libraries.evict();
    expect(libraries.openCount).toBe(1);
    const b = await libraries.engineFor(B);
    await libraries.evict();
    expect(libraries.openCount).toBe(1);
    expect(b.papers().map((p) => p.title)).toContain(`Paper ${B}`);
    expect(b.papers().map((p) => p.title)).not.toContain(`Paper ${C}`);
    now += 2 * 60_000;
    await libraries.evict();
    expect(libraries.openCount).toBe(0);
  });

  it("keeps a departed server's library for the retention period, then deletes its files and records", async () => {
    await libraries.left(B);
    now += 29 * DAY;
    expect(await libraries.purgeExpired()).toEqual([]);
    libraries.present(C);
    now += 2 * DAY;
    expect(await libraries.purgeExpired()).toEqual([B]);
    expect(fs.existsSync(path.join(dataDir, "libraries", B))).toBe(false);
    expect(libraries.papers(B)).toEqual([]);
    expect(libraries.papers(C)).toHaveLength(1);
    expect(() => libraries.folders("../etc")).toThrow(/not a server id/);

    // Removed while the bot was offline: at log-in the server is missing, so its time starts then.
    await libraries.inServers([A]);
    now += 31 * DAY;
    expect(await libraries.purgeExpired()).toEqual([C]);
    expect(libraries.papers(C)).toEqual([]);
  });

  it("refuses a paper that would take the server past LIBRARY_MAX_PASSAGES, writing nothing", async () => {
    await libraries.closeAll();
    await make({ maxPassages: 1 });
    const long = paper("Long", Array.from({ length: 40 }, (_, i) => `Sentence ${i} says the reeds grew by ${i} centimetres.`).join(" "));
    await expect(libraries.add({ guildId: A, bytes: long, fileName: "l.md", overrides: {}, addedBy: "u" })).rejects.toThrow(/limit of 1 passages per server \(LIBRARY_MAX_PASSAGES\)/);
    expect(libraries.papers(A)).toEqual([]);
    expect(await libraries.engineFor(A)).toBe(engine);
  });
});
