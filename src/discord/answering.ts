/** The path /ask and mentions share: ask the engine, record the question, lay out the first page and its buttons. */
import type { QuestionSource } from "../db/feedback-db.js";
import type { BotContext } from "./context.js";
import { formatAnswer } from "./format/answer.js";
import { bold } from "./format/markdown.js";
import { passageListPages } from "./format/passages.js";
import { answerSummary } from "./format/summary.js";
import type { Action, Page } from "./format/types.js";
import { logExchange, recordQuestion } from "./records.js";
import type { Requester } from "./requester.js";
import { queuedOnEngine } from "./guild-engine.js";

/** Throws QuestionError (from engine.ask) for a question the engine will not take, QueueFullError when the bot is too busy. */
export async function answerQuestion(
  ctx: BotContext,
  question: string,
  asked: { requester: Requester; source: QuestionSource },
  context: string[] = [],
  paperId?: string,
): Promise<Page> {
  const options = { ...(context.length ? { context } : {}), ...(paperId ? { paperId } : {}) };
  const answer = await queuedOnEngine(ctx, asked.requester, (engine) => engine.ask(question, options));
  await ctx.acks.idle();
  const questionId = recordQuestion(ctx, answer, asked.source, asked.requester.guildId);
  logExchange(ctx, asked.requester, asked.source === "slash" ? "ask" : "mention", question, answerSummary(answer));
  const first = ctx.pages.start(formatAnswer(answer), "More");
  const actions: Action[] = [...first.actions];
  if (answer.passages.length) {
    const key = ctx.pages.put(passageListPages(answer.passages, bold("Passages searched")), "More passages");
    actions.push({ kind: "page", key, index: 0, label: "More passages" });
  }
  if (questionId !== undefined) {
    actions.push({ kind: "vote", questionId, vote: "up" }, { kind: "vote", questionId, vote: "down" });
  }
  return { ...first, actions };
}
