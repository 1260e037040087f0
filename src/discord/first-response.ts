/**
 * The deferral of a queued command, and where its answer goes when Discord no longer takes a first
 * response. Discord forgets an interaction not acknowledged within 3 seconds (its token then
 * answers 10062 "Unknown interaction"); a REST outage or a chain of 429s can cause that however
 * fast the bot is. The question is not dropped then: its answer is posted as an ordinary message
 * in the same channel, naming the asker without pinging them, if the bot may post there. A private
 * request is never answered in public; that it could not be delivered is logged instead.
 */
import {
  DiscordAPIError,
  DiscordjsError,
  DiscordjsRangeError,
  DiscordjsTypeError,
  HTTPError,
  MessageFlags,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type ChatInputCommandInteraction,
  type BaseMessageOptions,
  type RepliableInteraction,
} from "discord.js";
import type { BotContext } from "./context.js";
import { errorFields } from "./error-fields.js";
import { echoText, shorten } from "./format/markdown.js";
import { NO_MENTIONS } from "./render.js";

/** How much of the question the channel post repeats, so the asker knows which answer it is. */
const ECHO_LENGTH = 200;

/** Discord has forgotten the interaction: nothing more can be sent on its token. */
export function interactionExpired(err: unknown): boolean {
  return err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownInteraction;
}

/**
 * Whether a reply failed because the interaction can take none any more: Discord forgot it, or
 * could not be reached before its first response was due. Trying again would fail the same way.
 */
export function replyWindowGone(err: unknown, interaction: RepliableInteraction): boolean {
  if (interactionExpired(err)) return true;
  return err instanceof HTTPError && err.status >= 500 && !interaction.deferred && !interaction.replied;
}

/**
 * Whether a first response failed because Discord will not take it any more (the interaction
 * expired) or could not be reached in time (5xx or network failures until the 3 s ran out).
 * Other refusals, and discord.js's own errors, are bugs to surface.
 */
export function firstResponseMissed(err: unknown): boolean {
  if (err instanceof DiscordAPIError) return interactionExpired(err);
  if (err instanceof HTTPError) return err.status >= 500;
  if (err instanceof DiscordjsError || err instanceof DiscordjsTypeError || err instanceof DiscordjsRangeError) return false;
  return err instanceof Error;
}

type Message = BaseMessageOptions;

/** Where an answer goes: the deferred reply (and follow-ups), or the channel. */
export interface AnswerTarget {
  /** The answer's first message. */
  send(message: Message): Promise<void>;
  /** Any message after it. */
  more(message: Message): Promise<void>;
}

/**
 * Defers the reply (privately with `private`) and lets the acknowledgements gate go; resolves to
 * where the answer goes. `asked` is the question, repeated in a channel post.
 */
export async function deferAnswer(interaction: ChatInputCommandInteraction, ctx: BotContext, opts: { private: boolean; asked: string }): Promise<AnswerTarget> {
  try {
    await interaction.deferReply(opts.private ? { flags: MessageFlags.Ephemeral } : {});
  } catch (err) {
    if (!firstResponseMissed(err)) throw err;
    ctx.log.warn({ ...errorFields(err), interactionId: interaction.id }, "Discord gave up on an interaction before it could be acknowledged.");
    return opts.private ? undelivered(interaction, ctx) : inChannel(interaction, ctx, opts.asked);
  } finally {
    ctx.acks.release(interaction);
  }
  return {
    send: async (message) => void (await interaction.editReply(message)),
    more: async (message) => void (await interaction.followUp(message)),
  };
}

/** A private answer whose interaction expired: nowhere to send it without showing it to everyone. */
function undelivered(interaction: RepliableInteraction, ctx: BotContext): AnswerTarget {
  const drop = async () => ctx.log.warn({ interactionId: interaction.id }, "A private answer could not be delivered: its interaction had expired.");
  return { send: drop, more: async () => undefined };
}

/** Posts the answer in the interaction's channel, headed by who asked what; logs why when it cannot. */
function inChannel(interaction: RepliableInteraction, ctx: BotContext, asked: string): AnswerTarget {
  const where = { interactionId: interaction.id, channelId: interaction.channelId };
  // Looked up when the answer is ready: a channel discord.js has not cached is fetched.
  const channel = (async () => interaction.channel ?? (interaction.channelId ? await interaction.client.channels.fetch(interaction.channelId).catch(() => null) : null))();
  let failed = false;
  // Through the REST client, which retries 5xx with backoff and waits out 429s.
  const post = async (message: Message) => {
    if (failed) return;
    const target = await channel;
    if (!target?.isSendable() || !mayPost(interaction, target.isThread())) {
      failed = true;
      ctx.log.warn(where, "An answer could not be delivered: its interaction had expired and the bot may not post in its channel.");
      return;
    }
    try {
      await target.send({ ...message, allowedMentions: NO_MENTIONS });
    } catch (err) {
      failed = true;
      ctx.log.warn({ ...errorFields(err), ...where }, "Could not post an answer in the channel after its interaction expired.");
    }
  };
  const heading = `<@${interaction.user.id}> asked “${echoText(shorten(asked, ECHO_LENGTH))}”; Discord gave up waiting for my reply, so here is the answer.`;
  return {
    send: (message) => post({ ...message, content: message.content ? `${heading}\n${message.content}` : heading }),
    more: post,
  };
}

/**
 * What the interaction says the bot may do in its channel. An interaction that carried no
 * permissions at all says nothing: the post is tried, and Discord refuses it if it must.
 */
function mayPost(interaction: RepliableInteraction, inThread: boolean): boolean {
  const permissions = interaction.appPermissions;
  if (permissions.bitfield === 0n) return true;
  const send = inThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  return permissions.has([PermissionFlagsBits.ViewChannel, send, PermissionFlagsBits.EmbedLinks]);
}
