/**
 * The folder that holds package.json, found from this file's own place: `src/` when run from a
 * clone with tsx, `dist/` when run from a build, so both resolve the same folders and `.env`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const PACKAGE_ROOT = path.resolve(import.meta.dirname, "..");

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}
