/**
 * The bot end to end: the real engine, the real discord.js client, and a local Discord emulator in
 * place of discord.com. One engine and one bot, on the default corpus, serve the main suite; each
 * test acts as its own user so the per-user rate limit never couples them. Choosing a paper gets a
 * second bot, on a corpus of two papers.
 */
import fs from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../src/config.js";
import { startBot, type Bot } from "../src/discord/bot.js";
import { registerCommands } from "../src/discord/registration.js";
import type { Engine } from "../src/engine-api.js";
import { openEngine } from "../src/engine.js";
import { createLogger } from "../src/log.js";
import { printReport } from "../src/terminal/report.js";
import { DiscordEmulator, type MessageObject, type RecordedRequest } from "./emulator/emulator.js";
import { copyOfCorpus, tempDir } from "./support/engine.js";

const RATE_LIMIT = 3;
const MOTION = "Azerbaijan's partnership with Israel is mainly about Iran";
const EMBASSY = "When was the Israeli embassy opened in Baku?";
const corpus = fs.readFileSync("corpus/focused-on-iran.md", "utf8");

/** An emulated Discord with the bot logged in to it, on a fresh index and database. */
interface Stack {
  emu: DiscordEmulator;
  engine: Engine;
  bot: Bot;
  config: Config;
  tmp: string;
  logLines: string[];
}

async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const tmp = await tempDir("footnote-e2e-");
  const emu = await DiscordEmulator.start();
  const config = loadConfig({
    DISCORD_TOKEN: emu.token,
    DISCORD_API_URL: emu.apiUrl,
    DISCORD_GUILD_ID: emu.world.guildId,
    INDEX_DIR: path.join(tmp, "index"),
    DATA_DIR: path.join(tmp, "data"),
    ...env,
  });
  const logLines: string[] = [];
  const log = createLogger("warn", { destination: new Writable({ write: (c, _e, done) => (logLines.push(String(c)), done()) }) });
  const engine = await openEngine(config, log);
  const bot = await startBot({ config, engine, log });
  return { emu, engine, bot, config, tmp, logLines };
}

async function stopStack(stack: Stack | undefined): Promise<void> {
  await stack?.bot.stop();
  await stack?.emu.stop();
  if (stack) fs.rmSync(stack.tmp, { recursive: true, force: true });
}

const errorsLogged = (stack: Stack) => stack.logLines.filter((l) => JSON.parse(l).level >= 50);

let main: Stack;
let emu: DiscordEmulator;
let engine: Engine;
let config: Config;

beforeAll(async () => {
  main = await startStack({ RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });
  ({ emu, engine, config } = main);
});

afterAll(() => stopStack(main));

type Embed = { title?: string; description: string; footer?: { text: string } };

/** The text a reader sees in a block quote: without "> ", bold markers or backslash escapes. */
function quoted(description: string): string {
  return description
    .split("\n")
    .filter((line) => line.startsWith(">"))
    .map((line) => line.replace(/^> ?/, ""))
    .join("\n")
    .replaceAll("**", "")
    .replace(/\\(.)/g, "$1")
    .trim();
}

function embedsOf(body: { embeds?: Embed[]; data?: { embeds?: Embed[] } }): Embed[] {
  return body.data?.embeds ?? body.embeds ?? [];
}

function buttonsOf(message: { components?: unknown[] }): { custom_id: string; label?: string }[] {
  const rows = (message.components ?? []) as { components: { custom_id: string; label?: string }[] }[];
  return rows.flatMap((row) => row.components);
}

const buttonIds = (message: { components?: unknown[] }) => buttonsOf(message).map((c) => c.custom_id);

/** The custom id of the button labelled `label`. */
function buttonLabelled(message: { components?: unknown[] }, label: string): string {
  const button = buttonsOf(message).find((c) => c.label === label);
  if (!button) throw new Error(`no "${label}" button`);
  return button.custom_id;
}

const isChannelPost = (channelId: string) => (r: RecordedRequest) => r.method === "POST" && r.path === `/channels/${channelId}/messages`;

