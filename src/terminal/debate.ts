/** `npm run debate -- "motion"`: the evidence pack as Markdown, or as JSON with --json. */
import { QuestionError, evidencePackJson, evidencePackMarkdown, type Engine, type Side } from "../engine-api.js";

export interface DebateCommandOptions {
  json?: boolean;
  side?: Side;
}

/** Prints the pack for `motion`; returns the exit code (1 for an empty or over-long motion, with its message). */
export async function runDebate(engine: Engine, motion: string, opts: DebateCommandOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  try {
    const pack = await engine.debate(motion, opts.side ? { side: opts.side } : {});
    out.write(opts.json ? `${JSON.stringify(evidencePackJson(pack), null, 2)}\n` : evidencePackMarkdown(pack));
    return 0;
  } catch (e) {
    if (!(e instanceof QuestionError)) throw e;
    if (opts.json) out.write(`${JSON.stringify({ error: e.message })}\n`);
    else err.write(`${e.message}\n`);
    return 1;
  }
}
