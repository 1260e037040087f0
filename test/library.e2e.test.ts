/**
 * Servers' own libraries end to end: the real engine, discord.js client and SQLite, the emulator
 * standing in for Discord and its CDN. Server A adds a Markdown and a PDF paper by attaching them
 * to /library add and its members get quotes from them; server B (a second server id on the same
 * emulator) never sees them, not through answers, autocomplete or tampered buttons. Papers written
 * here, at test time.
 */
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptedPdf, paperPdf } from "../scripts/pdf-fixtures.js";
import { loadConfig, type Config } from "../src/config.js";
import { startBot, type Bot } from "../src/discord/bot.js";
import { openEngine, type FootnoteEngine } from "../src/engine.js";
import { openLibraries } from "../src/libraries/open.js";
import { createLogger } from "../src/log.js";
import { DiscordEmulator, type InteractionRef, type RecordedRequest } from "./emulator/emulator.js";
import { REPO, tempDir } from "./support/engine.js";

const LICHEN_MD = `---
title: "Lichen Growth on Basalt Field Walls"
authors: [Ines Halvorsen, Tomas Brandt]
year: 2021
---

## Introduction

Field walls of basalt carry lichens that farmers rarely notice. This study followed forty walls on one island for twelve years.

## Results

Crustose lichens on the basalt walls grew 2.3 millimetres per year on average. Walls facing the sea grew lichens faster than walls facing inland.

## Discussion

Slow growth means that a lichen the size of a hand may be two centuries old.
`;

const HEATHER = {
  title: "Honeybee Foraging on Heather Moorland",
  authors: ["Maren Quist"],
  year: 2019,
  sections: [
    { title: "Introduction", paragraphs: ["Heather moorland flowers late in summer and feeds many honeybee colonies placed there by keepers."] },
    { title: "Findings", paragraphs: ["Honeybees visited the heather flowers most often between ten in the morning and noon, when the dew had dried."] },
  ],
};

const LICHEN_Q = "How fast did crustose lichens grow on the basalt walls?";
const HEATHER_Q = "When did honeybees visit the heather flowers most often?";

let tmp: string;
let emu: DiscordEmulator;
let engine: FootnoteEngine;
let config: Config;
let bot: Bot;
const logLines: string[] = [];
const log = createLogger("warn", { destination: new Writable({ write: (c, _e, done) => (logLines.push(String(c)), done()) }) });
let serverB: string;

const start = () => startBot({ config, engine, log, libraries: (db) => openLibraries(config, db, engine, log) });

beforeAll(async () => {
  tmp = await tempDir("footnote-library-");
  emu = await DiscordEmulator.start();
  config = loadConfig({
    DISCORD_TOKEN: emu.token,
    DISCORD_API_URL: emu.apiUrl,
    DISCORD_CDN_URL: emu.cdnUrl,
    MODELS_DIR: path.join(REPO, "models"),
    CORPUS_DIR: path.join(REPO, "corpus"),
    INDEX_DIR: path.join(tmp, "index"),
    DATA_DIR: path.join(tmp, "data"),
    RATE_LIMIT_PER_MINUTE: "600",
    LIBRARY_MAX_PAPERS: "2",
    LIBRARY_MAX_FILE_MB: "1",
  });
  engine = await openEngine(config, log);
  serverB = emu.addServer().guildId;
  bot = await start();
});

