/**
 * What the bot writes down about each question: the anonymous feedback record (for `npm run report`
 * and the 👍/👎 buttons) and the moderation log (for /log). Both are extras: a failing database
 * must not cost anyone an answer, so failures are logged and the reply goes out regardless.
 */
import type { QuestionSource } from "../db/feedback-db.js";
import type { BotContext } from "./context.js";
import { errorFields } from "./error-fields.js";
import type { Requester } from "./requester.js";
import type { Answer } from "../engine-api.js";

/** The question's id for vote buttons, or undefined when it could not be recorded. */
export function recordQuestion(ctx: BotContext, answer: Answer, source: QuestionSource): number | undefined {
  try {
    return ctx.feedback.recordQuestion({ question: answer.question, abstained: answer.abstained, source });
  } catch (err) {
    ctx.log.warn(errorFields(err), "Could not record the question; answering without feedback buttons.");
    return undefined;
  }
}

/** `command` is how it was asked ("ask", "debate", "search", "mention"); `reply` a one-line summary. */
export function logExchange(ctx: BotContext, requester: Requester, command: string, question: string, reply: string): void {
  if (!requester.guildId) return;
  try {
    ctx.moderationLog.record({ guildId: requester.guildId, channelId: requester.channelId, userId: requester.userId, command, question, reply });
  } catch (err) {
    ctx.log.warn(errorFields(err), "Could not write to the moderation log.");
  }
}
