/**
 * Load for the emulator: bursts of /ask from many members of several servers, a wait until each
 * is settled (answered, or given up by Discord's 3-second rule), and what became of them: how
 * many were acknowledged in time, answered, told "busy", or lost, and how long it all took.
 * Used by `npm run soak` and, with small counts, by the CI test of the same faults.
 */
import type { DiscordEmulator, InteractionRef, InteractionState, UserObject } from "./emulator.js";
import { ACK_DEADLINE_MS } from "./rest.js";

export interface Crowd {
  users: UserObject[];
  /** Guild ids: the emulator's main server and those from addServer. */
  guilds: string[];
  questions: string[];
}

/** `users` members spread over `servers` servers (the main one and servers - 1 more). Add servers before the bot logs in. */
export function crowd(emu: DiscordEmulator, users: number, servers: number, questions: string[], name = "member"): Crowd {
  const guilds = [emu.world.guildId, ...Array.from({ length: servers - 1 }, () => emu.addServer().guildId)];
  return { users: Array.from({ length: users }, (_, i) => emu.addUser(`${name}${i}`)), guilds, questions };
}

/** The same servers with fresh members, so that one scenario's rate limits do not reach the next. */
export function freshMembers(emu: DiscordEmulator, from: Crowd, name: string): Crowd {
  return { ...from, users: from.users.map((_, i) => emu.addUser(`${name}${i}`)) };
}

/** `count` /ask interactions at once, member i in server i mod servers asking question i mod questions. */
export function askBurst(emu: DiscordEmulator, c: Crowd, count: number): InteractionRef[] {
  return Array.from({ length: count }, (_, i) =>
    emu.slashCommand("ask", { question: c.questions[i % c.questions.length]! }, { user: c.users[i % c.users.length]!, guildId: c.guilds[i % c.guilds.length]! }),
  );
}

const settled = (s: InteractionState, now: number) => s.answeredAt !== undefined || (!s.acknowledged && now - s.createdAt > ACK_DEADLINE_MS);

/** Resolves once every interaction is answered or past saving, or after `timeoutMs` (the rest then count as lost). */
export async function settle(emu: DiscordEmulator, refs: readonly InteractionRef[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const now = Date.now();
    if (emu.interactionStates(refs).every((s) => settled(s, now))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Outcome {
  sent: number;
  /** First response accepted within Discord's 3 s. */
  ackedInTime: number;
  /** Saw words: an answer, a refusal or "busy". */
  answered: number;
  /** Of those, told the bot was busy. */
  busy: number;
  /** Never acknowledged in time, or acknowledged and never answered. */
  lost: number;
  ackMs: Percentiles;
  answerMs: Percentiles;
  /** Answers per second, from the first question sent to the last answer. */
  answersPerSecond: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  max: number;
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}

export function outcome(emu: DiscordEmulator, refs: readonly InteractionRef[]): Outcome {
  const states = emu.interactionStates(refs);
  const acked = states.filter((s) => s.ackedAt !== undefined);
  const answered = states.filter((s) => s.answeredAt !== undefined);
  const first = Math.min(...states.map((s) => s.createdAt));
  const last = Math.max(...answered.map((s) => s.answeredAt!));
  const seconds = (last - first) / 1000;
  return {
    sent: states.length,
    ackedInTime: acked.filter((s) => s.ackedAt! - s.createdAt <= ACK_DEADLINE_MS).length,
    answered: answered.length,
    busy: answered.filter((s) => /\bbusy\b/.test(s.answerText ?? "")).length,
    lost: states.filter((s) => s.ackedAt === undefined || s.answeredAt === undefined).length,
    ackMs: percentiles(acked.map((s) => s.ackedAt! - s.createdAt)),
    answerMs: percentiles(answered.map((s) => s.answeredAt! - s.createdAt)),
    answersPerSecond: answered.length && seconds > 0 ? answered.length / seconds : 0,
  };
}
