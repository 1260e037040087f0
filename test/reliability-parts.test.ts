/** The parts that keep questions from being dropped: the fair queue, patient REST, the database writer, echoes without mention chips. */
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { DB_FILE, openDatabase } from "../src/db/database.js";
import { FeedbackDb } from "../src/db/feedback-db.js";
import { DbWriter } from "../src/db/writer.js";
import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, HTTPError, type RepliableInteraction } from "discord.js";
import { AckGate } from "../src/discord/ack-gate.js";
import { firstResponseMissed, replyWindowGone } from "../src/discord/first-response.js";
import { echoText } from "../src/discord/format/markdown.js";
import { backoffMs, patientRequest, patienceFor, routeOf } from "../src/discord/rest-retry.js";
import { QueueFullError, WorkQueue } from "../src/discord/work-queue.js";
import { createLogger } from "../src/log.js";
import { tempDir } from "./support/engine.js";

describe("the answer queue", () => {
  it("takes servers in turn, and members in turn within a server", async () => {
    const queue = new WorkQueue(100, 1);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = (name: string) => async () => {
      await gate;
      order.push(name);
    };
    const all = [
      queue.run({ guildId: "busy", userId: "a" }, job("busy-a1")),
      queue.run({ guildId: "busy", userId: "a" }, job("busy-a2")),
      queue.run({ guildId: "busy", userId: "a" }, job("busy-a3")),
      queue.run({ guildId: "busy", userId: "b" }, job("busy-b1")),
      queue.run({ guildId: "quiet", userId: "c" }, job("quiet-c1")),
    ];
    release();
    await Promise.all(all);
    expect(order).toEqual(["busy-a1", "quiet-c1", "busy-b1", "busy-a2", "busy-a3"]);
  });

  it("refuses beyond its capacity with an estimate of the wait, and has room again once it drains", async () => {
    const queue = new WorkQueue(2, 1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const key = { guildId: "g", userId: "u" };
    const waiting = [queue.run(key, () => gate), queue.run(key, () => gate), queue.run(key, () => gate)];
    expect(queue.busyFor()).toBeGreaterThanOrEqual(1);
    const refused = queue.run(key, () => gate);
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toMatchObject({ waitSeconds: expect.any(Number) });
    release();
    await Promise.all(waiting);
    expect(queue.busyFor()).toBeUndefined();
  });
});

describe("patient REST requests", () => {
  const response = (status: number) => ({ status, arrayBuffer: async () => new ArrayBuffer(0) }) as never;

  it("tries a 5xx or an unreachable API again, and leaves a 429 to discord.js", async () => {
    const replies: (number | Error)[] = [new Error("connect ECONNREFUSED"), 502, 500, 200];
    const retried: string[] = [];
    const request = patientRequest({ onRetry: (r) => retried.push(r.reason) }, async () => {
      const next = replies.shift()!;
      if (next instanceof Error) throw next;
      return response(next);
    });
    expect((await request("http://127.0.0.1/api/v10/channels/1/messages", {})).status).toBe(200);
    expect(retried).toEqual(["connect ECONNREFUSED", "HTTP 502", "HTTP 500"]);
    const limited = patientRequest({}, async () => response(429));
    expect((await limited("http://127.0.0.1/api/v10/channels/1/messages", {})).status).toBe(429);
  });

  it("gives an interaction's first response no more than Discord's 3 seconds", async () => {
    let tries = 0;
    const request = patientRequest({}, async () => (tries++, response(500)));
    const started = Date.now();
    expect((await request("http://127.0.0.1/api/v10/interactions/1/secret-token/callback", {})).status).toBe(500);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(tries).toBeGreaterThan(2);
    expect(patienceFor("http://x/api/v10/webhooks/1/secret-token/messages/@original").budgetMs).toBeGreaterThan(60_000);
  });

  it("waits a jittered, growing, capped time, and never logs a token", () => {
    expect(backoffMs(0, 10_000, () => 1)).toBe(100);
    expect(backoffMs(3, 10_000, () => 1)).toBe(800);
    expect(backoffMs(20, 10_000, () => 1)).toBe(10_000);
    expect(backoffMs(3, 10_000, () => 0.5)).toBe(400);
    expect(routeOf("http://x/api/v10/interactions/123/secret-token/callback")).toBe("/api/v10/interactions/123/:token/callback");
    expect(routeOf("http://x/api/v10/webhooks/123/secret-token/messages/@original")).toBe("/api/v10/webhooks/123/:token/messages/@original");
  });
});

describe("the acknowledgements gate", () => {
  it("holds answers while a first response is due, and lets them all go once it is out", async () => {
    const gate = new AckGate();
    const interaction = {};
    gate.hold(interaction);
    let done = 0;
    const answers = [1, 2, 3].map(() => gate.idle().then(() => done++));
    await sleep(50);
    expect(done).toBe(0);
    gate.release(interaction);
    await Promise.all(answers);
    expect(done).toBe(3);
  });

  it("lets answers that waited their longest through one per turn of the event loop, so arrivals are read between them", async () => {
    const gate = new AckGate();
    gate.hold({});
    const turns: number[] = [];
    let turn = 0;
    const answers = [1, 2, 3].map(() => gate.idle().then(() => turns.push(turn)));
    // Counts turns of the event loop from just before the answers' time is up.
    await sleep(1900);
    let counting = true;
    const count = () => {
      turn++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    await Promise.all(answers);
    counting = false;
    expect(new Set(turns).size).toBe(3);
  });
});

describe("a first response Discord would not take", () => {
  const url = "http://127.0.0.1/api/v10/interactions/1/token/callback";
  const apiError = (code: number, status: number) => new DiscordAPIError({ code, message: "" }, code, status, "POST", url, { body: undefined, files: undefined });
  const notAcknowledged = { deferred: false, replied: false } as RepliableInteraction;

  it("is an expired interaction, a 5xx, or the API out of reach; not another refusal or a discord.js error", () => {
    expect(firstResponseMissed(apiError(10062, 404))).toBe(true);
    expect(firstResponseMissed(new HTTPError(500, "Internal Server Error", "POST", url, { body: undefined, files: undefined }))).toBe(true);
    expect(firstResponseMissed(new TypeError("fetch failed"))).toBe(true);
    expect(firstResponseMissed(apiError(40060, 400))).toBe(false);
    expect(firstResponseMissed(apiError(50013, 403))).toBe(false);
    // discord.js's own refusal, as deferReply throws it on an interaction already answered.
    const alreadyReplied = new (DiscordjsError as unknown as new (code: string) => Error)(DiscordjsErrorCodes.InteractionAlreadyReplied);
    expect(firstResponseMissed(alreadyReplied)).toBe(false);
  });

  it("makes a late private reply a warning, not another try, while a failure after the deferral still gets its apology", () => {
    expect(replyWindowGone(apiError(10062, 404), notAcknowledged)).toBe(true);
    expect(replyWindowGone(new HTTPError(503, "Unavailable", "POST", url, { body: undefined, files: undefined }), notAcknowledged)).toBe(true);
    const deferred = { deferred: true, replied: false } as RepliableInteraction;
    expect(replyWindowGone(new HTTPError(503, "Unavailable", "PATCH", url, { body: undefined, files: undefined }), deferred)).toBe(false);
    expect(replyWindowGone(new TypeError("a bug"), notAcknowledged)).toBe(false);
  });
});

describe("the database writer", () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("waits out a lock without blocking, then writes everything; a bad write is dropped alone", async () => {
    dir = await tempDir("footnote-writer-");
    const db = openDatabase(dir, createLogger("silent"));
    const feedback = new FeedbackDb(db);
    const warnings: string[] = [];
    const writer = new DbWriter(db, { warn: (m) => warnings.push(m) });
    const other = new Database(path.join(dir, DB_FILE));
    other.exec("BEGIN EXCLUSIVE");
    const started = performance.now();
    for (let i = 0; i < 5; i++) {
      const id = feedback.nextQuestionId();
      writer.enqueue({ what: "feedback", run: () => feedback.recordQuestion({ id, question: `q${i}`, abstained: false, source: "slash", guildId: "g" }) });
    }
    writer.enqueue({ what: "broken", run: (c) => c.exec("INSERT INTO no_such_table VALUES (1)") });
    expect(performance.now() - started).toBeLessThan(50);
    await sleep(300);
    expect(warnings.some((w) => /will be tried again/.test(w))).toBe(true);
    other.exec("COMMIT");
    other.close();
    for (let i = 0; i < 50 && writer.pending > 0; i++) await sleep(100);
    expect(db.prepare("SELECT question FROM questions ORDER BY id").pluck().all()).toEqual(["q0", "q1", "q2", "q3", "q4"]);
    expect(writer.dropped).toBe(1);
    writer.close();
    db.close();
  });
});

describe("echoed text", () => {
  it("shows mentions as text, not chips, and keeps the words", () => {
    const echoed = echoText("ask <@123> and <@&456> in <#789>, @everyone and @here");
    expect(echoed).not.toMatch(/<@|<#|@everyone|@here/);
    expect(echoed.replaceAll("\u200B", "")).toBe("ask <@123> and <@&456> in <#789>, @everyone and @here");
  });
});