describe("the Discord bot", () => {
  it("logs in with the minimal intents: Guilds, GuildMessages and MessageContent (mentions are on)", async () => {
    const identify = await emu.waitForFrame((f) => f.op === 2);
    expect((identify.d as { intents: number }).intents).toBe(1 | 512 | 32768);
  });

  it("registers its commands in the configured server, or globally, the moderators' ones for Manage Server", async () => {
    const result = await registerCommands(config);
    expect(result).toEqual({ scope: "guild", commands: ["ask", "search", "quote", "paper", "debate", "help", "config", "log", "reindex", "library"] });
    const put = await emu.waitForRequest((r) => r.method === "PUT" && r.path === `/applications/${emu.world.appId}/guilds/${emu.world.guildId}/commands`);
    const byName = new Map<string, any>(put.body.map((c: { name: string }) => [c.name, c]));
    expect(byName.get("ask").options[0]).toMatchObject({ name: "question", required: true, max_length: config.MAX_QUESTION_LENGTH });
    expect(byName.get("quote").options[0].autocomplete).toBe(true);
    expect(byName.get("debate").options[1].choices).toEqual([{ name: "For", value: "for" }, { name: "Against", value: "against" }]);
    const manageServer = String(PermissionFlagsBits.ManageGuild);
    for (const [name, command] of byName) {
      expect([name, command.default_member_permissions]).toEqual([name, ["config", "log", "reindex"].includes(name) ? manageServer : undefined]);
    }
    expect(byName.get("config").options.map((o: { name: string }) => o.name)).toEqual(["show", "channels", "debate-roles", "library-roles", "cooldown", "server-rate", "mentions"]);

    expect(await registerCommands({ ...config, DISCORD_GUILD_ID: undefined })).toMatchObject({ scope: "global" });
    await emu.waitForRequest((r) => r.method === "PUT" && r.path === `/applications/${emu.world.appId}/commands`);
  });

  it("/ask defers, then edits the reply into a verbatim quote with its citation", async () => {
    const user = emu.addUser("asker");
    const ref = emu.slashCommand("ask", { question: EMBASSY }, { user });
    const callback = await emu.callbackOf(ref);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await emu.editOf(ref);
    expect(emu.requests.indexOf(edit)).toBeGreaterThan(emu.requests.indexOf(callback));
    const [intro, first] = embedsOf(edit.body);
    expect(intro!.description).toContain("**1993**");
    const quote = quoted(first!.description);
    expect(quote).toContain("An Israeli embassy was opened in Baku in 1993");
    expect(corpus).toContain(quote);
    expect(first!.description).toContain("**1993**");
    expect(first!.footer!.text).toBe("Souleimanov et al. (2014), “Focused on Iran?”, § Country Profiles, ¶ 1");
    expect(first!.description).toContain("The paper cites Shaffer here.");
  });

  it("/debate posts cards for and against the motion, each a verbatim quote, and attaches the pack as Markdown", async () => {
    const ref = emu.slashCommand("debate", { motion: MOTION }, { user: emu.addUser("debater") });
    expect((await emu.callbackOf(ref)).body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await emu.editOf(ref);
    const followUp = await emu.waitForRequest((r) => r.method === "POST" && r.path === `/webhooks/${emu.world.appId}/${ref.token}`);
    const sides = [embedsOf(edit.body), embedsOf(followUp.body)];
    expect(sides.map((embeds) => embeds[0]!.description)).toEqual([`**For** · *${MOTION}*`, `**Against** · *${MOTION}*`]);

    const file = edit.files.find((f) => f.field === "files[0]")!;
    expect(file.filename).toBe("evidence-pack.md");
    const markdown = file.data.toString("utf8");
    expect(markdown).toMatch(/^# Evidence pack: .*\n[\s\S]*## For[\s\S]*## Against/);
    expect((edit.response as MessageObject).attachments).toMatchObject([{ filename: "evidence-pack.md", size: file.data.length }]);

    for (const cards of sides.map((embeds) => embeds.slice(1))) {
      expect(cards.length).toBeGreaterThan(0);
      for (const card of cards) {
        // The title is the card's tag, as the Markdown file heads it (a title, like every label, has its whitespace flattened).
        expect(markdown.replace(/[^\S\n]+/g, " ")).toContain(`### ${card.title!.replace(/\\(.)/g, "$1")}\n`);
        expect(card.footer!.text).toMatch(/^Souleimanov et al\. \(2014\), “Focused on Iran\?”, § .+, ¶ \d+$/);
        const quote = quoted(card.description);
        expect(corpus).toContain(quote);
        expect(markdown).toContain(quote);
      }
    }
  });

  it("/debate with a side posts that side only", async () => {
    const ref = emu.slashCommand("debate", { motion: MOTION, side: "against" }, { user: emu.addUser("contrarian") });
    const edit = await emu.editOf(ref);
    expect(embedsOf(edit.body)[0]!.description).toBe(`**Against** · *${MOTION}*`);
    expect(edit.files[0]!.data.toString("utf8")).not.toMatch(/## For/);
    await emu.callbackOf(emu.slashCommand("help", {}, { user: emu.addUser("after-contrarian") }));
    expect(emu.requests.some((r) => r.method === "POST" && r.path === `/webhooks/${emu.world.appId}/${ref.token}`)).toBe(false);
  });

  it("/search lists passages with a button each", async () => {
    const ref = emu.slashCommand("search", { query: "natural gas reserves" }, { user: emu.addUser("searcher") });
    expect((await emu.callbackOf(ref)).body.type).toBe(5);
    const edit = await emu.editOf(ref);
    const [list] = embedsOf(edit.body);
    expect(list!.description).toMatch(/^\*\*Passages for\*\* natural gas reserves\n\n\*\*1\\. Souleimanov et al\. \(2014\), “Focused on Iran\?”, § /);
    const ids = buttonIds(edit.body);
    expect(ids.filter((id) => id.startsWith("passage:"))).toHaveLength(5);
    expect(ids.at(-1)).toMatch(/^page:/);
  });

  it("/ask private answers ephemerally, and a question without words gets a private refusal", async () => {
    const user = emu.addUser("shy");
    const secret = emu.slashCommand("ask", { question: "How much is bilateral trade worth?", private: true }, { user });
    expect((await emu.callbackOf(secret)).body).toEqual({ type: 5, data: { flags: 64 } });
    await emu.editOf(secret);

    const from = emu.requests.length;
    const wordless = emu.slashCommand("ask", { question: "???" }, { user });
    expect((await emu.callbackOf(wordless)).body.type).toBe(5);
    const followUp = await emu.waitForRequest((r) => r.method === "POST" && r.path === `/webhooks/${emu.world.appId}/${wordless.token}`, { from });
    expect(followUp.body.flags).toBe(64);
    expect(followUp.body.content).toMatch(/words/);
    expect(emu.requests.some((r) => r.method === "DELETE" && r.path.includes(wordless.token))).toBe(true);
  });

  it("autocompletes /quote section names from the paper", async () => {
    const ref = emu.autocomplete("quote", { section: "ener" }, "section", { user: emu.addUser("typist") });
    const callback = await emu.callbackOf(ref);
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices).toEqual([{ name: "Energy Security (4 ¶)", value: "Energy Security" }]);

    const all = await emu.callbackOf(emu.autocomplete("quote", { section: "" }, "section"));
    expect(all.body.data.choices.map((c: { value: string }) => c.value)).toEqual(engine.sections().map((s) => s.title));
  });

  it("/quote shows a long section verbatim, the rest behind a More button", async () => {
    const user = emu.addUser("reader");
    const ref = emu.slashCommand("quote", { section: "Country Profiles" }, { user });
    const reply = await emu.callbackOf(ref);
    const more = buttonIds(reply.body.data).find((id) => id.startsWith("page:"));
    expect(more).toBeDefined();
    const message = emu.messagesIn(emu.channel.id).find((m) => buttonIds(m).includes(more!))!;
    const next = await emu.callbackOf(emu.clickButton(message, more!, { user }));
    expect(next.body.data.flags).toBe(64);
    const shown = [...embedsOf(reply.body), ...embedsOf(next.body)];
    const paragraphs = engine.quote("Country Profiles")!;
    expect(shown.map((e) => quoted(e.description)).join("\n\n")).toBe(paragraphs.map((q) => q.quote.trim()).join("\n\n"));
  });

  it("answers a mention in a new thread, and reads a follow-up there in context", async () => {
    const user = emu.addUser("student");
    const question = emu.postMessage("Which oil does Israel import from Azerbaijan?", { mentionBot: true, user });
    const started = await emu.waitForRequest((r) => r.method === "POST" && r.path === `/channels/${emu.channel.id}/messages/${question.id}/threads`);
    expect(started.body.name).toBe("Which oil does Israel import from Azerbaijan?");
    const threadId = started.response.id as string;
    const first = await emu.waitForRequest(isChannelPost(threadId));
    expect(embedsOf(first.body).map((e) => quoted(e.description)).join(" ")).toMatch(/oil/);

    const from = emu.requests.length;
    emu.postMessage("what about gas?", { channelId: threadId, user });
    const second = await emu.waitForRequest(isChannelPost(threadId), { from });
    const quotes = embedsOf(second.body).map((e) => quoted(e.description)).filter(Boolean);
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes.join(" ")).toMatch(/natural gas/);
    for (const q of quotes) expect(corpus).toContain(q);
    // The bot's own answers come back over the gateway too; it must not answer them.
    expect(emu.requests.filter(isChannelPost(threadId))).toHaveLength(2);
  });

  it("shows the full passage when its button is pressed, and records a 👎", async () => {
    const user = emu.addUser("clicker");
    const ref = emu.slashCommand("ask", { question: "How much is bilateral trade between Azerbaijan and Israel worth?" }, { user });
    const edit = await emu.editOf(ref);
    const message = edit.response as MessageObject;
    const ids = buttonIds(message);
    const showId = ids.find((id) => id.startsWith("passage:"))!;
    const shown = await emu.callbackOf(emu.clickButton(message, showId, { user }));
    expect(shown.body.type).toBe(4);
    expect(shown.body.data.flags).toBe(64);
    const text = embedsOf(shown.body).map((e) => quoted(e.description)).join(" ");
    expect(text).toBe(engine.passage(showId.slice("passage:".length))!.text.trim());
    expect(corpus).toContain(text);

    const more = await emu.callbackOf(emu.clickButton(message, ids.find((id) => id.startsWith("page:"))!, { user }));
    expect(embedsOf(more.body)[0]!.description).toMatch(/^\*\*Passages searched\*\*/);

    const down = await emu.callbackOf(emu.clickButton(message, ids.find((id) => id.startsWith("vote:down:"))!, { user }));
    expect(down.body.data).toMatchObject({ content: "Thanks for the feedback.", flags: 64 });
    const out: string[] = [];
    printReport(config.DATA_DIR, { write: (s: string) => out.push(s) } as unknown as NodeJS.WritableStream);
    expect(out.join("")).toMatch(/Down-voted answers\n {2}1 down, 0 up {2}How much is bilateral trade between Azerbaijan and Israel worth\?/);
  });

  it("refuses a user over the rate limit with a private message", async () => {
    const user = emu.addUser("hasty");
    for (let i = 0; i < RATE_LIMIT; i++) {
      const ok = await emu.callbackOf(emu.slashCommand("help", {}, { user }));
      expect(ok.body.data.content).toMatch(/^I answer questions/);
    }
    const refused = await emu.callbackOf(emu.slashCommand("ask", { question: "When was the embassy opened?" }, { user }));
    expect(refused.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(refused.body.data.content).toMatch(/3 requests a minute/);
  });

  it("does not count a question refused as too long or wordless against the rate limit", async () => {
    const user = emu.addUser("wordy");
    const tooLong = "why ".repeat(Math.ceil(config.MAX_QUESTION_LENGTH / 3));
    for (let i = 0; i < RATE_LIMIT; i++) {
      const slashLong = await emu.callbackOf(emu.slashCommand("ask", { question: tooLong }, { user }));
      expect(slashLong.body.data.content).toMatch(/^That question is [0-9,]+ characters long; the limit is/);

      const from = emu.requests.length;
      const wordless = emu.slashCommand("ask", { question: "???" }, { user });
      const slashWordless = await emu.waitForRequest((r) => r.method === "POST" && r.path === `/webhooks/${emu.world.appId}/${wordless.token}`, { from });
      expect(slashWordless.body.content).toMatch(/words/);

      const mentionLong = emu.postMessage(tooLong, { mentionBot: true, user });
      const reply = await emu.waitForRequest((r) => isChannelPost(emu.channel.id)(r) && r.body.message_reference?.message_id === mentionLong.id);
      expect(reply.body.content).toMatch(/^That question is [0-9,]+ characters long; the limit is/);

      const mentionWordless = emu.postMessage("???", { mentionBot: true, user });
      const started = await emu.waitForRequest((r) => r.method === "POST" && r.path === `/channels/${emu.channel.id}/messages/${mentionWordless.id}/threads`);
      expect((await emu.waitForRequest(isChannelPost(started.response.id as string))).body.content).toMatch(/words/);
    }
    // Deferred rather than refused: the user still has every request of the minute.
    const ask = emu.slashCommand("ask", { question: EMBASSY }, { user });
    expect((await emu.callbackOf(ask)).body.type).toBe(5);
    expect(embedsOf((await emu.editOf(ask)).body)[0]!.description).toContain("**1993**");
  });

  it("survives a dropped connection and a close with 4000, resuming and answering what came meanwhile", async () => {
    const user = emu.addUser("patient");
    const framesBefore = emu.gateway.received.length;
    emu.gateway.disconnect("terminate");
    // Sent while the bot is offline: Discord (and the emulator) replay it on RESUME.
    const during = emu.slashCommand("help", {}, { user });
    await emu.waitForFrame((f) => f.op === 6, { from: framesBefore, what: "RESUME after a dropped connection" });
    expect((await emu.callbackOf(during)).body.type).toBe(4);

    const framesMid = emu.gateway.received.length;
    emu.gateway.disconnect(4000);
    await emu.waitForFrame((f) => f.op === 6, { from: framesMid, what: "RESUME after close 4000" });
    const after = emu.slashCommand("ask", { question: EMBASSY }, { user });
    const edit = await emu.editOf(after);
    expect(embedsOf(edit.body)[0]!.description).toContain("**1993**");
    expect(emu.gateway.received.filter((f) => f.op === 2)).toHaveLength(1);
  });

  it("logged no errors along the way", () => {
    expect(errorsLogged(main)).toEqual([]);
  });

  it("sends empty allowed mentions with every message it sends", () => {
    const messageBodies = emu.requests
      .map((r) => (r.path.endsWith("/callback") ? r.body?.data : r.body))
      .filter((b) => b && ("content" in b || "embeds" in b || "components" in b));
    expect(messageBodies.length).toBeGreaterThanOrEqual(15);
    for (const body of messageBodies) expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});

const SECOND_PAPER = `---
title: "Quiet Partners: Israel and Azerbaijan after 1991"
authors: [A. Student]
year: 2024
---

# Quiet Partners

## Diplomacy

Israel opened its embassy in Baku in 1993, a year after the two states established relations. Azerbaijan has kept no embassy in Israel.

## Energy

Azerbaijani oil reaches Israel through the Baku-Tbilisi-Ceyhan pipeline and covers much of its crude imports.
`;

/** The citation of each entry in a passage list ("**1\\. “Title”, § Section, ¶ 2**"), unescaped. */
function listedCitations(description: string): string[] {
  return [...description.matchAll(/^\*\*\d+\\\. (.+)\*\*$/gm)].map((m) => m[1]!.replace(/\\(.)/g, "$1"));
}

describe("the paper option, on a corpus of two papers", () => {
  const PAPERS = [
    { id: "focused-on-iran.md", title: "“Focused on Iran?”" },
    { id: "quiet-partners.md", title: "“Quiet Partners”" },
  ];
  let papers: Stack;
  let corpusDir: string;

  beforeAll(async () => {
    corpusDir = await copyOfCorpus();
    await writeFile(path.join(corpusDir, "quiet-partners.md"), SECOND_PAPER);
    papers = await startStack({ CORPUS_DIR: corpusDir, RATE_LIMIT_PER_MINUTE: "30" });
  });

  afterAll(async () => {
    await stopStack(papers);
    fs.rmSync(corpusDir, { recursive: true, force: true });
  });

  it("autocompletes both papers, or those whose title matches what was typed", async () => {
    const { emu } = papers;
    const all = await emu.callbackOf(emu.autocomplete("ask", { question: "embassy", paper: "" }, "paper"));
    expect(all.body.data.choices.map((c: { value: string }) => c.value).sort()).toEqual(PAPERS.map((p) => p.id));
    const typed = await emu.callbackOf(emu.autocomplete("search", { query: "oil", paper: "iran" }, "paper"));
    expect(typed.body.data.choices).toEqual([{ name: expect.stringMatching(/^Focused on Iran\? .* \(2014\)$/), value: "focused-on-iran.md" }]);
    const none = await emu.callbackOf(emu.autocomplete("search", { query: "oil", paper: "pancakes" }, "paper"));
    expect(none.body.data.choices).toEqual([]);
  });

  it("searches both papers when none is chosen", async () => {
    const { emu } = papers;
    const edit = await emu.editOf(emu.slashCommand("search", { query: "Israeli embassy in Baku 1993" }));
    const cited = listedCitations(embedsOf(edit.body)[0]!.description);
    for (const paper of PAPERS) expect(cited.some((c) => c.includes(`${paper.title}, § `))).toBe(true);
  });

  it.each(PAPERS)("/ask and /search with paper $id quote and list that paper only", async (paper) => {
    const { emu } = papers;
    const user = emu.addUser(`reader-of-${paper.id}`);
    const edit = await emu.editOf(emu.slashCommand("ask", { question: EMBASSY, paper: paper.id }, { user }));
    const footers = embedsOf(edit.body).flatMap((e) => (e.footer ? [e.footer.text] : []));
    expect(footers.length).toBeGreaterThan(0);
    for (const footer of footers) expect(footer.includes(`${paper.title}, § `)).toBe(true);

    const message = edit.response as MessageObject;
    const searched = await emu.callbackOf(emu.clickButton(message, buttonLabelled(message, "More passages"), { user }));
    const listed = listedCitations(embedsOf(searched.body)[0]!.description);
    expect(listed.length).toBeGreaterThan(0);
    for (const c of listed) expect(c.includes(`${paper.title}, § `)).toBe(true);

    const search = await emu.editOf(emu.slashCommand("search", { query: "Israeli embassy in Baku 1993", paper: paper.id }, { user }));
    const found = listedCitations(embedsOf(search.body)[0]!.description);
    expect(found.length).toBeGreaterThan(0);
    for (const c of found) expect(c.includes(`${paper.title}, § `)).toBe(true);
  });

  it("refuses a paper that is not there, privately", async () => {
    const { emu } = papers;
    const unknown = await emu.callbackOf(emu.slashCommand("search", { query: "oil", paper: "No Such Paper" }));
    expect(unknown.body.data.flags).toBe(64);
    expect(unknown.body.data.content).toMatch(/no such paper/i);
  });

  it("logged no errors along the way", () => {
    expect(errorsLogged(papers)).toEqual([]);
  });
});
