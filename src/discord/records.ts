/**
 * What the bot writes down about each question: the anonymous feedback record (for `npm run report`
 * and the 👍/👎 buttons) and the moderation log (for /log). Both are extras: the writes queue in
 * ctx.writer and happen after the reply is on its way, and a failing database costs no one an answer.
 */
import type { QuestionSource } from "../db/feedback-db.js";
import type { BotContext } from "./context.js";
import { errorFields } from "./error-fields.js";
import type { Requester } from "./requester.js";
import type { Answer } from "../engine-api.js";

/** The question's id for vote buttons, or undefined when the database cannot give one. */
export function recordQuestion(ctx: BotContext, answer: Answer, source: QuestionSource, guildId: string | null): number | undefined {
  let id: number;
  try {
    id = ctx.feedback.nextQuestionId();
  } catch (err) {
    ctx.log.warn(errorFields(err), "Could not number the question; answering without feedback buttons.");
    return undefined;
  }
  ctx.answeredIn.set(id, guildId ?? "");
  ctx.writer.enqueue({
    what: "feedback",
    run: () => ctx.feedback.recordQuestion({ id, question: answer.question, abstained: answer.abstained, source, guildId }),
  });
  return id;
}

/** `command` is how it was asked ("ask", "debate", "search", "mention"); `reply` a one-line summary. */
export function logExchange(ctx: BotContext, requester: Requester, command: string, question: string, reply: string): void {
  const { guildId, channelId, userId } = requester;
  if (!guildId) return;
  ctx.writer.enqueue({
    what: "moderation log",
    run: () => ctx.moderationLog.record({ guildId, channelId, userId, command, question, reply }),
  });
}
