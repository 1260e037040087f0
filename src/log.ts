/** One logger for the whole app. Secrets never reach it: tokens are redacted by key wherever they appear. */
import { pino, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

const REDACT = ["token", "*.token", "DISCORD_TOKEN", "*.DISCORD_TOKEN", "headers.authorization", "*.headers.authorization"];

export interface LoggerOptions {
  /** One readable line per message on stderr, for people at a terminal; JSON lines otherwise, for services. */
  pretty?: boolean;
  /** Colour the readable lines (the caller knows whether stderr is a terminal and NO_COLOR is unset). */
  colour?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const destination =
    options.destination ?? (options.pretty ? pretty({ destination: 2, ignore: "pid,hostname,time", colorize: options.colour === true }) : process.stderr);
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT, censor: "[redacted]" },
    },
    destination,
  );
}
