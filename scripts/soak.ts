/**
 * `npm run soak`: the real bot (`src/main.ts`, its own process, with its answer workers) against
 * the project's Discord emulator on 127.0.0.1, whose interactions expire after 3 s as on Discord.
 * It starts with Discord unreachable, then sends bursts of /ask and injects the faults Discord
 * and the disk show, and prints one table: acknowledged within 3 s, answered, told busy, answered
 * in the channel (Discord gave up on the interaction before any response could reach it), lost,
 * times to acknowledgement and to answer, answers per second; then the bot's peak memory.
 *
 * Bounded: `--scale` (default 1) multiplies every count; each scenario waits at most a minute,
 * the whole run ten. ANSWER_WORKERS in the environment is passed on to the bot (0 compares with
 * answering in one thread). Exits 1 when anything was lost.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { DiscordEmulator, type InteractionRef, type MessageObject } from "../test/emulator/emulator.js";
import { askBurst, crowd, freshMembers, mentionBurst, mentionsAnswered, outcome, settle, type Crowd, type Outcome } from "../test/emulator/load.js";

const REPO = path.resolve(import.meta.dirname, "..");
const SCENARIO_MS = 60_000;
const RUN_MS = 10 * 60_000;

const scaleArg = process.argv.indexOf("--scale");
const SCALE = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
const n = (count: number) => Math.max(1, Math.round(count * SCALE));

/** Questions from the default corpus's own headings, so the load asks what the papers are about. */
function questionsFromCorpus(): string[] {
  const dir = path.join(REPO, "corpus");
  const headings = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n"))
    .filter((line) => /^#{2,3} /.test(line))
    .map((line) => line.replace(/^#+ /, "").trim());
  return headings.flatMap((h) => [`What does the paper say about ${h.toLowerCase()}?`, `Why ${h.toLowerCase()}?`]);
}

interface BotProcess {
  child: ChildProcess;
  warnings: number;
  errors: number;
  lastLines: string[];
}

function startBot(apiUrl: string, token: string, dirs: { index: string; data: string }, env: Record<string, string> = {}): BotProcess {
  const profile = process.env.PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "src/main.ts"], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      DISCORD_TOKEN: token,
      DISCORD_API_URL: apiUrl,
      INDEX_DIR: dirs.index,
      DATA_DIR: dirs.data,
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "600",
      ...(process.env.ANSWER_WORKERS ? { ANSWER_WORKERS: process.env.ANSWER_WORKERS } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const bot: BotProcess = { child, warnings: 0, errors: 0, lastLines: [] };
  const read = (chunk: Buffer) => {
    for (const line of String(chunk).split("\n").filter(Boolean)) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level === "40") bot.warnings++;
      if (level && Number(level) >= 50) bot.errors++;
      bot.lastLines = [...bot.lastLines.slice(-9), line.slice(0, 300)];
    }
  };
  child.stdout!.on("data", read);
  child.stderr!.on("data", read);
  return bot;
}

/** Peak and current resident memory of a process, in MiB (Linux). */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peak: Math.round(kib("VmHWM") / 1024), now: Math.round(kib("VmRSS") / 1024) };
}

async function loggedIn(emu: DiscordEmulator): Promise<void> {
  await emu.waitForFrame((f) => f.op === 2 || f.op === 6, { timeoutMs: 120_000, what: "the bot to identify" });
  await emu.callbackOf(emu.slashCommand("help"));
}

interface Row {
  name: string;
  result: Outcome;
  note?: string;
}

const rows: Row[] = [];

async function scenario(name: string, emu: DiscordEmulator, send: () => Promise<InteractionRef[]>, note?: () => string | Promise<string>): Promise<void> {
  const refs = await send();
  await settle(emu, refs, SCENARIO_MS);
  const result = outcome(emu, refs);
  // Writes held back by a fault land within a couple of seconds of its end.
  await sleep(3000);
  rows.push({ name, result, ...(note ? { note: await note() } : {}) });
  process.stderr.write(`  ${name}: ${result.answered}/${result.sent} answered, ${result.inChannel} in the channel, ${result.lost} lost\n`);
}

