/**
 * The local question prompt. Each question is read with the ones before it as context, as in a
 * Discord thread, so "what about gas?" after a question about oil asks about gas in the same
 * sense. Lines starting with ":" are commands. When standard input is not a terminal it answers
 * each line and exits at the end.
 */
import readline from "node:readline";
import { QUESTIONS_PER_THREAD } from "../db/thread-history.js";
import { QuestionError, type Engine, type PaperMeta } from "../engine-api.js";
import { formatAnswer, hangingIndent, type Layout } from "./format.js";

export interface PromptOptions {
  /** Read before each reply, so a resized window wraps at its new width. */
  layout: () => Layout;
  /** The program's name and version, for the banner. */
  version: string;
}

const COMMANDS: [string, string][] = [
  [":help", "this list"],
  [":papers", "the papers the answers come from"],
  [":new", "start a new topic: later questions are read without the earlier ones"],
  [":quit", "leave (also Ctrl-D)"],
];

type Reply = { text: string } | { quit: true };

export async function runPrompt(engine: Engine, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, options: PromptOptions): Promise<void> {
  const interactive = (input as { isTTY?: boolean }).isTTY === true;
  const rl = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const earlier: string[] = [];
  if (interactive) {
    output.write(`${banner(engine.papers(), options)}\n\n`);
    rl.setPrompt("? ");
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (line !== "") {
      if (!interactive) output.write(`? ${line}\n`);
      const reply = line.startsWith(":") ? command(line, engine, earlier, options.layout()) : await answerLine(engine, line, earlier, options.layout());
      if ("quit" in reply) break;
      output.write(`${reply.text}\n\n`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}

function banner(papers: PaperMeta[], options: PromptOptions): string {
  const { width } = options.layout();
  const about = papers.length === 1 ? "Ask about this paper:" : `Ask about these ${papers.length} papers:`;
  const help = "Follow-up questions are read with the ones before them. Type :help for commands, :quit or Ctrl-D to leave.";
  return [`footnote ${options.version}. ${about}`, paperList(papers, width), hangingIndent(help, "", 0, width)].join("\n");
}

function paperList(papers: PaperMeta[], width?: number): string {
  if (papers.length === 0) return "  (none yet: add .md, .txt or .pdf files to the corpus folder)";
  return papers.map((p) => hangingIndent(paperLine(p), "  - ", 4, width)).join("\n");
}

function paperLine(p: PaperMeta): string {
  const by = p.authors.length ? ` (${p.authors.join(", ")}${p.year ? `, ${p.year}` : ""})` : p.year ? ` (${p.year})` : "";
  return `“${p.title}”${by}`;
}

function command(line: string, engine: Engine, earlier: string[], layout: Layout): Reply {
  const name = line.split(/\s+/)[0]!.toLowerCase();
  switch (name) {
    case ":help":
    case ":h":
    case ":?":
      return { text: COMMANDS.map(([c, what]) => hangingIndent(`${c.padEnd(9)}${what}`, "  ", 11, layout.width)).join("\n") };
    case ":papers":
      return { text: paperList(engine.papers(), layout.width) };
    case ":new":
      earlier.length = 0;
      return { text: "New topic: the next question is read on its own." };
    case ":quit":
    case ":q":
    case ":exit":
      return { quit: true };
    default:
      return { text: `Unknown command ${name}. Type :help for the commands.` };
  }
}

async function answerLine(engine: Engine, question: string, earlier: string[], layout: Layout): Promise<Reply> {
  try {
    const answer = await engine.ask(question, earlier.length ? { context: [...earlier] } : {});
    earlier.push(question);
    earlier.splice(0, earlier.length - QUESTIONS_PER_THREAD);
    return { text: formatAnswer(answer, layout) };
  } catch (err) {
    if (err instanceof QuestionError) return { text: err.message };
    throw err;
  }
}
