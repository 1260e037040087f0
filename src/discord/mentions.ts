/**
 * "@footnote question" in a study channel is answered in a thread started from the message; in a
 * thread the bot started, every message is a follow-up (no mention needed), read with the thread's
 * earlier questions (kept in the database, so also after a restart) as context.
 */
import { ChannelType, userMention, type Message, type MessageCreateOptions } from "discord.js";
import { answerQuestion } from "./answering.js";
import type { BotContext } from "./context.js";
import { errorFields } from "./error-fields.js";
import { LIMITS } from "./format/limits.js";
import { shorten } from "./format/markdown.js";
import { pageMessage, textMessage } from "./render.js";
import { requesterOf } from "./requester.js";
import { busyText } from "./format/busy.js";
import { QueueFullError } from "./work-queue.js";
import { QuestionError } from "../engine-api.js";

const howToAsk = (botId: string) => `Ask me a question after the mention, e.g. “${userMention(botId)} what does the paper argue?”`;

/** The message without the bot's own mention(s); other mentions are left for the engine to clean. */
export function questionFrom(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, "g"), " ").replace(/\s+/g, " ").trim();
}

/** The thread to answer in: the bot's own, or a new one from the message where the channel allows threads. */
async function answerThread(message: Message<true>, question: string, ownThread: boolean) {
  if (ownThread) return message.channel;
  const canStart = [ChannelType.GuildText, ChannelType.GuildAnnouncement].includes(message.channel.type) && !message.hasThread;
  return canStart ? message.startThread({ name: shorten(question, LIMITS.threadName) }) : undefined;
}

/** The thread's earlier questions; none when the database cannot be read (the answer goes on without them). */
function earlierQuestions(ctx: BotContext, threadId: string): string[] {
  try {
    return ctx.threads.recent(threadId);
  } catch (err) {
    ctx.log.warn(errorFields(err), "Could not read the thread's earlier questions; answering without them.");
    return [];
  }
}

async function answerMessage(message: Message<true>, ctx: BotContext): Promise<void> {
  const botId = message.client.user.id;
  // By the thread's owner, which survives a restart (Discord lists active threads in GUILD_CREATE),
  // so no list of the bot's threads needs keeping.
  const ownThread = message.channel.isThread() && message.channel.ownerId === botId;
  const mentioned = message.mentions.users.has(botId);
  if (!ownThread && !mentioned) return;
  // A server that turned mentions off gets silence, as if the bot could not read messages there.
  if (!ctx.guards.mentionsOn(message.guildId)) return;

  const question = questionFrom(message.content, botId);
  if (!question) {
    if (mentioned) await message.reply(textMessage(howToAsk(botId)));
    return;
  }
  const requester = requesterOf(message);
  // The length first, so that an over-long question costs no allowance.
  const tooLong = ctx.guards.questionTooLong(question);
  const admission = tooLong ? { refusal: tooLong } : await ctx.guards.admit(requester);
  if (admission.refusal !== undefined) {
    await message.reply(textMessage(admission.refusal));
    return;
  }
  const busy = ctx.work.busyFor();
  if (busy !== undefined) {
    await admission.refund();
    await message.reply(textMessage(busyText(busy)));
    return;
  }

  const thread = await answerThread(message, question, ownThread);
  // Where no thread can be started (someone else's thread, a forum post), reply in place, without memory.
  const send = (payload: MessageCreateOptions) => (thread ? thread.send(payload) : message.reply(payload));
  await (thread ?? message.channel).sendTyping();
  try {
    const page = await answerQuestion(ctx, question, { requester, source: "mention" }, thread ? earlierQuestions(ctx, thread.id) : []);
    if (thread) {
      const threadId = thread.id;
      ctx.writer.enqueue({ what: "thread history", run: () => ctx.threads.record(threadId, question) });
    }
    await send(pageMessage(page));
  } catch (err) {
    if (!(err instanceof QuestionError || err instanceof QueueFullError)) throw err;
    await admission.refund();
    await send(textMessage(err instanceof QueueFullError ? busyText(err.waitSeconds) : err.message));
  }
}

/** Never throws: the gateway's event loop must not see a rejected promise. */
export async function handleMessage(message: Message, ctx: BotContext): Promise<void> {
  if (message.author.bot || message.system || !message.inGuild()) return;
  try {
    await answerMessage(message, ctx);
  } catch (err) {
    ctx.log.error({ ...errorFields(err), messageId: message.id }, "Answering a mention failed.");
    try {
      await message.reply(textMessage("Sorry, something went wrong on my side. Please try again."));
    } catch (replyErr) {
      ctx.log.warn(errorFields(replyErr), "Could not tell the user about the failure.");
    }
  }
}
