/**
 * Faults the emulator can inject into its REST API, as Discord shows them: a window of 5xx
 * replies, 429s on a share of requests (each with the headers discord.js reads), and a global 429
 * that blocks every bot-token route for its Retry-After. As Discord documents, interaction
 * endpoints (callbacks and the interaction-token webhooks) are not bound to the bot's global rate
 * limit; `globalRateLimit(s, { interactions: true })` blocks them too, for a stricter test. Random
 * choices come from a seeded generator, so a run can be repeated.
 */
import { seededRandom } from "../../src/seeded-random.js";

export interface FaultReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const rateLimited = (retryAfterS: number, global: boolean): FaultReply => ({
  status: 429,
  headers: {
    "Retry-After": String(retryAfterS),
    "X-RateLimit-Limit": "5",
    "X-RateLimit-Remaining": "0",
    "X-RateLimit-Reset-After": String(retryAfterS),
    "X-RateLimit-Scope": global ? "global" : "user",
    ...(global ? { "X-RateLimit-Global": "true" } : {}),
  },
  body: { message: "You are being rate limited.", retry_after: retryAfterS, global, ...(global ? {} : { code: 0 }) },
});

export class Faults {
  private serverErrorsUntil = 0;
  private serverErrorStatus = 500;
  private rateLimitShare = 0;
  private rateLimitRetryAfterS = 0;
  private globalUntil = 0;
  private globalPending: number | undefined;
  private globalCoversInteractions = false;
  private random = seededRandom(1);
  /** How many replies each kind of fault has replaced. */
  readonly injected = { serverErrors: 0, rateLimits: 0, globalRateLimits: 0 };

  /** Every request gets `status` (500 by default) for the next `ms`. */
  serverErrors(ms: number, status = 500): void {
    this.serverErrorsUntil = Date.now() + ms;
    this.serverErrorStatus = status;
  }

  /** A `share` (0 to 1) of requests gets a per-route 429 asking to wait `retryAfterS`; 0 stops it. */
  rateLimits(share: number, retryAfterS = 0.5, seed = 1): void {
    this.rateLimitShare = share;
    this.rateLimitRetryAfterS = retryAfterS;
    this.random = seededRandom(seed);
  }

  /**
   * The next request starts a global rate limit: it and every bot-token request in the next
   * `retryAfterS` get a global 429 (interaction requests too with `interactions`).
   */
  globalRateLimit(retryAfterS: number, opts: { interactions?: boolean } = {}): void {
    this.globalPending = retryAfterS;
    this.globalCoversInteractions = opts.interactions ?? false;
  }

  /** Stops every fault. */
  clear(): void {
    this.serverErrorsUntil = 0;
    this.rateLimitShare = 0;
    this.globalUntil = 0;
    this.globalPending = undefined;
  }

  /** The fault reply that replaces this request's, if any; `interaction` for callbacks and interaction-token webhooks. */
  intercept(request: { interaction: boolean }): FaultReply | undefined {
    const now = Date.now();
    if (now < this.serverErrorsUntil) {
      this.injected.serverErrors++;
      return { status: this.serverErrorStatus, headers: {}, body: { message: "Internal Server Error", code: 0 } };
    }
    if (this.globalPending !== undefined) {
      this.globalUntil = now + this.globalPending * 1000;
      this.globalPending = undefined;
    }
    if (now < this.globalUntil && (!request.interaction || this.globalCoversInteractions)) {
      this.injected.globalRateLimits++;
      return rateLimited(Math.max(0.001, (this.globalUntil - now) / 1000), true);
    }
    if (this.rateLimitShare > 0 && this.random() < this.rateLimitShare) {
      this.injected.rateLimits++;
      return rateLimited(this.rateLimitRetryAfterS, false);
    }
    return undefined;
  }
}
