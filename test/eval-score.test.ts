/** How the eval scores bold short answers, on real answers of the default paper. */
import { expect, it } from "vitest";
import { scoreEval } from "../src/terminal/eval-score.js";
import { openTestEngine } from "./support/engine.js";

it("counts a bold answer shown to an off-topic line as a wrong one", async () => {
  const { engine } = await openTestEngine();
  const q = "When did Israel and Azerbaijan draw up a draft agreement on agricultural cooperation?";
  const answer = await engine.ask(q);
  expect(answer.shortAnswer).toBe("August 2013");
  const inScope = scoreEval([{ line: { q, a: ["August 2013"] }, answer }]);
  expect([inScope.bold_shown, inScope.bold_right]).toEqual([1, 1]);
  // The same reply to a line the set marks as not covered: abstaining was right, so the bold is wrong.
  const offTopic = scoreEval([{ line: { q, kind: "near" }, answer }]);
  expect([offTopic.offtopic_abstain, offTopic.bold_right]).toEqual([0, 0]);
});
