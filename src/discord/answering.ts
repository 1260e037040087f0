/** The path /ask and mentions share: ask the engine, record the question, lay out the first page and its buttons. */
import type { QuestionSource } from "../db/feedback-db.js";
import type { Answer } from "../answer/types.js";
import type { BotContext } from "./context.js";
import { formatAnswer } from "./format/answer.js";
import { errorFields } from "./error-fields.js";
import { bold } from "./format/markdown.js";
import { passageListPages } from "./format/passages.js";
import type { Action, Page } from "./format/types.js";

/** Feedback is a nice-to-have: a failing database must not cost the user the answer. */
function record(ctx: BotContext, answer: Answer, source: QuestionSource): number | undefined {
  try {
    return ctx.db.recordQuestion({ question: answer.question, abstained: answer.abstained, source });
  } catch (err) {
    ctx.log.warn(errorFields(err), "Could not record the question; answering without feedback buttons.");
    return undefined;
  }
}

/** Throws QuestionError (from engine.ask) for a question the engine will not take. */
export async function answerQuestion(
  ctx: BotContext,
  question: string,
  source: QuestionSource,
  context: string[] = [],
): Promise<Page> {
  const answer = await ctx.engine.ask(question, context.length ? { context } : {});
  const questionId = record(ctx, answer, source);
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
