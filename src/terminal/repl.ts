/** The local question prompt. When standard input is not a terminal it answers each line and exits at the end. */
import readline from "node:readline";
import { QuestionError, type Engine } from "../engine-api.js";
import { ANSI, formatAnswer, PLAIN } from "./format.js";

export async function runPrompt(engine: Engine, input: NodeJS.ReadableStream, output: NodeJS.WritableStream & { isTTY?: boolean }): Promise<void> {
  const interactive = (input as { isTTY?: boolean }).isTTY === true;
  const style = output.isTTY ? ANSI : PLAIN;
  const rl = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const paper = engine.papers()[0];
  if (interactive) {
    output.write(`footnote: ask about ${engine.papers().length === 1 && paper ? `“${paper.title}”` : `${engine.papers().length} papers`}. Empty line or Ctrl-D to quit.\n`);
    rl.setPrompt("? ");
    rl.prompt();
  }
  for await (const line of rl) {
    if (interactive && line.trim() === "") break;
    if (line.trim() !== "") {
      if (!interactive) output.write(`? ${line}\n`);
      output.write(`${await answerLine(engine, line, style)}\n\n`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}

async function answerLine(engine: Engine, line: string, style: typeof PLAIN): Promise<string> {
  try {
    return formatAnswer(await engine.ask(line), style);
  } catch (err) {
    if (err instanceof QuestionError) return err.message;
    throw err;
  }
}
