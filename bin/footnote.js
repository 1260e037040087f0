#!/usr/bin/env node
// The `footnote` command. In a clone (src/ present) it runs the sources through tsx, so it is
// never older than the code; in a build without src/ (the Docker image) it runs dist/.
import { existsSync } from "node:fs";

const source = new URL("../src/terminal/cli.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import(new URL("../dist/terminal/cli.js", import.meta.url).href);
}
