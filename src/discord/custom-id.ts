/**
 * Button custom ids: what a button does, in at most 100 characters. Passage and vote buttons carry
 * everything they need, so they keep working after a restart; page buttons point into the PageStore.
 */
import { LIMITS } from "./format/limits.js";
import type { Action } from "./format/types.js";

export type ButtonTarget =
  | { kind: "passage"; passageId: string }
  | { kind: "page"; key: string; index: number }
  | { kind: "vote"; questionId: number; vote: "up" | "down" };

/** Undefined when the id would be too long (a passage id from a very long file name): no button then. */
export function encodeCustomId(action: Action): string | undefined {
  const id =
    action.kind === "passage"
      ? `passage:${action.passageId}`
      : action.kind === "page"
        ? `page:${action.key}:${action.index}`
        : `vote:${action.vote}:${action.questionId}`;
  return id.length <= LIMITS.customId ? id : undefined;
}

export function decodeCustomId(id: string): ButtonTarget | undefined {
  const parts = /^(\w+):(.+)$/s.exec(id);
  if (!parts) return undefined;
  const [, kind, rest] = parts as unknown as [string, string, string];
  if (kind === "passage") return { kind, passageId: rest };
  let m: RegExpExecArray | null;
  if (kind === "page" && (m = /^([\w-]+):(\d+)$/.exec(rest))) return { kind, key: m[1]!, index: Number(m[2]) };
  if (kind === "vote" && (m = /^(up|down):(\d+)$/.exec(rest))) {
    return { kind, vote: m[1] as "up" | "down", questionId: Number(m[2]) };
  }
  return undefined;
}
