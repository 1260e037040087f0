/** The default paper as a PDF must answer the dev questions about as well as its Markdown source. */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";
import { defaultPaperPdf } from "../scripts/pdf-fixtures.js";
import type { Answer } from "../src/answer/types.js";
import type { FootnoteEngine } from "../src/engine.js";
import { parseEvalLines, scoreEval } from "../src/terminal/eval-score.js";
import { EVAL_DIR, openTestEngine, tempDir } from "./support/engine.js";

const file = path.join(EVAL_DIR, "questions.dev.jsonl");
const questions = parseEvalLines(await readFile(file, "utf8"), file);

async function ask(engine: FootnoteEngine): Promise<{ line: (typeof questions)[number]; answer: Answer }[]> {
  const results = [];
  for (const line of questions) results.push({ line, answer: await engine.ask(line.q) });
  return results;
}

it("answers the dev questions from the PDF about as well as from the Markdown, citing pages", async () => {
  const pdfCorpus = await tempDir("footnote-pdf-corpus-");
  await writeFile(path.join(pdfCorpus, "focused-on-iran.pdf"), await defaultPaperPdf());
  const fromPdf = await ask((await openTestEngine({ CORPUS_DIR: pdfCorpus })).engine);
  const fromMarkdown = await ask((await openTestEngine()).engine);
  const pdf = scoreEval(fromPdf).answer_hit;
  const markdown = scoreEval(fromMarkdown).answer_hit;
  console.log(`answer hit on ${questions.length} dev questions: PDF ${pdf.toFixed(3)}, Markdown ${markdown.toFixed(3)}`);
  expect(Math.abs(pdf - markdown)).toBeLessThanOrEqual(0.1);
  const quotes = fromPdf.flatMap((r) => r.answer.answer);
  expect(quotes.length).toBeGreaterThan(0);
  expect(quotes.every((q) => q.citation.page !== undefined)).toBe(true);
});
