import { execFile, spawn } from "node:child_process";
import { cp, mkdir, readFile, symlink } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { formatAnswer, hangingIndent, PLAIN } from "../src/terminal/format.js";
import { colourFor, layoutFor } from "../src/terminal/tty.js";
import { DiscordEmulator } from "./emulator/emulator.js";
import { openTestEngine, REPO, tempDir } from "./support/engine.js";
import { runProgram } from "./support/run.js";

const BIN = path.join(REPO, "bin/footnote.js");
const ESC = "\x1b[";
let env: NodeJS.ProcessEnv;

function run(command: string, args: string[], input = "", options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return runProgram(command, args, input, { env, ...options });
}

const version = async () => (JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

beforeAll(async () => {
  env = { ...process.env, INDEX_DIR: await tempDir(), LOG_LEVEL: "warn", DISCORD_TOKEN: "", NO_COLOR: "" };
  delete env.COLUMNS;
  await run(BIN, ["index"]);
});

describe("the footnote command", () => {
  it("--help lists every subcommand, and --version prints the package's version", async () => {
    const help = await run(BIN, ["--help"], "", { cwd: "/" });
    expect(help.code).toBe(0);
    for (const sub of ["index", "ask", "prompt", "debate", "eval", "report", "bench"]) expect(help.stdout).toMatch(new RegExp(`^  ${sub}\\b`, "m"));
    const shown = await run(BIN, ["--version"], "", { cwd: "/" });
    expect(shown.stdout.trim()).toBe(await version());
  });

  it("every subcommand has its own --help", async () => {
    for (const sub of ["index", "ask", "prompt", "debate", "eval", "report", "bench"]) {
      const { stdout, code } = await run(BIN, [sub, "--help"]);
      expect(code, sub).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: footnote ${sub}`, "m"));
    }
    // Seven programs started one after another: on a loaded 2-core machine each can take several seconds.
  }, 150_000);

  it("an unknown subcommand says so and points at --help", async () => {
    const { stderr, code } = await run(BIN, ["frobnicate"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it("npm start -- --help describes the bot and prompt program instead of starting it", async () => {
    const { stdout, code } = await run("npm", ["start", "--silent", "--", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Discord bot when DISCORD_TOKEN is set/);
  });
});

describe("output for a pipe and for a terminal", () => {
  it("piped output has no colour codes and, given COLUMNS, is wrapped with hanging indents", async () => {
    const { stdout, code } = await run(BIN, ["ask", "How much natural gas does Azerbaijan hold?"], "", { env: { ...env, COLUMNS: "50" } });
    expect(code).toBe(0);
    expect(stdout).not.toContain(ESC);
    const lines = stdout.split("\n");
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(50);
    // A quote's later lines line up under its first word; no word is broken across lines.
    const first = lines.findIndex((l) => l.startsWith("  “"));
    expect(lines[first + 1]).toMatch(/^ {3}\S/);
    expect(stdout.replace(/\n +/g, " ")).toContain("2.55 trillion cubic metres");
  });

  it("colour only on a terminal and never with NO_COLOR", () => {
    expect(colourFor({ isTTY: true }, {})).toBe(true);
    expect(colourFor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colourFor({ isTTY: false }, {})).toBe(false);
    expect(layoutFor({ isTTY: true, columns: 72 }, { NO_COLOR: "1" })).toEqual({ style: PLAIN, width: 72 });
    expect(layoutFor({ isTTY: true, columns: 72 }, {}).style.bold("x")).toBe(`${ESC}1mx${ESC}22m`);
    expect(layoutFor({ isTTY: false }, {})).toEqual({ style: PLAIN });
  });

  it("wraps at word boundaries with a hanging indent, counting no width for colour codes", () => {
    const text = `${ESC}1mAzerbaijan${ESC}22m harbours enormous deposits of oil and natural gas`;
    const wrapped = hangingIndent(text, "  “", 3, 24);
    expect(wrapped.split("\n")).toEqual([`  “${ESC}1mAzerbaijan${ESC}22m harbours`, "   enormous deposits of", "   oil and natural gas"]);
    expect(hangingIndent("one line only", "- ", 2)).toBe("- one line only");
  });
});

describe("the prompt", () => {
  it("answers :help, :papers and unknown commands, and stops at :quit", async () => {
    const { stdout, code } = await run(BIN, ["prompt"], ":help\n:papers\n:nonsense\n:quit\nWho painted the Mona Lisa?\n");
    expect(code).toBe(0);
    expect(stdout).toMatch(/:papers +the papers the answers come from/);
    expect(stdout).toContain("“Focused on Iran? Exploring the Rationale Behind the Strategic Relationship between Azerbaijan and Israel”");
    expect(stdout).toContain("Unknown command :nonsense. Type :help for the commands.");
    expect(stdout).not.toContain("Mona Lisa");
  });

  it("reads a follow-up with the questions before it, as a Discord thread does, and :new forgets them", async () => {
    const [first, followUp] = ["Which country supplies Israel with oil?", "what about gas?"];
    const { stdout } = await run(BIN, ["prompt"], `${first}\n${followUp}\n:new\n${followUp}\n`);
    const replies = stdout.split(/^\? .*\n/m).map((r) => r.trimEnd());
    const { engine } = await openTestEngine();
    try {
      const withContext = formatAnswer(await engine.ask(followUp, { context: [first] }));
      const alone = formatAnswer(await engine.ask(followUp));
      expect(withContext).not.toBe(alone);
      expect(replies.slice(1)).toEqual([formatAnswer(await engine.ask(first)), withContext, "New topic: the next question is read on its own.", alone]);
    } finally {
      await engine.close();
    }
  });
});

describe("a build", () => {
  let root: string;
  beforeAll(async () => {
    // The shape of an installed build (and of the Docker image): dist/ and bin/ beside package.json, no src/.
    root = await tempDir("footnote-build-");
    await promisify(execFile)(path.join(REPO, "node_modules/.bin/tsc"), ["-p", path.join(REPO, "tsconfig.build.json"), "--outDir", path.join(root, "dist")]);
    await cp(path.join(REPO, "package.json"), path.join(root, "package.json"));
    await cp(path.join(REPO, "bin"), path.join(root, "bin"), { recursive: true });
    await cp(path.join(REPO, "corpus"), path.join(root, "corpus"), { recursive: true });
    for (const shared of ["node_modules", "models"]) await symlink(path.join(REPO, shared), path.join(root, shared));
    await mkdir(path.join(root, "index"));
  }, 180_000);

  it("runs with node dist/main.js from another folder, its folders read from the package's, not the current one", async () => {
    const buildEnv = { ...env };
    delete buildEnv.INDEX_DIR;
    const { stdout, code } = await run("node", [path.join(root, "dist/main.js")], "How much natural gas does Azerbaijan hold?\n", { cwd: "/", env: buildEnv });
    expect(code).toBe(0);
    expect(stdout).toContain("2.55 trillion cubic metres");
    const bin = await run(path.join(root, "bin/footnote.js"), ["ask", "--json", "When did Israel open an embassy in Baku?"], "", { cwd: "/", env: buildEnv });
    expect(JSON.parse(bin.stdout)).toMatchObject({ abstained: false, shortAnswer: "1993" });
  });
});

describe("the bot's log", () => {
  it("is JSON lines when stderr is not a terminal, never holding the token, and it stops on SIGTERM", async () => {
    const emu = await DiscordEmulator.start({ token: "a-secret-bot-token" });
    let child: ReturnType<typeof spawn> | undefined;
    try {
      child = spawn(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "src/main.ts")], {
        cwd: "/",
        env: { ...env, LOG_LEVEL: "info", DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl, DATA_DIR: await tempDir() },
      });
      let stderr = "";
      child.stderr!.on("data", (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child!.on("close", resolve));
      // The bot opens an engine per worker before it logs in: on a loaded 2-core machine that can take a minute.
      await expect.poll(() => stderr, { timeout: 110_000 }).toMatch(/Logged in to Discord/);
      child.kill("SIGTERM");
      expect(await exited, stderr).toBe(0);
      const lines = stderr.trim().split("\n");
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ level: expect.any(Number), msg: expect.any(String) });
      expect(stderr).not.toContain(emu.token);
      expect(lines.at(-1)).toMatch(/Received SIGTERM; shutting down/);
    } finally {
      // A bot left running by a failed check would hold a core for the rest of the run.
      if (child && child.exitCode === null) child.kill("SIGKILL");
      await emu.stop();
    }
  }, 150_000);
});
