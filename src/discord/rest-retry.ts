/**
 * Discord's REST API with patience: a 5xx reply or an unreachable API is tried again after an
 * exponentially growing, jittered wait (discord.js alone retries at once, three times). How long
 * a request keeps trying depends on what it answers: an interaction's first response is worth
 * nothing after Discord's 3 seconds; an interaction token lives 15 minutes; anything else gets
 * a few minutes. 429s are left to discord.js, which waits out Retry-After per bucket and globally.
 */
import { DefaultRestOptions, type RESTOptions } from "discord.js";

type MakeRequest = RESTOptions["makeRequest"];

/** How long one try may take before it is given up and tried again. */
const ATTEMPT_TIMEOUT_MS = 15_000;
const FIRST_WAIT_MS = 100;

interface Patience {
  /** Stop trying this long after the first try. */
  budgetMs: number;
  /** The longest wait between two tries. */
  maxWaitMs: number;
}

/** Callbacks: Discord's 3 s, less the time the interaction took to reach us. Interaction webhooks: most of the token's 15 minutes. */
export function patienceFor(url: string): Patience {
  const { pathname } = new URL(url);
  if (/\/interactions\/[^/]+\/[^/]+\/callback$/.test(pathname)) return { budgetMs: 2_850, maxWaitMs: 250 };
  if (/\/webhooks\/\d+\/[^/]+/.test(pathname)) return { budgetMs: 12 * 60_000, maxWaitMs: 15_000 };
  // Logging in and bot-token routes: a short ceiling, so the bot is back soon after Discord is.
  return { budgetMs: 5 * 60_000, maxWaitMs: 5_000 };
}

/** Full jitter (a random wait up to the exponential step), so that a crowd of retries does not arrive together. */
export function backoffMs(attempt: number, maxWaitMs: number, random = Math.random): number {
  return Math.round(random() * Math.min(maxWaitMs, FIRST_WAIT_MS * 2 ** attempt));
}

/** Worth another try: the API failed or could not be reached. A 4xx (429 included) is an answer. */
function retriable(outcome: { status: number } | Error): boolean {
  return outcome instanceof Error || outcome.status >= 500;
}

/** The request's path without its interaction token, which is a secret, for logs. */
export function routeOf(url: string): string {
  return new URL(url).pathname.replace(/\/(interactions|webhooks)\/(\d+)\/[^/]+/, "/$1/$2/:token");
}

/** Resolves after `ms`, or as soon as `signal` aborts; leaves no listener behind on a long-lived signal. */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });

/** `base` with a time limit for one try, aborted with `outer` too; its listener on `outer` is removed when the try ends. */
async function oneTry(base: MakeRequest, url: string, init: Parameters<MakeRequest>[1], outer: AbortSignal | undefined) {
  const attempt = new AbortController();
  const abort = () => attempt.abort(outer?.reason);
  const timer = setTimeout(() => attempt.abort(new DOMException("The request took too long.", "TimeoutError")), ATTEMPT_TIMEOUT_MS);
  if (outer?.aborted) abort();
  else outer?.addEventListener("abort", abort, { once: true });
  try {
    return await base(url, { ...init, signal: attempt.signal });
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", abort);
  }
}

export interface RetryEvents {
  /** A try failed and another follows after `waitMs`. `route` is the path without any token. */
  onRetry?(info: { route: string; attempt: number; waitMs: number; reason: string }): void;
}

/** A makeRequest for discord.js's REST options that retries 5xx and network failures as above. */
export function patientRequest(events: RetryEvents = {}, base: MakeRequest = DefaultRestOptions.makeRequest): MakeRequest {
  return async (url, init) => {
    const { budgetMs, maxWaitMs } = patienceFor(url);
    const outer = init.signal ?? undefined;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      let outcome: Awaited<ReturnType<MakeRequest>> | Error;
      try {
        outcome = await oneTry(base, url, init, outer);
      } catch (err) {
        if (outer?.aborted || !(err instanceof Error)) throw err;
        outcome = err;
      }
      const waitMs = backoffMs(attempt, maxWaitMs);
      const last = !retriable(outcome) || Date.now() - started + waitMs > budgetMs;
      if (last) {
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }
      const reason = outcome instanceof Error ? outcome.message : `HTTP ${outcome.status}`;
      if (!(outcome instanceof Error)) await outcome.arrayBuffer().catch(() => undefined);
      events.onRetry?.({ route: routeOf(url), attempt, waitMs, reason });
      await sleep(waitMs, outer);
      if (outer?.aborted) throw outer.reason;
    }
  };
}
