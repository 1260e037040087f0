/** The worker pool: the same answers as the engine it stands for, refusals as QuestionError, and /reindex reaching every worker. */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnginePool } from "../src/engine-pool/pool.js";
import { QuestionError, type FootnoteEngine } from "../src/engine-api.js";
import { createLogger } from "../src/log.js";
import { copyOfCorpus, openTestEngine } from "./support/engine.js";

let local: FootnoteEngine;
let pool: EnginePool;
let corpusDir: string;

beforeAll(async () => {
  corpusDir = await copyOfCorpus();
  const opened = await openTestEngine({ CORPUS_DIR: corpusDir });
  local = opened.engine;
  pool = await EnginePool.start(local, opened.config, createLogger("silent"), 2);
});

afterAll(() => pool?.close());

describe("the engine pool", () => {
  it("answers in its workers exactly as the engine in this thread does", async () => {
    const question = "When was the Israeli embassy opened in Baku?";
    const answers = await Promise.all([1, 2, 3, 4].map(() => pool.ask(question)));
    const expected = await local.ask(question);
    for (const answer of answers) expect(answer).toEqual(expected);
    expect(await pool.search("embassy Baku")).toEqual(await local.search("embassy Baku"));
  });

  it("turns a refused question back into a QuestionError", async () => {
    await expect(pool.ask("   ")).rejects.toBeInstanceOf(QuestionError);
  });

  it("makes every worker load the new index after a reindex", async () => {
    const word = "zyxtrophane";
    await writeFile(
      path.join(corpusDir, "added.md"),
      `# An added paper\n\n## Findings\n\nThe compound ${word} was isolated in 1999 by the survey team working in the northern valleys.\n`,
    );
    expect((await pool.reindex()).papers).toBe(2);
    const found = await Promise.all([1, 2, 3, 4].map(() => pool.search(word)));
    for (const hits of found) expect(hits[0]?.text).toContain(word);
  });
});
