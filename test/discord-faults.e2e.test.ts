/**
 * The short version of `npm run soak`, for CI: the real bot, answering in its worker pool, against
 * an emulator as strict as Discord (a first response after 3 s is refused), through bursts and
 * each fault: Discord unreachable at start, a full queue, REST 5xx, 429s, a first response that
 * cannot reach Discord within its 3 s (the answer then comes in the channel), a locked and a
 * damaged database, malformed payloads. It asserts counts (nothing lost), never timings.
 */
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../src/config.js";
import { DB_FILE } from "../src/db/database.js";
import { startBot, type Bot } from "../src/discord/bot.js";
import { EnginePool } from "../src/engine-pool/pool.js";
import { openEngine } from "../src/engine.js";
import { createLogger } from "../src/log.js";
import { DiscordEmulator, PERMISSION, type InteractionRef } from "./emulator/emulator.js";
import { askBurst, crowd, freshMembers, outcome, settle, type Crowd } from "./emulator/load.js";
import { tempDir } from "./support/engine.js";

const QUEUE_SIZE = 30;
const SETTLE_MS = 45_000;
const QUESTIONS = ["When was the Israeli embassy opened in Baku?", "What does the paper say about Iran?", "Why does Azerbaijan buy weapons from Israel?"];

let emu: DiscordEmulator;
let bot: Bot;
let pool: EnginePool;
let config: Config;
let tmp: string;
let people: Crowd;
const logLines: string[] = [];
const warnings = () => logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40);

beforeAll(async () => {
  tmp = await tempDir("footnote-faults-");
  const port = await DiscordEmulator.freePort();
  const token = "faults-token";
  config = loadConfig({
    DISCORD_TOKEN: token,
    DISCORD_API_URL: DiscordEmulator.apiUrlFor(port),
    INDEX_DIR: path.join(tmp, "index"),
    DATA_DIR: path.join(tmp, "data"),
    RATE_LIMIT_PER_MINUTE: "600",
    QUEUE_SIZE: String(QUEUE_SIZE),
    ANSWER_WORKERS: "2",
  });
  const log = createLogger("warn", { destination: new Writable({ write: (c, _e, done) => (logLines.push(String(c)), done()) }) });
  const local = await openEngine(config, log);
  pool = await EnginePool.start(local, config, log, config.ANSWER_WORKERS);
  // Discord unreachable at start: nothing listens on the port yet, then the gateway refuses a while.
  const starting = startBot({ config, engine: pool, log });
  await sleep(1500);
  emu = await DiscordEmulator.start({ port, token });
  emu.refuseGateway(1000);
  people = crowd(emu, 10, 3, QUESTIONS);
  bot = await starting;
});