/** `count` asks spread evenly over `ms`. */
async function trickle(emu: DiscordEmulator, c: Crowd, count: number, ms: number): Promise<InteractionRef[]> {
  const refs: InteractionRef[] = [];
  const steps = Math.min(10, count);
  for (let i = 0; i < steps; i++) {
    refs.push(...askBurst(emu, c, Math.ceil(count / steps)));
    await sleep(ms / steps);
  }
  return refs;
}

function table(): string {
  const ms = (p: { p50: number; p95: number; max: number }) => [p.p50, p.p95, p.max].map((v) => (Number.isFinite(v) ? String(Math.round(v)) : "-")).join(" / ");
  const header = ["scenario", "sent", "acked ≤3 s", "answered", "of which busy", "answered in channel", "lost", "ack ms p50/p95/max", "answer ms p50/p95/max", "answers/s"];
  const body = rows.map(({ name, result: r, note }) => [
    name + (note ? ` (${note})` : ""),
    String(r.sent),
    `${r.ackedInTime} (${((100 * r.ackedInTime) / r.sent).toFixed(1)} %)`,
    String(r.answered),
    String(r.busy),
    String(r.inChannel),
    String(r.lost),
    ms(r.ackMs),
    ms(r.answerMs),
    r.answersPerSecond.toFixed(1),
  ]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...body.map(line)].join("\n");
}

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "footnote-soak-"));
  const dirs = { index: path.join(tmp, "index"), data: path.join(tmp, "data") };
  const questions = questionsFromCorpus();
  const bots: BotProcess[] = [];
  const emulators: DiscordEmulator[] = [];
  const giveUp = setTimeout(() => {
    process.stderr.write("The soak ran past its ten minutes; stopping.\n");
    for (const b of bots) b.child.kill("SIGKILL");
    process.exit(1);
  }, RUN_MS);
  giveUp.unref();
  try {
    // Discord unreachable at start: nothing listens for 3 s, then the gateway refuses for 2 s more.
    const port = await DiscordEmulator.freePort();
    const token = "soak-token";
    const bot = startBot(DiscordEmulator.apiUrlFor(port), token, dirs);
    bots.push(bot);
    await sleep(3000);
    const emu = await DiscordEmulator.start({ port, token });
    emulators.push(emu);
    emu.refuseGateway(2000);
    const people = crowd(emu, 50, 5, questions);
    const started = Date.now();
    await loggedIn(emu);
    process.stderr.write(`Logged in ${((Date.now() - started) / 1000).toFixed(1)} s after Discord came back.\n`);

    await scenario(`${n(1000)} /ask in one burst, 50 members, 5 servers`, emu, async () => askBurst(emu, people, n(1000)));
    await scenario(`two bursts of ${n(500)}, 2 s apart`, emu, async () => {
      const first = askBurst(emu, freshMembers(emu, people, "second"), n(500));
      await sleep(2000);
      return [...first, ...askBurst(emu, freshMembers(emu, people, "third"), n(500))];
    });
    await scenario(`REST 500s for 3 s, ${n(100)} asks during them`, emu, async () => {
      emu.faults.serverErrors(3000);
      return trickle(emu, freshMembers(emu, people, "fivexx"), n(100), 3000);
    });
    // The global 429 holds back interaction requests too, which Discord spares: stricter than Discord.
    // The @mentions are answered through bot-token routes (a thread, a post), which Discord does hold back.
    let mentions: MessageObject[] = [];
    let mentionsLost = 0;
    const injectedBefore = { ...emu.faults.injected };
    await scenario(
      `20 % 429s and a global 429 on every route, ${n(300)} asks and ${n(30)} @mentions`,
      emu,
      async () => {
        emu.faults.rateLimits(0.2, 0.5);
        emu.faults.globalRateLimit(1, { interactions: true });
        const limited = freshMembers(emu, people, "limited");
        const refs = askBurst(emu, limited, n(300));
        mentions = mentionBurst(emu, limited, n(30));
        setTimeout(() => emu.faults.clear(), 10_000).unref();
        return refs;
      },
      async () => {
        for (let waited = 0; waited < SCENARIO_MS && mentionsAnswered(emu, mentions) < mentions.length; waited += 200) await sleep(200);
        mentionsLost = mentions.length - mentionsAnswered(emu, mentions);
        return `${mentions.length - mentionsLost} of ${mentions.length} @mentions answered; ` +
        `${emu.faults.injected.rateLimits - injectedBefore.rateLimits} route and ${emu.faults.injected.globalRateLimits - injectedBefore.globalRateLimits} global 429s`;
      },
    );
    emu.faults.clear();

    const dbFile = path.join(dirs.data, "footnote.sqlite");
    const count = (db: Database.Database) => db.prepare("SELECT count(*) FROM questions").pluck().get() as number;
    const locker = new Database(dbFile);
    const before = count(locker);
    let answeredMeanwhile = 0;
    await scenario(
      `SQLite locked for 5 s, ${n(200)} asks`,
      emu,
      async () => {
        locker.exec("BEGIN EXCLUSIVE");
        const refs = askBurst(emu, freshMembers(emu, people, "locked"), n(200));
        await sleep(5000);
        locker.exec("COMMIT");
        answeredMeanwhile = refs.length;
        return refs;
      },
      () => `${count(locker) - before} of ${answeredMeanwhile} questions on record 3 s after`,
    );
    locker.close();

    await scenario(`SQLite files overwritten, /config, /log and ${n(100)} asks`, emu, async () => {
      for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
        if (fs.existsSync(file)) fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0x5a));
      }
      const mod = emu.world.owner;
      const refs = [emu.slashCommand("config show", {}, { user: mod }), emu.slashCommand("log", {}, { user: mod }), emu.slashCommand("config cooldown", { seconds: 0 }, { user: mod })];
      return [...refs, ...askBurst(emu, freshMembers(emu, people, "damaged"), n(100))];
    });

    await scenario(`malformed component payloads, then ${n(50)} asks`, emu, async () => {
      emu.rawInteraction({ id: emu.world.ids.id(), token: "malformed-1", type: 3, application_id: emu.world.appId, data: { custom_id: "vote:up:1", component_type: 2 } });
      emu.rawInteraction({ type: 3 });
      await sleep(200);
      return askBurst(emu, freshMembers(emu, people, "after"), n(50));
    }, () => (bot.child.exitCode === null ? "bot still running" : "bot exited"));
    const memory = memoryOf(bot.child.pid!);
    // One bot at a time on the machine: the next scenario starts a fresh one.
    const exited = once(bot.child, "exit");
    bot.child.kill("SIGTERM");
    await exited;

    // The default per-user limit (6 a minute): most of a burst is refused, privately, and every refusal must arrive.
    const emu2 = await DiscordEmulator.start({ token });
    emulators.push(emu2);
    const limited = crowd(emu2, 50, 5, questions);
    const bot2 = startBot(emu2.apiUrl, token, { index: dirs.index, data: path.join(tmp, "data2") }, { RATE_LIMIT_PER_MINUTE: "" });
    bots.push(bot2);
    await loggedIn(emu2);
    await scenario(`${n(1000)} /ask with the default limit of 6 a minute`, emu2, async () => askBurst(emu2, limited, n(1000)));

    process.stdout.write(`\n${table()}\n\n`);
    process.stdout.write(
      `Bot process peak memory ${memory.peak} MiB (now ${memory.now} MiB), ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")}, ANSWER_WORKERS ${process.env.ANSWER_WORKERS || "default"}; ` +
        `bots' logs: ${bots.reduce((sum, b) => sum + b.warnings, 0)} warnings, ${bots.reduce((sum, b) => sum + b.errors, 0)} errors.\n`,
    );
    const lost = rows.reduce((sum, r) => sum + r.result.lost, 0) + mentionsLost;
    for (const b of bots) if (lost || b.errors) process.stdout.write(`Last log lines:\n${b.lastLines.join("\n")}\n`);
    return lost ? 1 : 0;
  } finally {
    for (const b of bots) b.child.kill("SIGTERM");
    await Promise.all(emulators.map((e) => e.stop()));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

process.exit(await main());
