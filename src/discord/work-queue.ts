/**
 * The queue in front of the answer workers: a bounded number of questions wait, and they are
 * taken in turn across servers, and within a server across members (whoever was served least
 * recently goes first), so one busy server or one eager member cannot starve the rest. When it is full the caller says "busy, try again in N s",
 * N estimated from how fast answers have been coming lately.
 */

import { BoundedMap } from "./bounded-map.js";

export interface QueueKey {
  guildId: string | null;
  userId: string;
}

interface Job {
  run(): Promise<void>;
}

/** Servers and members whose last turn is remembered, so that coming back does not jump the queue. */
const REMEMBERED = 50_000;

/** Answer times kept for the estimate of how fast the queue drains: the last so many, within the last so long. */
const RATE_WINDOW = 200;
const RATE_WINDOW_MS = 30_000;

/** Raised by `run` when the queue is full; `waitSeconds` is the honest estimate to show. */
export class QueueFullError extends Error {
  constructor(readonly waitSeconds: number) {
    super(`the answer queue is full; try again in ${waitSeconds} s`);
    this.name = "QueueFullError";
  }
}

/**
 * `promise`, marked as handled until someone awaits it: for work started before the
 * acknowledgement and awaited after it, so a failure meanwhile is not an unhandled rejection.
 */
export function settleLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export class WorkQueue {
  /** Waiting jobs by server, then by member. */
  private readonly waiting = new Map<string, Map<string, Job[]>>();
  /** When each server, and each member of a server, was last served: a count of turns. */
  private readonly servedAt = new BoundedMap<string, number>(REMEMBERED);
  private turns = 0;
  private queued = 0;
  private running = 0;
  private readonly finishedAt: number[] = [];

  /**
   * `capacity` questions may wait; `concurrency` run at once (enough to keep every worker busy
   * while results travel back).
   */
  constructor(
    readonly capacity: number,
    readonly concurrency: number,
    private readonly now: () => number = Date.now,
  ) {}

  get length(): number {
    return this.queued;
  }

  /** Undefined while there is room; else the seconds until there probably is. */
  busyFor(): number | undefined {
    if (this.queued < this.capacity) return undefined;
    return this.secondsToDrain(this.queued - this.capacity + 1);
  }

  /** Seconds for `count` more answers at the recent rate (one a second when there is no history yet). */
  private secondsToDrain(count: number): number {
    const now = this.now();
    const times = this.finishedAt.filter((t) => now - t < RATE_WINDOW_MS);
    const span = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : 0;
    const perSecond = span > 0 ? (times.length - 1) / span : 1;
    return Math.max(1, Math.ceil(count / perSecond));
  }

  /** Runs `work` when its turn comes; rejects with QueueFullError at once when the queue is full. */
  run<T>(key: QueueKey, work: () => Promise<T>): Promise<T> {
    const wait = this.busyFor();
    if (wait !== undefined) return Promise.reject(new QueueFullError(wait));
    return new Promise<T>((resolve, reject) => {
      const guild = key.guildId ?? "direct";
      let members = this.waiting.get(guild);
      if (!members) this.waiting.set(guild, (members = new Map()));
      let jobs = members.get(key.userId);
      if (!jobs) members.set(key.userId, (jobs = []));
      jobs.push({ run: () => work().then(resolve, reject) });
      this.queued++;
      this.pump();
    });
  }

  /** Of `keys`, the one served longest ago (never served counts as longest). */
  private leastRecent(keys: Iterable<string>): string {
    let best: string | undefined;
    let bestAt = Infinity;
    for (const key of keys) {
      const at = this.servedAt.get(key) ?? -1;
      if (at < bestAt) [best, bestAt] = [key, at];
    }
    return best!;
  }

  /** The oldest job of the least recently served member of the least recently served server. */
  private next(): Job | undefined {
    if (this.waiting.size === 0) return undefined;
    const guild = this.leastRecent(this.waiting.keys());
    const members = this.waiting.get(guild)!;
    const member = this.leastRecent([...members.keys()].map((u) => `${guild}\n${u}`));
    const userId = member.slice(guild.length + 1);
    const jobs = members.get(userId)!;
    const job = jobs.shift()!;
    if (!jobs.length) members.delete(userId);
    if (!members.size) this.waiting.delete(guild);
    this.turns++;
    this.servedAt.set(guild, this.turns);
    this.servedAt.set(member, this.turns);
    this.queued--;
    return job;
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const job = this.next();
      if (!job) return;
      this.running++;
      void job.run().finally(() => {
        this.running--;
        this.finishedAt.push(this.now());
        if (this.finishedAt.length > RATE_WINDOW) this.finishedAt.shift();
        this.pump();
      });
    }
  }
}
