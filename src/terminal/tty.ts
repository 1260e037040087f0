/**
 * How terminal output looks: ANSI bold and dim only on a terminal and never when NO_COLOR is set
 * (https://no-color.org); text wrapped at the terminal's width, or at COLUMNS when the output is
 * piped and COLUMNS says how wide to make it.
 */
import { ANSI, PLAIN, type Layout } from "./format.js";

export interface OutputStream {
  isTTY?: boolean;
  columns?: number;
}

export function colourFor(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** Read afresh for each answer, so a resized window wraps at its new width. */
export function layoutFor(stream: OutputStream, env: NodeJS.ProcessEnv): Layout {
  const columns = stream.isTTY ? stream.columns : Number(env.COLUMNS);
  const style = colourFor(stream, env) ? ANSI : PLAIN;
  return columns && Number.isInteger(columns) && columns > 0 ? { style, width: columns } : { style };
}
