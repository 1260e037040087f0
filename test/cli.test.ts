import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO, tempDir } from "./support/engine.js";
import { runProgram } from "./support/run.js";

const TSX = path.join(REPO, "node_modules/.bin/tsx");
let env: NodeJS.ProcessEnv;

/** Runs the real program with `input` on standard input (closed at its end). */
function footnote(script: string, args: string[], input = "") {
  return runProgram(TSX, [path.join(REPO, script), ...args], input, { env });
}

beforeAll(async () => {
  env = { ...process.env, INDEX_DIR: await tempDir(), LOG_LEVEL: "warn", DISCORD_TOKEN: "" };
  await footnote("src/terminal/cli.ts", ["index"]);
});

describe("npm run ask", () => {
  it("--json quotes the sentence that answers, with its citation", async () => {
    const { stdout, code } = await footnote("src/terminal/cli.ts", ["ask", "--json", "When did Israel open an embassy in Baku?"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ question: "When did Israel open an embassy in Baku?", abstained: false, shortAnswer: "1993" });
    expect(out.answer[0].quote).toContain("1993");
    expect(out.answer[0].citation).toMatchObject({ paper: expect.stringMatching(/^Focused on Iran\?/), section: "Country Profiles", paragraph: 1 });
    expect(out.passages[0]).toEqual({ id: expect.any(String), text: expect.any(String), score: expect.any(Number), citation: expect.any(Object) });
  });

  it("answers an empty or a 10,000-character question with a clear message, not a stack trace", async () => {
    for (const question of ["   ", "x".repeat(10_000)]) {
      const { stdout, stderr, code } = await footnote("src/terminal/cli.ts", ["ask", question]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/Please ask a question|the limit is 500/);
      expect(stdout + stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("npm start without a terminal", () => {
  it("answers each line of standard input and exits at its end", async () => {
    const { stdout, code } = await footnote("src/main.ts", [], "How much natural gas does Azerbaijan hold?\nWho painted the Mona Lisa?\n");
    expect(code).toBe(0);
    expect(stdout).toContain("2.55 trillion cubic metres");
    expect(stdout).toContain("The papers do not cover this question");
  });
});

describe("settings", () => {
  it("a bad value stops the program with a message naming the setting", async () => {
    const saved = env;
    env = { ...env, RATE_LIMIT_PER_MINUTE: "lots" };
    const { stderr, code } = await footnote("src/terminal/cli.ts", ["ask", "anything"]);
    env = saved;
    expect(code).toBe(2);
    expect(stderr).toMatch(/RATE_LIMIT_PER_MINUTE: must be a whole number/);
  });
});
