import { spawn } from "node:child_process";
import { REPO } from "./engine.js";

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs a real program (a script path or a command on PATH) with `input` on standard input, closed at its end. */
export function runProgram(command: string, args: string[], input = "", options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? REPO, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}
