/** Every setting, read once from the environment and validated, with one clear message per bad value. */
import os from "node:os";
import path from "node:path";
import { z } from "zod";

export const DEFAULT_MODEL = "footnote-glove-100d";

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", "on", "off", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : ["true", "1", "yes", "on"].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const dir = (root: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const value = v === undefined || v.trim() === "" ? fallback : v.trim();
      if (value.includes("\0")) {
        ctx.addIssue({ code: "custom", message: "must be a folder path" });
        return z.NEVER;
      }
      return path.resolve(root, value);
    });

const snowflakeList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const ids = (v ?? "").split(/[\s,]+/).filter(Boolean);
    const bad = ids.filter((id) => !/^\d{17,20}$/.test(id));
    if (bad.length) {
      ctx.addIssue({ code: "custom", message: `must be Discord channel ids separated by commas; not ids: ${bad.join(", ")}` });
      return z.NEVER;
    }
    return ids;
  });

/** Relative folders are read from `root`, so a program started in another folder finds the same ones. */
const schemaFor = (root: string) => z.object({
  CORPUS_DIR: dir(root, "corpus"),
  INDEX_DIR: dir(root, "index"),
  MODELS_DIR: dir(root, "models"),
  DATA_DIR: dir(root, "data"),
  EMBEDDING_MODEL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : DEFAULT_MODEL))
    .pipe(z.string().regex(/^[\w.-]+(\/[\w.-]+)?$/, 'must be "footnote-glove-100d" or a Hugging Face model id like "Xenova/all-MiniLM-L6-v2"')),
  MODEL_CACHE_DIR: dir(root, "models/.cache"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional().default("info"),
  MAX_QUESTION_LENGTH: int(500, 20, 4000),
  DISCORD_TOKEN: z.string().optional().transform((v) => (v?.trim() ? v.trim() : undefined)),
  DISCORD_API_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim().replace(/\/+$/, "") : "https://discord.com/api"))
    .pipe(z.string().url("must be a URL such as https://discord.com/api")),
  DISCORD_GUILD_ID: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .pipe(z.string().regex(/^\d{17,20}$/, "must be a Discord server id (17 to 20 digits)").optional()),
  MENTIONS_ENABLED: bool(true),
  ALLOWED_CHANNELS: snowflakeList,
  RATE_LIMIT_PER_MINUTE: int(6, 1, 600),
  LOG_RETENTION_DAYS: int(30, 0, 3650),
  MAX_FILE_MB: int(50, 1, 4096),
  MAX_PDF_PAGES: int(1500, 1, 100_000),
  MAX_UNPACKED_MB: int(200, 1, 4096),
  MAX_HTML_DEPTH: int(400, 20, 100_000),
  // The Discord bot answers in this many worker threads (0: in the main thread); one per core by default.
  ANSWER_WORKERS: int(Math.min(8, os.availableParallelism()), 0, 64),
  // A build embeds in this many worker threads (1: in the main thread); one per core by default.
  EMBED_THREADS: int(Math.min(8, os.availableParallelism()), 1, 64),
  // Questions that may wait for a worker; beyond that, askers are told the bot is busy.
  QUEUE_SIZE: int(1000, 1, 100_000),
  LIBRARY_MAX_FILE_MB: int(25, 1, 500),
  LIBRARY_MAX_PAPERS: int(50, 0, 10_000),
  LIBRARY_MAX_PASSAGES: int(20_000, 1, 1_000_000),
  LIBRARY_CONCURRENT_BUILDS: int(2, 1, 64),
  LIBRARY_OPEN_MAX: int(32, 1, 10_000),
  LIBRARY_IDLE_MINUTES: int(15, 1, 10_080),
  LIBRARY_DOWNLOAD_SECONDS: int(60, 1, 3600),
  LIBRARY_RETENTION_DAYS: int(30, 0, 3650),
  DISCORD_CDN_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim().replace(/\/+$/, "") : "https://cdn.discordapp.com"))
    .pipe(z.string().url("must be a URL such as https://cdn.discordapp.com")),
});

export type Config = z.output<ReturnType<typeof schemaFor>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every setting.`);
    this.name = "ConfigError";
  }
}

/**
 * Reads settings from `env` (not process.env directly, so tests and adapters can pass their own);
 * relative folders are resolved against `root`, the current folder unless given.
 */
export function loadConfig(env: Record<string, string | undefined>, root = process.cwd()): Config {
  const parsed = schemaFor(root).safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return parsed.data;
}
