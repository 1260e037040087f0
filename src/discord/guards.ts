/**
 * Who may ask, where and how often: the operator's settings (ALLOWED_CHANNELS, RATE_LIMIT_PER_MINUTE)
 * and each server's own (/config). Each check returns a short refusal, or undefined to go ahead;
 * `admit`, which spends allowance, returns an Admission.
 */
import { PermissionFlagsBits, type PermissionsBitField } from "discord.js";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config.js";
import { DEFAULT_SETTINGS, type ServerSettings, type ServerSettingsDb } from "../db/server-settings.js";
import { BoundedMap } from "./bounded-map.js";
import { channelList, roleList } from "./format/mentions.js";
import type { Requester } from "./requester.js";
import { lengthProblem } from "../engine-api.js";

/** The permission /config, /log and /reindex ask for. */
export const MODERATOR_PERMISSION = PermissionFlagsBits.ManageGuild;

/** One limiter per distinct (points, seconds); servers choosing the same settings share one, keyed apart. */
const LIMITERS = 256;

interface Limit {
  points: number;
  seconds: number;
  key: string;
  refusal(waitSeconds: number): string;
}

/**
 * What admit decided: a refusal, or the go-ahead. A request let through but refused after all
 * (say, the engine finds no words in the question) gets its points back with `refund`.
 */
export type Admission = { refusal: string } | { refusal?: undefined; refund(): Promise<void> };

/**
 * The channel a message or command counts as being in: a thread counts as its parent. When
 * discord.js has not cached the channel only its id is known, so an uncached thread counts as itself.
 */
function studyChannelId({ channel, channelId }: Requester): string | undefined {
  if (!channel) return channelId ?? undefined;
  return channel.isThread() ? (channel.parentId ?? undefined) : channel.id;
}

export class Guards {
  private readonly limiters = new BoundedMap<string, RateLimiterMemory>(LIMITERS);

  constructor(
    private readonly config: Pick<Config, "ALLOWED_CHANNELS" | "RATE_LIMIT_PER_MINUTE" | "MAX_QUESTION_LENGTH">,
    private readonly settings: Pick<ServerSettingsDb, "get">,
  ) {}

  private serverSettings(guildId: string | null): Readonly<ServerSettings> {
    return guildId ? this.settings.get(guildId) : DEFAULT_SETTINGS;
  }

  /** The channel allow-lists first (free), then one point of every allowance that applies. */
  async admit(requester: Requester): Promise<Admission> {
    const server = this.serverSettings(requester.guildId);
    const refusal = this.channelRefusal(requester, server.channels);
    return refusal ? { refusal } : this.spend(this.limits(requester, server));
  }

  /** A channel must be on the operator's list and on the server's, where each list is set. */
  private channelRefusal(requester: Requester, serverChannels: readonly string[]): string | undefined {
    const lists = [this.config.ALLOWED_CHANNELS, serverChannels].filter((list) => list.length > 0);
    if (lists.length === 0) return undefined;
    const channelId = studyChannelId(requester);
    if (channelId && lists.every((list) => list.includes(channelId))) return undefined;
    const allowed = lists.reduce((kept, list) => kept.filter((id) => list.includes(id)));
    return allowed.length
      ? `I only answer in ${channelList(allowed)}.`
      : "I don't answer in any channel of this server at the moment; a moderator can change that with /config channels.";
  }

  private limits(requester: Requester, server: Readonly<ServerSettings>): Limit[] {
    const perUser = this.config.RATE_LIMIT_PER_MINUTE;
    const limits: Limit[] = [
      {
        points: perUser,
        seconds: 60,
        key: `user:${requester.userId}`,
        refusal: (wait) => `You've reached ${perUser} requests a minute; please try again in ${wait} s.`,
      },
    ];
    const { cooldownSeconds, answersPerMinute } = server;
    if (requester.guildId && cooldownSeconds > 0) {
      limits.push({
        points: 1,
        seconds: cooldownSeconds,
        key: `cooldown:${requester.guildId}:${requester.userId}`,
        refusal: (wait) => `This server asks for ${cooldownSeconds} s between requests; please try again in ${wait} s.`,
      });
    }
    if (requester.guildId && answersPerMinute > 0) {
      limits.push({
        points: answersPerMinute,
        seconds: 60,
        key: `server:${requester.guildId}`,
        refusal: (wait) => `This server has had its ${answersPerMinute} requests this minute; please try again in ${wait} s.`,
      });
    }
    return limits;
  }

  private limiter(points: number, seconds: number): RateLimiterMemory {
    const key = `${points}/${seconds}`;
    let limiter = this.limiters.get(key);
    if (!limiter) this.limiters.set(key, (limiter = new RateLimiterMemory({ points, duration: seconds })));
    return limiter;
  }

  /** Takes a point from each limit in turn; a refused request gives back what it took, so it costs nothing. */
  private async spend(limits: readonly Limit[]): Promise<Admission> {
    const spent: Limit[] = [];
    for (const limit of limits) {
      try {
        await this.limiter(limit.points, limit.seconds).consume(limit.key);
        spent.push(limit);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        await this.giveBack(spent);
        return { refusal: limit.refusal(Math.max(1, Math.ceil(err.msBeforeNext / 1000))) };
      }
    }
    // splice: a second refund gives nothing back.
    return { refund: () => this.giveBack(spent.splice(0)) };
  }

  private async giveBack(spent: readonly Limit[]): Promise<void> {
    for (const s of spent) await this.limiter(s.points, s.seconds).reward(s.key);
  }

  questionTooLong(question: string): string | undefined {
    return lengthProblem(question, this.config.MAX_QUESTION_LENGTH);
  }

  /** Empty debate roles mean everyone may debate. */
  debateRefusal(guildId: string | null, roleIds: readonly string[]): string | undefined {
    const roles = this.serverSettings(guildId).debateRoles;
    if (roles.length === 0 || roles.some((id) => roleIds.includes(id))) return undefined;
    return `Only members with ${roleList(roles)} can use /debate here.`;
  }

  mentionsOn(guildId: string | null): boolean {
    return this.serverSettings(guildId).mentions;
  }

  /** Moderator commands need Manage Server (Administrator implies it); Discord also hides them from others. */
  moderatorRefusal(permissions: Readonly<PermissionsBitField> | null): string | undefined {
    if (permissions?.has(MODERATOR_PERMISSION)) return undefined;
    return "Only members with the Manage Server permission can use this command.";
  }
}
