/** The `footnote` command: index, ask, prompt, debate, eval, report, bench (each also an npm script). */
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import type { Config } from "../config.js";
import { createLogger } from "../log.js";
import { PACKAGE_ROOT, packageVersion } from "../package-root.js";
import { settingsOrExit } from "../settings.js";
import { runBench } from "./bench.js";
import { runLibraryBench } from "./bench-libraries.js";
import { runDebate, type DebateCommandOptions } from "./debate.js";
import { runEval } from "./eval.js";
import { printReport } from "./report.js";
import { formatAnswer, formatPassages } from "./format.js";
import { openWithProgress } from "./open.js";
import { openLibraryForReading } from "../libraries/open.js";
import { runPrompt } from "./repl.js";
import { colourFor, layoutFor } from "./tty.js";
import { QuestionError, verifyIndex } from "../engine-api.js";

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number from 1 up.");
  return n;
}

/** Readable log lines on stderr for the person at the terminal, coloured only where colour belongs. */
function terminalLog(config: Config) {
  return createLogger(config.LOG_LEVEL, { pretty: true, colour: colourFor(process.stderr, process.env) });
}

const BENCH_QUESTIONS = "test/fixtures/eval/questions.dev.jsonl";
const version = packageVersion();
const program = new Command("footnote")
  .description("Answers questions about the papers in the corpus folder with verbatim, cited quotes.")
  .version(version, "-v, --version", "print the version")
  .helpOption("-h, --help", "show help (after a command: that command's options)")
  .showHelpAfterError("(add --help for usage)")
  .addHelpText(
    "after",
    `
Settings come from .env beside package.json and from the environment (see .env.example);
relative folders are read from the folder that holds package.json.

Examples:
  footnote ask "When did Israel open an embassy in Baku?"
  footnote prompt
  footnote eval test/fixtures/eval/questions.dev.jsonl test/fixtures/eval/offtopic.dev.jsonl`,
  );

program
  .command("index")
  .description("build the index from the corpus (rebuilds even when it is current)")
  .option("--force", "replace the index even when the new one would lose most of it (an emptied or much smaller corpus)")
  .option("--verify", "check every byte of the live index against its manifest instead, and build nothing")
  .action(async (opts: { force?: boolean; verify?: boolean }) => {
    const config = settingsOrExit();
    if (opts.verify) {
      const problem = await verifyIndex(config.INDEX_DIR);
      process.stdout.write(problem ? `The index is damaged: ${problem}. Run npm run index to rebuild it.\n` : "The index is whole.\n");
      process.exitCode = problem ? 1 : 0;
      return;
    }
    const engine = await openWithProgress(config, terminalLog(config), { rebuild: true, force: !!opts.force });
    process.stdout.write(`Indexed ${engine.manifest.passages} passages from ${engine.papers().length} paper(s) into ${config.INDEX_DIR}.\n`);
  });

program
  .command("ask")
  .description("answer one question")
  .argument("<question...>", "the question")
  .option("--json", "print one JSON object")
  .option("--library <server id>", "ask one Discord server's library (its papers and the shared ones), read-only, for debugging")
  .action(async (parts: string[], opts: { json?: boolean; library?: string }) => {
    const config = settingsOrExit();
    const log = terminalLog(config);
    const engine = opts.library ? await openLibraryForReading(config, opts.library, log) : await openWithProgress(config, log);
    try {
      const answer = await engine.ask(parts.join(" "));
      if (opts.json) {
        const { question, intent, confidence, abstained, answer: quotes, passages } = answer;
        const shown = { question, intent, confidence, abstained, ...(answer.reply ? { reply: answer.reply } : {}), ...(answer.shortAnswer ? { shortAnswer: answer.shortAnswer } : {}), answer: quotes, passages, closestSections: answer.closestSections };
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      } else {
        const layout = layoutFor(process.stdout, process.env);
        process.stdout.write(`${formatAnswer(answer, layout)}\n\nPassages searched:\n${formatPassages(answer.passages.slice(0, 3), layout)}\n`);
      }
    } catch (err) {
      if (!(err instanceof QuestionError)) throw err;
      if (opts.json) process.stdout.write(`${JSON.stringify({ error: err.message })}\n`);
      else process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
    }
  });

program
  .command("prompt")
  .description("ask questions one after another; follow-ups are read with the questions before them")
  .action(async () => {
    const config = settingsOrExit();
    const engine = await openWithProgress(config, terminalLog(config));
    await runPrompt(engine, process.stdin, process.stdout, { layout: () => layoutFor(process.stdout, process.env), version });
  });

program
  .command("debate")
  .description("quote the papers' evidence for and against a motion, as Markdown")
  .argument("<motion...>", "the motion")
  .option("--json", "print one JSON object")
  .addOption(new Option("--side <side>", "only one side").choices(["for", "against"]))
  .action(async (parts: string[], opts: DebateCommandOptions) => {
    const config = settingsOrExit();
    const engine = await openWithProgress(config, terminalLog(config));
    process.exitCode = await runDebate(engine, parts.join(" "), opts, process.stdout, process.stderr);
  });

program
  .command("eval")
  .description("measure answer quality on JSONL question files: lines with an \"a\" list are in scope, lines without are off-topic")
  .argument("<files...>", "JSONL files: lines with \"a\" are in scope, lines without are off-topic")
  .option("--json", "print one JSON object")
  .option("--misses", "list the questions each measure missed, on stderr")
  .option("--details <file>", "write one JSON line per question (intent, probability, quotes, passages) to this file")
  .option("--calibration <file.png>", "draw the answer model's predicted probability against observed accuracy")
  .action(async (files: string[], opts: { json?: boolean; misses?: boolean; details?: string; calibration?: string }) => {
    const config = settingsOrExit();
    const engine = await openWithProgress(config, terminalLog(config));
    await runEval(engine, files, { json: !!opts.json, misses: !!opts.misses, ...(opts.details ? { details: opts.details } : {}), ...(opts.calibration ? { calibration: opts.calibration } : {}), out: process.stdout, err: process.stderr });
  });

program
  .command("report")
  .description("for organisers: the most asked, unanswered and down-voted questions from the bot's feedback")
  .option("--limit <n>", "rows per list", positiveInteger, 10)
  .action((opts: { limit: number }) => {
    const config = settingsOrExit();
    printReport(config.DATA_DIR, process.stdout, { limit: opts.limit });
  });

program
  .command("bench")
  .description("index and serve synthetic corpora of each size with footnote and the LangChain.js peer: build, memory, start-up, latency, recall, dev hits")
  .option("--scale <list>", "passages per row: paper (the corpus alone), 1k, 10k, 100k, 1M, ...", "paper,1k")
  .option("--json", "print one JSON object")
  .option("--no-peer", "measure footnote alone")
  .addOption(new Option("--questions <file>", "questions to time and score").default(path.join(PACKAGE_ROOT, BENCH_QUESTIONS), BENCH_QUESTIONS))
  .option("--libraries <n>", "instead: n synthetic servers' libraries of 20 papers, their memory and cold first-question latency", positiveInteger)
  .action(async (opts: { scale: string; json?: boolean; peer: boolean; questions: string; libraries?: number }) => {
    const config = settingsOrExit();
    if (opts.libraries) return void (await runLibraryBench(config, opts.libraries, process.stdout, !!opts.json));
    await runBench(config, { scales: opts.scale.split(",").map((s) => s.trim()).filter(Boolean), json: !!opts.json, peer: opts.peer, questionsFile: opts.questions, out: process.stdout, err: process.stderr });
  });

await program.parseAsync();
