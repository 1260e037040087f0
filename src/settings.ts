/**
 * Reads `.env` (beside package.json) and the environment once, for the entry points; relative
 * folders are read from the package's folder, not the current one, so `node dist/main.js` works
 * from anywhere. A bad value ends the program with a clear message.
 */
import path from "node:path";
import dotenv from "dotenv";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { PACKAGE_ROOT } from "./package-root.js";

export function settingsOrExit(): Config {
  dotenv.config({ path: path.join(PACKAGE_ROOT, ".env"), quiet: true });
  try {
    return loadConfig(process.env, PACKAGE_ROOT);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}