afterAll(async () => {
  await bot?.stop();
  await pool?.close();
  await emu?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Sends, waits for every interaction to settle, and checks that none was lost. */
async function noneLost(refs: InteractionRef[]) {
  await settle(emu, refs, SETTLE_MS);
  const result = outcome(emu, refs);
  expect(result).toMatchObject({ sent: refs.length, ackedInTime: refs.length, answered: refs.length, lost: 0 });
  return result;
}

/** The bot's posts in a channel (not through an interaction) from request `from` on. */
const channelPosts = (channelId: string, from: number) =>
  emu.requests.slice(from).filter((r) => r.method === "POST" && r.path === `/channels/${channelId}/messages` && r.status === 200);

describe("the bot under load and faults", () => {
  it("logged in although Discord was unreachable when it started, saying it would try again", () => {
    expect(warnings().some((w) => w.msg === "Could not reach Discord; trying again.")).toBe(true);
  });

  it("acknowledges and answers a burst across servers and members, in its workers", async () => {
    const result = await noneLost(askBurst(emu, freshMembers(emu, people, "burst"), 24));
    expect(result.busy).toBe(0);
  });

  it("tells the askers beyond a full queue, privately, that it is busy and when to try again", async () => {
    const refs = askBurst(emu, freshMembers(emu, people, "crowd"), 3 * QUEUE_SIZE);
    const result = await noneLost(refs);
    expect(result.busy).toBeGreaterThan(0);
    const busy = emu.interactionStates(refs).filter((s) => /busy/.test(s.answerText ?? ""));
    for (const state of busy) expect(state.answerText).toMatch(/please try again in \d+ s\./);
    const callbacks = await Promise.all(refs.map((ref) => emu.callbackOf(ref)));
    const privateOnes = callbacks.filter((c) => c.body.type === 4 && c.body.data.flags === 64).length;
    expect(privateOnes).toBe(busy.length);
  });

  it("rides out REST 5xx replies with backoff", async () => {
    emu.faults.serverErrors(1500);
    const c = freshMembers(emu, people, "fivexx");
    const refs = [...askBurst(emu, c, 6)];
    await sleep(700);
    refs.push(...askBurst(emu, c, 6));
    await noneLost(refs);
    expect(emu.faults.injected.serverErrors).toBeGreaterThan(0);
  });

  it("honours 429s per route and a global 429", async () => {
    emu.faults.rateLimits(0.2, 0.3);
    // Stricter than Discord, whose global limit spares interaction routes.
    emu.faults.globalRateLimit(0.5, { interactions: true });
    try {
      await noneLost(askBurst(emu, freshMembers(emu, people, "limited"), 30));
    } finally {
      emu.faults.clear();
    }
    expect(emu.faults.injected.rateLimits).toBeGreaterThan(0);
    expect(emu.faults.injected.globalRateLimits).toBeGreaterThan(0);
  });

  it("answers in the channel, naming the asker without a ping, when Discord gave up before any response could reach it", async () => {
    const from = emu.requests.length;
    // Longer than an interaction's 3 s: no first response can arrive in time.
    emu.faults.serverErrors(3500);
    const asker = emu.addUser("patient");
    const [ref] = askBurst(emu, { ...people, users: [asker], guilds: [people.guilds[1]!] }, 1);
    await settle(emu, [ref!], SETTLE_MS);
    expect(outcome(emu, [ref!])).toMatchObject({ sent: 1, ackedInTime: 0, inChannel: 1, lost: 0 });
    const channelId = emu.world.servers.get(people.guilds[1]!)!.id;
    const [post] = channelPosts(channelId, from);
    expect(post!.body.content).toContain(`<@${asker.id}>`);
    expect(post!.body.content).toContain(QUESTIONS[0]);
    expect(post!.body.allowed_mentions).toEqual({ parse: [] });
    expect(post!.body.embeds.length).toBeGreaterThan(0);
  });

  it("posts nothing where the bot may not post, nor a private answer in public, and says so in the log", async () => {
    const from = emu.requests.length;
    const before = warnings().length;
    const closed = emu.addTextChannel("read-only");
    emu.denyBot(closed.id, PERMISSION.sendMessages);
    emu.faults.serverErrors(3500);
    const user = emu.addUser("unlucky");
    const refs = [
      emu.slashCommand("ask", { question: QUESTIONS[1]! }, { user, channelId: closed.id }),
      emu.slashCommand("ask", { question: QUESTIONS[2]!, private: true }, { user }),
    ];
    await sleep(6000);
    expect(outcome(emu, refs)).toMatchObject({ answered: 0, inChannel: 0, lost: 2 });
    expect(channelPosts(closed.id, from)).toHaveLength(0);
    expect(channelPosts(emu.channel.id, from)).toHaveLength(0);
    const said = warnings().slice(before).map((w) => w.msg);
    expect(said).toContain("An answer could not be delivered: its interaction had expired and the bot may not post in its channel.");
    expect(said).toContain("A private answer could not be delivered: its interaction had expired.");
  });

  it("keeps answering while the database is locked, and writes the records once it is free", async () => {
    const file = path.join(config.DATA_DIR, DB_FILE);
    const other = new Database(file);
    const before = other.prepare("SELECT count(*) FROM questions").pluck().get() as number;
    other.exec("BEGIN EXCLUSIVE");
    const refs = askBurst(emu, freshMembers(emu, people, "locked"), 10);
    await settle(emu, refs, SETTLE_MS);
    other.exec("COMMIT");
    await noneLost(refs);
    let after = before;
    for (let i = 0; i < 100 && after < before + refs.length; i++) {
      await sleep(100);
      after = other.prepare("SELECT count(*) FROM questions").pluck().get() as number;
    }
    other.close();
    expect(after - before).toBe(refs.length);
  });

  it("ignores malformed interactions with a warning and keeps serving", async () => {
    emu.rawInteraction({ id: emu.world.ids.id(), token: "malformed", type: 3, application_id: emu.world.appId, data: { custom_id: "vote:up:1", component_type: 2 } });
    emu.rawInteraction({ type: 3 });
    await noneLost(askBurst(emu, freshMembers(emu, people, "after-malformed"), 4));
    expect(warnings().filter((w) => w.msg === "Ignored a malformed event from Discord.")).toHaveLength(2);
  });

  it("counts a vote only in the server whose answer carried the button", async () => {
    const [ref] = askBurst(emu, freshMembers(emu, people, "voter"), 1);
    await noneLost([ref!]);
    const edit = await emu.editOf(ref!);
    const vote = (edit.body.components as { components: { custom_id: string }[] }[]).flatMap((r) => r.components).find((b) => b.custom_id.startsWith("vote:up:"))!;
    const message = emu.world.messages.get(edit.response.id)!;
    const elsewhere = emu.clickButton(message, vote.custom_id, { channelId: emu.world.servers.get(people.guilds[1]!)!.id });
    expect((await emu.callbackOf(elsewhere)).body.data.content).toBe("That question is no longer on record.");
    const here = emu.clickButton(message, vote.custom_id);
    expect((await emu.callbackOf(here)).body.data.content).toBe("Thanks for the feedback.");
  });

  it("shows a /search query back without mention chips", async () => {
    const ref = emu.slashCommand("search", { query: "embassy <@123456789012345678> <@&123456789012345678> @everyone @here" }, { user: emu.addUser("searcher") });
    const edit = await emu.editOf(ref);
    const text = [edit.body.content ?? "", ...(edit.body.embeds ?? []).map((e: { description?: string }) => e.description ?? "")].join("\n");
    expect(text).toContain("embassy");
    expect(text).not.toMatch(/<@|@everyone|@here/);
  });

  it("answers when the database file is damaged while running, replaces it, and takes settings again", async () => {
    // The file, its write-ahead log and its index all overwritten, as a failing disk or a stray process might.
    for (const suffix of ["", "-wal", "-shm"]) {
      const file = path.join(config.DATA_DIR, DB_FILE + suffix);
      if (fs.existsSync(file)) fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0x5a));
    }
    const mod = { user: emu.world.owner };
    const refs = [emu.slashCommand("config show", {}, mod), emu.slashCommand("log", {}, mod), emu.slashCommand("config cooldown", { seconds: 0 }, mod)];
    await noneLost([...refs, ...askBurst(emu, freshMembers(emu, people, "damaged"), 6)]);
    for (const state of emu.interactionStates(refs)) expect(state.answerText).not.toMatch(/something went wrong/);
    const replaced = () => logLines.some((l) => /corrupt.*Moved it to/.test(l));
    for (let i = 0; i < 50 && !replaced(); i++) await sleep(100);
    expect(replaced()).toBe(true);
    const change = emu.slashCommand("config cooldown", { seconds: 5 }, mod);
    await noneLost([change]);
    expect(emu.interactionStates([change])[0]!.answerText).toMatch(/5 s/);
    expect(fs.readdirSync(config.DATA_DIR).some((f) => f.startsWith(`${DB_FILE}.corrupt-`))).toBe(true);
  });
});
