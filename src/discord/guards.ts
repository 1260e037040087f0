/** Who may ask, where and how often: each check returns a short refusal, or undefined to go ahead. */
import type { Channel } from "discord.js";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config.js";

/** The channel a message or command counts as being in: a thread counts as its parent. */
function studyChannelId(channel: Channel | null): string | undefined {
  if (!channel) return undefined;
  return channel.isThread() ? (channel.parentId ?? undefined) : channel.id;
}

export class Guards {
  private readonly limiter: RateLimiterMemory;

  constructor(private readonly config: Pick<Config, "ALLOWED_CHANNELS" | "RATE_LIMIT_PER_MINUTE" | "MAX_QUESTION_LENGTH">) {
    this.limiter = new RateLimiterMemory({ points: config.RATE_LIMIT_PER_MINUTE, duration: 60 });
  }

  /** The channel allow-list first (free), then one point of the user's per-minute allowance. */
  async admit(userId: string, channel: Channel | null): Promise<string | undefined> {
    const allowed = this.config.ALLOWED_CHANNELS;
    const channelId = studyChannelId(channel);
    if (allowed.length && !(channelId && allowed.includes(channelId))) {
      return `I only answer in ${allowed.map((id) => `<#${id}>`).join(", ")}.`;
    }
    try {
      await this.limiter.consume(userId);
      return undefined;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      return `You've reached ${this.config.RATE_LIMIT_PER_MINUTE} requests a minute; please try again in ${seconds} s.`;
    }
  }

  questionTooLong(question: string): string | undefined {
    const max = this.config.MAX_QUESTION_LENGTH;
    if (question.length <= max) return undefined;
    return `Questions can be up to ${max} characters long; yours has ${question.length}. Please shorten it.`;
  }
}
