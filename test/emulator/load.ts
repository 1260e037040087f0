/**
 * Load for the emulator: bursts of /ask from many members of several servers, a wait until each
 * is settled (answered, or given up by Discord's 3-second rule), and what became of them: how
 * many were acknowledged in time, answered, told "busy", answered in the channel after Discord
 * gave up on them, or lost, and how long it all took.
 * Used by `npm run soak` and, with small counts, by the CI test of the same faults.
 */
import type { DiscordEmulator, InteractionRef, InteractionState, MessageObject, UserObject } from "./emulator.js";
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

/** `count` "@bot question" messages in the main server's study channel, member i asking question i mod questions. */
export function mentionBurst(emu: DiscordEmulator, c: Crowd, count: number): MessageObject[] {
  return Array.from({ length: count }, (_, i) => emu.postMessage(c.questions[i % c.questions.length]!, { mentionBot: true, user: c.users[i % c.users.length]! }));
}

/** How many of `asked` got a bot message in reply: in the thread started from it (which has its id), or as a reply to it. */
export function mentionsAnswered(emu: DiscordEmulator, asked: readonly MessageObject[]): number {
  const ids = new Set(asked.map((m) => m.id));
  const answered = new Set<string>();
  for (const m of emu.world.messages.values()) {
    if (m.author.id !== emu.world.appId) continue;
    const repliedTo = (m.message_reference as { message_id?: string } | undefined)?.message_id;
    if (ids.has(m.channel_id)) answered.add(m.channel_id);
    else if (repliedTo && ids.has(repliedTo)) answered.add(repliedTo);
  }
  return answered.size;
}

/** A reply that says the bot failed: the question was dropped, however politely. */
const APOLOGY = /something went wrong/i;

const repliedTo = (s: InteractionState) => s.answeredAt !== undefined && !APOLOGY.test(s.answerText ?? "");

/**
 * Posts in the channel answering interactions Discord gave up on (never acknowledged in time, so
 * no reply could reach them): a bot message there, not sent through an interaction, naming the
 * asker as `<@id>` (a mention that pings no one under allowed_mentions). Each post answers the
 * oldest such interaction of that asker in that channel from before it. By interaction, the time
 * of its post.
 */
function answersInChannel(emu: DiscordEmulator, states: readonly InteractionState[]): Map<InteractionState, number> {
  // Posts by channel and named user, oldest first, so that each interaction looks at its own few.
  const posts = new Map<string, { at: number; claimed: boolean }[]>();
  for (const m of emu.world.messages.values()) {
    if (m.author.id !== emu.world.appId || m.type === 20) continue;
    for (const [, userId] of m.content.matchAll(/<@(\d+)>/g)) {
      const key = `${m.channel_id}\n${userId}`;
      posts.set(key, [...(posts.get(key) ?? []), { at: Date.parse(m.timestamp), claimed: false }]);
    }
  }
  const found = new Map<InteractionState, number>();
  if (!posts.size) return found;
  for (const state of [...states].sort((a, b) => a.createdAt - b.createdAt)) {
    if (state.ackedAt !== undefined) continue;
    const post = posts.get(`${state.channelId}\n${state.userId}`)?.find((p) => !p.claimed && p.at >= state.createdAt);
    if (!post) continue;
    post.claimed = true;
    found.set(state, post.at);
  }
  return found;
}

/** How long after Discord gives up on an interaction its answer may still come, in the channel. */
const CHANNEL_GRACE_MS = 30_000;

/** Every interaction answered, or past saving: never acknowledged, and neither answered in the channel nor still likely to be. */
function settled(emu: DiscordEmulator, states: readonly InteractionState[], now: number): boolean {
  const open = states.filter((s) => s.answeredAt === undefined);
  if (open.some((s) => s.ackedAt !== undefined)) return false;
  const waiting = open.filter((s) => now - s.createdAt <= ACK_DEADLINE_MS + CHANNEL_GRACE_MS);
  if (!waiting.length) return true;
  const inChannel = answersInChannel(emu, states);
  return waiting.every((s) => inChannel.has(s));
}

/** Resolves once every interaction is answered or past saving, or after `timeoutMs` (the rest then count as lost). */
export async function settle(emu: DiscordEmulator, refs: readonly InteractionRef[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const states = emu.interactionStates(refs);
  while (Date.now() < deadline) {
    if (settled(emu, states, Date.now())) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface Outcome {
  sent: number;
  /** First response accepted within Discord's 3 s. */
  ackedInTime: number;
  /** Saw words in reply: an answer, a refusal or "busy" (an apology for a failure does not count). */
  answered: number;
  /** Of those, told the bot was busy. */
  busy: number;
  /** Discord gave up on them before any response, and the answer came in the channel instead. */
  inChannel: number;
  /** Neither answered nor answered in the channel (an apology for a failure counts as lost). */
  lost: number;
  ackMs: Percentiles;
  /** Time to the first words, in reply or in the channel. */
  answerMs: Percentiles;
  /** Answers per second (in the channel included), from the first question sent to the last answer. */
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
  const answered = states.filter(repliedTo);
  const inChannel = answersInChannel(emu, states);
  const answerTimes = [...answered.map((s) => s.answeredAt! - s.createdAt), ...[...inChannel].map(([s, at]) => at - s.createdAt)];
  const first = Math.min(...states.map((s) => s.createdAt));
  const last = Math.max(...answered.map((s) => s.answeredAt!), ...inChannel.values());
  const seconds = (last - first) / 1000;
  return {
    sent: states.length,
    ackedInTime: acked.filter((s) => s.ackedAt! - s.createdAt <= ACK_DEADLINE_MS).length,
    answered: answered.length,
    busy: answered.filter((s) => /\bbusy\b/.test(s.answerText ?? "")).length,
    inChannel: inChannel.size,
    lost: states.length - answered.length - inChannel.size,
    ackMs: percentiles(acked.map((s) => s.ackedAt! - s.createdAt)),
    answerMs: percentiles(answerTimes),
    answersPerSecond: answerTimes.length && seconds > 0 ? answerTimes.length / seconds : 0,
  };
}