afterAll(async () => {
  await bot?.stop();
  await engine?.close();
  await emu?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const isEditOf = (ref: InteractionRef) => (r: RecordedRequest) => r.method === "PATCH" && r.path === `/webhooks/${emu.world.appId}/${ref.token}/messages/@original`;

/** The last edit of a /library add reply: what was added, or why not. */
async function addResult(ref: InteractionRef): Promise<RecordedRequest> {
  return emu.waitForRequest((r) => isEditOf(ref)(r) && /Added|not added/.test(r.body?.content ?? ""), { what: "the outcome of /library add", timeoutMs: 60_000 });
}

function add(name: string, data: Buffer, opts: { guildId?: string; user?: ReturnType<DiscordEmulator["addUser"]> } = {}) {
  return emu.slashCommand("library add", { file: { attachment: emu.addAttachment(name, data) } }, opts);
}

/** A private reply's text: a reply callback's content, or the first edit's after a deferral. */
async function privateText(ref: InteractionRef): Promise<string> {
  const callback = await emu.callbackOf(ref);
  if (callback.body.type === 4) return callback.body.data.content || JSON.stringify(callback.body.data.embeds);
  const edit = (await emu.editOf(ref)).body;
  return edit.content || JSON.stringify(edit.embeds);
}

async function answerText(question: string, guildId?: string): Promise<string> {
  const ref = emu.slashCommand("ask", { question }, guildId ? { guildId } : {});
  return JSON.stringify((await emu.editOf(ref)).body.embeds);
}

const buttonIds = (body: { components?: { components: { custom_id: string }[] }[] }) => (body.components ?? []).flatMap((r) => r.components.map((c) => c.custom_id));

let lichenUndo: string;

describe("/library", () => {
  it("adds a Markdown paper: replies at once, then says what was added with an Undo button", async () => {
    const ref = add("lichens.md", Buffer.from(LICHEN_MD));
    const callback = await emu.callbackOf(ref);
    expect(callback.body).toMatchObject({ type: 4, data: { content: "Reading *lichens.md*…", flags: 64 } });
    const result = await addResult(ref);
    expect(result.body.content).toContain("Added **Lichen Growth on Basalt Field Walls**");
    expect(result.body.content).toContain("Authors: Ines Halvorsen, Tomas Brandt");
    expect(result.body.content).toContain("Year: 2021");
    expect(result.body.content).toMatch(/Sections \(3\): Introduction · Results · Discussion/);
    lichenUndo = buttonIds(result.body)[0]!;
    expect(lichenUndo).toMatch(/^library:remove:[0-9a-f]{16}\.md$/);
    expect(emu.downloads).toHaveLength(1);
    const duplicate = await addResult(add("again.md", Buffer.from(LICHEN_MD)));
    expect(duplicate.body.content).toBe("*again.md* was not added. That file is already in this server's library, as “Lichen Growth on Basalt Field Walls”. Nothing was added.");
  });

  it("answers the server's questions from it, with its quote and citation, and never another server's", async () => {
    const inA = await answerText(LICHEN_Q);
    expect(inA).toContain("2.3 millimetres per year");
    expect(inA).toContain("Lichen Growth on Basalt Field Walls");
    const inB = await answerText(LICHEN_Q, serverB);
    expect(inB).not.toContain("millimetres");
    expect(inB).not.toContain("Lichen");
    // Both still read the host's shared paper.
    for (const guildId of [serverB, undefined]) expect(await answerText("When was the Israeli embassy opened in Baku?", guildId)).toContain("Focused on Iran?");
  });

  it("adds a PDF, sniffed by its content whatever its name", async () => {
    const ref = add("notes.txt", await paperPdf(HEATHER));
    const result = await addResult(ref);
    expect(result.body.content).toContain("Added **Honeybee Foraging on Heather Moorland**");
    const answer = await answerText(HEATHER_Q);
    expect(answer).toContain("between ten in the morning and noon");
  });

  it("refuses a full library, a file over the size limit and an unreadable file, changing nothing", async () => {
    const full = await addResult(add("third.md", Buffer.from(LICHEN_MD.replace("forty walls", "fifty walls"))));
    expect(full.body.content).toContain("LIBRARY_MAX_PAPERS");
    const big = await privateText(add("big.md", Buffer.alloc(1.5 * 1024 * 1024, "a"), { guildId: serverB }));
    expect(big).toContain("LIBRARY_MAX_FILE_MB");
    const locked = await addResult(add("locked.pdf", await encryptedPdf(), { guildId: serverB }));
    expect(locked.body.content).toMatch(/^\*locked\.pdf\* was not added\. I could not read it: .*password/i);
    const binary = await addResult(add("blob.bin", Buffer.from([0, 1, 2, 3, 255, 254, 0, 9]), { guildId: serverB }));
    expect(binary.body.content).toContain("was not added");
    expect(await privateText(emu.slashCommand("library list", {}, { guildId: serverB }))).toContain("No papers yet");
  });

  it("refuses changes to members who are neither moderators nor librarians, until a moderator names their role", async () => {
    const librarians = emu.addRole("Librarians");
    const member = emu.addUser("member", { roles: [librarians] });
    const refused = await privateText(add("bees.md", Buffer.from("# Bees\n\nBees dance."), { guildId: serverB, user: member }));
    expect(refused).toMatch(/Only moderators .* librarian role/);
    expect(await privateText(emu.slashCommand("config library-roles add", { role: { role: librarians } }, { guildId: serverB }))).toContain("can change the library");
    const added = await addResult(add("bees.md", Buffer.from("# Waggle Dances\n\nA forager bee dances a figure of eight to show her sisters where the clover is."), { guildId: serverB, user: member }));
    expect(added.body.content).toContain("Added **Waggle Dances**");
  });

  it("keeps autocomplete, lists and buttons within the server: a tampered id removes nothing elsewhere", async () => {
    const choicesOf = async (ref: InteractionRef) => ((await emu.callbackOf(ref)).body.data.choices as { name: string }[]).map((c) => c.name);
    expect(await choicesOf(emu.autocomplete("ask", { question: "x", paper: "" }, "paper"))).toEqual(
      expect.arrayContaining([expect.stringContaining("Lichen"), expect.stringContaining("Honeybee")]),
    );
    const inB = await choicesOf(emu.autocomplete("ask", { question: "x", paper: "" }, "paper", { guildId: serverB }));
    expect(inB.join()).not.toMatch(/Lichen|Honeybee/);
    expect(inB.join()).toContain("Waggle");
    expect(await choicesOf(emu.autocomplete("library remove", { paper: "" }, "paper", { guildId: serverB }))).toEqual([expect.stringContaining("Waggle")]);

    const askedInA = emu.slashCommand("ask", { question: LICHEN_Q });
    const answer = (await emu.editOf(askedInA)).response;
    const passage = buttonIds(answer).find((id) => id.startsWith("passage:"))!;
    expect(await privateText(emu.clickButton(answer, passage, { guildId: serverB }))).toContain("That passage is gone");
    expect(await privateText(emu.clickButton(answer, lichenUndo, { guildId: serverB }))).toContain("not in this server's library");
    expect(await answerText(LICHEN_Q)).toContain("2.3 millimetres per year");

    const listA = await privateText(emu.slashCommand("library list"));
    expect(listA).toMatch(/Lichen Growth on Basalt Field Walls: added by <@\d+>/);
    expect(listA).not.toContain("Waggle");
    const viewer = emu.addUser("viewer");
    expect(await privateText(emu.slashCommand("library list", {}, { user: viewer }))).not.toContain("added by");
  });

  it("answers every question asked while a paper is being added", async () => {
    const adding = add("clover.md", Buffer.from("# Clover Lawns\n\n## Findings\n\nLawns sown with white clover needed mowing half as often as grass lawns."), { guildId: serverB });
    const asked = Array.from({ length: 4 }, () => answerText("What does a forager bee dance to show her sisters?", serverB));
    for (const answer of await Promise.all(asked)) expect(answer).toContain("figure of eight");
    expect((await addResult(adding)).body.content).toContain("Added **Clover Lawns**");
    expect(await answerText("How often did clover lawns need mowing?", serverB)).toContain("half as often");
  });

  it("shows a paper's citation and exports the library as BibTeX and an APA reading list", async () => {
    const shown = await privateText(emu.slashCommand("library show", { paper: "Lichen" }));
    expect(shown).toContain("Halvorsen, I., & Brandt, T. (2021). Lichen Growth on Basalt Field Walls.");
    expect(shown).toContain("@");
    const exported = await emu.callbackOf(emu.slashCommand("library export"));
    const files = exported.files.map((f) => [f.filename, f.data.toString("utf8")]);
    expect(files.map(([name]) => name)).toEqual(["library.bib", "reading-list.md"]);
    expect(files[0]![1]).toMatch(/^@inbook\{Halvorsen2021Lichen,\n\tauthor = \{Halvorsen, Ines and Brandt, Tomas\},[\s\S]*@inbook\{Quist2019Honeybee,/);
    expect(files[1]![1]).toContain("- Halvorsen, I., & Brandt, T. (2021). Lichen Growth on Basalt Field Walls.\n");
    expect(files[1]![1]).not.toContain("Waggle");
  });

  it("keeps the library across a restart; a command that needs it while it is still closed acknowledges first", async () => {
    await bot.stop();
    bot = await start();
    // Opening a library can outlast Discord's 3 s, so the reply is deferred before it opens.
    const quoted = emu.slashCommand("quote", { section: "Results" });
    expect((await emu.callbackOf(quoted)).body.type).toBe(5);
    expect(JSON.stringify((await emu.editOf(quoted)).body.embeds)).toContain("2.3 millimetres per year");
    expect(await answerText(HEATHER_Q)).toContain("between ten in the morning and noon");
  });

  it("removes a paper after a confirm button, and /log records the changes", async () => {
    const asked = emu.slashCommand("library remove", { paper: lichenUndo.split(":")[2]! });
    const confirm = await emu.callbackOf(asked);
    expect(confirm.body.data.content).toMatch(/^Remove \*Lichen Growth on Basalt Field Walls\*/);
    const message = [...emu.world.messages.values()].at(-1)!;
    const removed = emu.clickButton(message, buttonIds(confirm.body.data)[0]!);
    expect((await emu.editOf(removed)).body.content).toContain("Removed *Lichen Growth on Basalt Field Walls*");
    expect(await answerText(LICHEN_Q)).not.toContain("millimetres");
    expect(await answerText(HEATHER_Q)).toContain("between ten in the morning and noon");
    const logged = await privateText(emu.slashCommand("log", { count: 20 }));
    expect(logged).toContain("**/library**");
    expect(logged).toContain("remove Lichen Growth on Basalt Field Walls");
  });

  it("keeps a server's library for LIBRARY_RETENTION_DAYS after the bot is removed from it", async () => {
    emu.gateway.dispatch("GUILD_DELETE", { id: emu.world.guildId });
    const dir = path.join(config.DATA_DIR, "libraries", emu.world.guildId);
    await expect.poll(() => {
      const db = new Database(path.join(config.DATA_DIR, "footnote.sqlite"), { readonly: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM library_departures WHERE guild_id = ?").get(emu.world.guildId) as { n: number }).n;
      } finally {
        db.close();
      }
    }).toBe(1);
    expect(fs.existsSync(path.join(dir, "papers"))).toBe(true);
  });

  it("logged no errors along the way", () => {
    expect(logLines.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
  });
});
