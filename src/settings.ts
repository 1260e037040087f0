/** Reads `.env` and the environment once, for the entry points; a bad value ends the program with a clear message. */
import "dotenv/config";
import { ConfigError, loadConfig, type Config } from "./config.js";

export function settingsOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}
