/** Logging in against the emulator: intents, refusals, and a log that never holds the token. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { startBot } from "../src/discord/bot.js";
import type { Engine } from "../src/engine-api.js";
import { createLogger } from "../src/log.js";
import { DiscordEmulator, type EmulatorOptions } from "./emulator/emulator.js";

/** Login needs no engine: it is only called when someone asks something. */
const engine = {} as Engine;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(env: Record<string, string> = {}, options: EmulatorOptions = {}) {
  const emu = await DiscordEmulator.start(options);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "footnote-login-"));
  cleanups.push(() => emu.stop(), () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const lines: string[] = [];
  const log = createLogger("debug", { destination: new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }) });
  const config = loadConfig({ DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl, DATA_DIR: dataDir, ...env });
  return { emu, config, log, lines };
}

describe("logging in", () => {
  it("asks only for Guilds when mentions are off, and receives no messages", async () => {
    const { emu, config, log } = await setup({ MENTIONS_ENABLED: "false" });
    const bot = await startBot({ config, engine, log });
    cleanups.push(() => bot.stop());
    const identify = await emu.waitForFrame((f) => f.op === 2);
    expect((identify.d as { intents: number }).intents).toBe(1);
    emu.postMessage("anyone there?", { mentionBot: true });
    // The help command round-trips after the message would have arrived: nothing was posted for it.
    await emu.callbackOf(emu.slashCommand("help"));
    expect(emu.requests.filter((r) => r.path.startsWith("/channels/"))).toEqual([]);
  });

  it("rejects a wrong token", async () => {
    const { config, log } = await setup();
    await expect(startBot({ config: { ...config, DISCORD_TOKEN: "wrong" }, engine, log })).rejects.toMatchObject({ code: "TokenInvalid" });
  });

  it("explains a Message Content intent the application may not use", async () => {
    const { config, log } = await setup({}, { allowedPrivilegedIntents: 0 });
    await expect(startBot({ config, engine, log })).rejects.toThrow(/Privileged Gateway Intents.*MENTIONS_ENABLED=false/);
  });

  it("never writes the token to the log", async () => {
    const { emu, config, log, lines } = await setup();
    const bot = await startBot({ config, engine, log });
    await emu.callbackOf(emu.slashCommand("help"));
    await bot.stop();
    await bot.stop();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("")).not.toContain(emu.token);
  });
});
