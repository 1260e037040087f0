/**
 * Moderation end to end: /config, /log and /reindex, the per-server settings enforced, and the
 * settings (and a thread's earlier questions) surviving a restart, and a corrupt database. The real engine and discord.js client
 * against the emulator, as in discord.e2e.test.ts; one engine throughout, and the bot restarted
 * on the same DATA_DIR where a test needs it. Tests run in order and build on each other.
 */
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../src/config.js";
import { DB_FILE } from "../src/db/database.js";
import { startBot, type Bot } from "../src/discord/bot.js";
import type { Engine } from "../src/engine-api.js";
import { openEngine } from "../src/engine.js";
import { createLogger } from "../src/log.js";
import {
  DiscordEmulator,
  PERMISSION,
  type ChannelObject,
  type InteractionRef,
  type OptionValue,
  type RoleObject,
  type UserObject,
} from "./emulator/emulator.js";
import { copyOfCorpus, tempDir } from "./support/engine.js";

const MOTION = "Azerbaijan's partnership with Israel is mainly about Iran";
const QUESTION = "When was the Israeli embassy opened in Baku?";
/** What /reindex adds to the corpus, and a question only the new index can answer. */
const NEW_FACT = "The footnote test embassy opened in Quuxville in 2031.";
const NEW_QUESTION = "When did the test embassy open in Quuxville?";

let emu: DiscordEmulator;
let engine: Engine;
let bot: Bot;
let config: Config;
let tmp: string;
let moderators: RoleObject;
let debaters: RoleObject;
let mod: UserObject;
let offTopic: ChannelObject;
const logLines: string[] = [];
const log = createLogger("info", { destination: new Writable({ write: (c, _e, done) => (logLines.push(String(c)), done()) }) });

beforeAll(async () => {
  tmp = await tempDir("footnote-moderation-");
  emu = await DiscordEmulator.start();
  moderators = emu.addRole("Moderators", PERMISSION.manageGuild);
  debaters = emu.addRole("Debaters");
  mod = emu.addUser("mod", { roles: [moderators] });
  offTopic = emu.addTextChannel("off-topic");
  config = loadConfig({
    DISCORD_TOKEN: emu.token,
    DISCORD_API_URL: emu.apiUrl,
    CORPUS_DIR: await copyOfCorpus(),
    INDEX_DIR: path.join(tmp, "index"),
    DATA_DIR: path.join(tmp, "data"),
    RATE_LIMIT_PER_MINUTE: "30",
  });
  engine = await openEngine(config, log);
  bot = await startBot({ config, engine, log });
});

afterAll(async () => {
  await bot?.stop();
  await emu?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
  if (config) fs.rmSync(config.CORPUS_DIR, { recursive: true, force: true });
});

async function restart(): Promise<void> {
  await bot.stop();
  bot = await startBot({ config, engine, log });
}

/**
 * A command's private reply, given at once or after a private deferral (the commands that touch
 * the database acknowledge first): its text, or its embeds' descriptions.
 */
async function privateReply(ref: InteractionRef): Promise<string> {
  const { body } = await emu.callbackOf(ref);
  expect([4, 5]).toContain(body.type);
  expect(body.data.flags).toBe(64);
  const data = body.type === 5 ? (await emu.editOf(ref)).body : body.data;
  return [data.content, ...(data.embeds ?? []).map((e: { description: string }) => e.description)].filter(Boolean).join("\n");
}

const configure = (command: string, options: Record<string, OptionValue> = {}) =>
  privateReply(emu.slashCommand(`config ${command}`, options, { user: mod }));

/** Markdown as read: without bold markers or backslash escapes. */
const plain = (markdown: string) => markdown.replaceAll("**", "").replace(/\\(.)/g, "$1");

/** An /ask's reply once it is edited in: its embeds' text. */
async function answerOf(ref: InteractionRef): Promise<string> {
  const edit = await emu.editOf(ref);
  return (edit.body.embeds ?? []).map((e: { description: string }) => e.description).join("\n");
}

