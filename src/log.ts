/** One logger for the whole app. Secrets never reach it: tokens are redacted by key wherever they appear. */
import { pino, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

const REDACT = ["token", "*.token", "DISCORD_TOKEN", "*.DISCORD_TOKEN", "headers.authorization", "*.headers.authorization"];

/** JSON lines for services; `pretty` gives people at a terminal one readable line per message on stderr. */
export function createLogger(level: string, options: { pretty?: boolean; destination?: NodeJS.WritableStream } = {}): Logger {
  const destination =
    options.destination ?? (options.pretty ? pretty({ destination: 2, ignore: "pid,hostname,time", colorize: process.stderr.isTTY }) : process.stderr);
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT, censor: "[redacted]" },
    },
    destination,
  );
}