describe("moderating the bot", () => {
  it("refuses /config, /log and /reindex to members without Manage Server", async () => {
    const member = emu.addUser("member");
    const attempts: [string, Record<string, OptionValue>][] = [["config show", {}], ["config cooldown", { seconds: 5 }], ["log", {}], ["reindex", {}]];
    for (const [command, options] of attempts) {
      expect(await privateReply(emu.slashCommand(command, options, { user: member }))).toBe(
        "Only members with the Manage Server permission can use this command.",
      );
    }
  });

  it("/config show lists the defaults to a moderator", async () => {
    const shown = await configure("show");
    expect(shown).toContain("I answer in every channel.");
    expect(shown).toContain("Everyone can use /debate.");
    expect(shown).toContain("Members need not wait between requests.");
    expect(shown).toContain("Kept 30 days (LOG_RETENTION_DAYS), then deleted.");
  });

  it("limits /debate to the configured roles, refusing others privately", async () => {
    expect(await configure("debate-roles add", { role: { role: debaters } })).toBe(`Only members with <@&${debaters.id}> can use /debate.`);
    expect(await configure("debate-roles add", { role: { role: debaters } })).toMatch(/was already on the list/);

    const outsider = emu.addUser("outsider");
    expect(await privateReply(emu.slashCommand("debate", { motion: MOTION }, { user: outsider }))).toBe(
      `Only members with <@&${debaters.id}> can use /debate here.`,
    );
    const debater = emu.addUser("debater", { roles: [debaters] });
    const allowed = emu.slashCommand("debate", { motion: MOTION }, { user: debater });
    expect((await emu.callbackOf(allowed)).body.type).toBe(5);
    expect((await emu.editOf(allowed)).files[0]!.filename).toBe("evidence-pack.md");
  });

  it("keeps the settings across a restart, and enforces them: channels, cooldown, mentions", async () => {
    expect(await configure("channels add", { channel: { channel: emu.channel } })).toBe(`I answer only in <#${emu.channel.id}> and its threads.`);
    expect(await configure("cooldown", { seconds: 60 })).toBe("Each member waits 60 s between requests.");
    expect(await configure("server-rate", { per_minute: 40 })).toMatch(/^This server may make 40 requests a minute in all\./);
    expect(await configure("mentions", { state: "off" })).toBe("I don't answer @mentions here; slash commands work.");

    await restart();
    const shown = await configure("show");
    expect(shown).toContain(`I answer only in <#${emu.channel.id}> and its threads.`);
    expect(shown).toContain(`Only members with <@&${debaters.id}> can use /debate.`);
    expect(shown).toContain("Each member waits 60 s between requests.");
    expect(shown).toContain("This server may make 40 requests a minute in all.");
    expect(shown).toContain("I don't answer @mentions here");

    const student = emu.addUser("student");
    expect(await privateReply(emu.slashCommand("ask", { question: QUESTION }, { user: student, channelId: offTopic.id }))).toBe(
      `I only answer in <#${emu.channel.id}>.`,
    );
    // The refusal above cost nothing, so the first question in the study channel goes through.
    expect(await answerOf(emu.slashCommand("ask", { question: QUESTION }, { user: student }))).toContain("**1993**");
    expect(await privateReply(emu.slashCommand("ask", { question: QUESTION }, { user: student }))).toMatch(
      /^This server asks for 60 s between requests; please try again in \d+ s\.$/,
    );

    const from = emu.requests.length;
    emu.postMessage(QUESTION, { mentionBot: true, user: emu.addUser("mentioner") });
    // Events are handled in order: once a later command is answered, the mention would have been too.
    await emu.callbackOf(emu.slashCommand("help", {}, { user: emu.addUser("bystander") }));
    expect(emu.requests.slice(from).filter((r) => r.path.startsWith("/channels/"))).toEqual([]);
  });

  it("/log shows moderators the latest questions with who asked, where and the reply", async () => {
    const asker = emu.addUser("asker");
    await answerOf(emu.slashCommand("ask", { question: QUESTION }, { user: asker }));

    const shown = await privateReply(emu.slashCommand("log", { count: 3 }, { user: mod }));
    expect(shown).toMatch(/^\*\*Latest 3 in this server \(kept 30 days\)\*\*/);
    const [newest, ...older] = shown.split("\n\n").slice(1);
    expect(newest).toMatch(new RegExp(`^<t:\\d+:f> · \\*\\*/ask\\*\\* · <@${asker.id}> in <#${emu.channel.id}>\\n`));
    expect(newest).toContain(`*${QUESTION}*`);
    expect(newest).toContain("→ 1993 — Souleimanov et al. (2014), “Focused on Iran?”, § Country Profiles, ¶ 1");
    expect(older).toHaveLength(2);
    expect(shown).toMatch(/\*\*\/debate\*\*[^\n]*\n\*Azerbaijan's partnership with Israel is mainly about Iran\*\n→ \d for, \d against — first: Souleimanov et al\. \(2014\), “Focused on Iran\?”/);

    expect(await privateReply(emu.slashCommand("log", {}, { user: asker }))).toMatch(/Manage Server/);
    // Discord enforces 1–50 for the registered option; a request that slips past it is clamped by the bot.
    expect(await privateReply(emu.slashCommand("log", { count: 0 }, { user: mod }))).toMatch(/^\*\*Latest 1 in this server/);
    expect(await privateReply(emu.slashCommand("log", { count: -5 }, { user: mod }))).toMatch(/^\*\*Latest 1 in this server/);
  });

  it("/reindex swaps in an index of the changed papers, answering every question asked meanwhile", async () => {
    const before = await answerOf(emu.slashCommand("ask", { question: NEW_QUESTION }, { user: emu.addUser("before-reindex") }));
    expect(plain(before)).not.toContain(NEW_FACT);
    fs.appendFileSync(path.join(config.CORPUS_DIR, "focused-on-iran.md"), `\n## Addendum\n\n${NEW_FACT}\n`);

    const ref = emu.slashCommand("reindex", {}, { user: mod });
    const during = Array.from({ length: 4 }, (_, i) => emu.slashCommand("ask", { question: QUESTION }, { user: emu.addUser(`during-${i}`) }));
    expect((await emu.callbackOf(ref)).body).toEqual({ type: 5, data: { flags: 64 } });
    for (const ask of during) expect(await answerOf(ask)).toContain("**1993**");
    expect((await emu.editOf(ref)).body.content).toMatch(
      /^Reindexed: 1 paper, \d+ passages \(\d+ embedded afresh\) in \d+\.\d s\. I'm answering from the new index now\.$/,
    );

    const after = await answerOf(emu.slashCommand("ask", { question: NEW_QUESTION }, { user: emu.addUser("after-reindex") }));
    expect(plain(after)).toContain(NEW_FACT);
  });

  it("/reindex keeps the old index, and says why, when the build fails", async () => {
    const moved = `${config.CORPUS_DIR}-away`;
    fs.renameSync(config.CORPUS_DIR, moved);
    try {
      const ref = emu.slashCommand("reindex", {}, { user: mod });
      expect((await emu.editOf(ref)).body.content).toMatch(/^The rebuild failed, so I'm still answering from the old index\. Reason: The corpus folder .* does not exist\./);
    } finally {
      fs.renameSync(moved, config.CORPUS_DIR);
    }
    expect(await answerOf(emu.slashCommand("ask", { question: QUESTION }, { user: emu.addUser("after-failure") }))).toContain("**1993**");
  });

  it("recovers from a corrupt database: a warning, the default settings, and answers again", async () => {
    await bot.stop();
    fs.writeFileSync(path.join(config.DATA_DIR, DB_FILE), "this is not a database ".repeat(200));
    const linesBefore = logLines.length;
    bot = await startBot({ config, engine, log });

    const warning = logLines.slice(linesBefore).map((l) => JSON.parse(l)).find((l) => /corrupt/.test(l.msg));
    expect(warning).toMatchObject({ level: 40 });
    expect(warning.msg).toMatch(/Moved it to .*\.corrupt-.* and started a new one/);
    expect(await configure("show")).toContain("I answer in every channel.");
    expect(await answerOf(emu.slashCommand("ask", { question: QUESTION }, { user: emu.addUser("after-recovery"), channelId: offTopic.id }))).toContain(
      "**1993**",
    );
    expect(await privateReply(emu.slashCommand("log", {}, { user: mod }))).toMatch(new RegExp(`^\\*\\*Latest 1 in this server.*\\n\\n.* in <#${offTopic.id}>\\n`));
  });

  it("reads a follow-up in a thread it started in context after a restart", async () => {
    const user = emu.addUser("returning-student");
    const question = emu.postMessage("How large are Azerbaijan's proven oil reserves?", { mentionBot: true, user });
    const started = await emu.waitForRequest((r) => r.method === "POST" && r.path === `/channels/${emu.channel.id}/messages/${question.id}/threads`);
    const threadId = started.response.id as string;
    await emu.waitForRequest((r) => r.method === "POST" && r.path === `/channels/${threadId}/messages`);

    await restart();
    const from = emu.requests.length;
    // No mention: the bot must still know the thread as its own (its owner) and recall the question before.
    emu.postMessage("what about gas?", { channelId: threadId, user });
    const followUp = await emu.waitForRequest((r) => r.method === "POST" && r.path === `/channels/${threadId}/messages`, { from });
    const answer = plain((followUp.body.embeds ?? []).map((e: { description: string }) => e.description).join("\n"));
    expect(answer).toContain("2.55 trillion cubic metres of natural gas");
  });

  it("logged no errors along the way", () => {
    expect(logLines.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
  });
});
