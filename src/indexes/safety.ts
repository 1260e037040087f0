/**
 * Refusals and failures of a rebuild that leave the old index in place, with reasons short
 * enough and free enough of host paths to show a moderator.
 */

/** A rebuild that would throw away most of a good index; a moderator may confirm it (`force`). */
export class IndexRefused extends Error {
  override name = "IndexRefused";
}

/** The new index could not be written (disk full, folder read-only); the old one is still live. */
export class IndexWriteError extends Error {
  override name = "IndexWriteError";
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An index at least this big counts as "many passages" worth guarding. */
const GUARDED_PASSAGES = 50;

export interface IndexSize {
  papers: number;
  passages: number;
}

/** Why a rebuild from `next` should not replace `previous` without confirmation, or undefined. */
export function shrinkReason(previous: IndexSize | undefined, next: IndexSize): string | undefined {
  if (!previous || previous.passages === 0) return undefined;
  if (next.papers === 0) return `the corpus has no readable papers now, so the index of ${previous.papers} paper(s) was kept`;
  if (previous.passages >= GUARDED_PASSAGES && next.passages < previous.passages / 2) {
    return `the new index would hold ${next.passages} passages from ${next.papers} paper(s), against ${previous.passages} from ${previous.papers} now, so the old index was kept`;
  }
  return undefined;
}

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EROFS: "the index folder is read-only",
  EACCES: "the index folder may not be written to",
  EPERM: "the index folder may not be written to",
};

/** A write error as a short reason, or undefined when it is not a write failure. `kept`: there is an old index still live. */
export function writeFailure(err: unknown, kept = true): IndexWriteError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code && WRITE_FAILURES[code];
  const after = kept ? " The old index is kept." : "";
  return reason ? new IndexWriteError(`The new index could not be saved: ${reason}.${after}`, code, { cause: err }) : undefined;
}

/** A message with any absolute path cut to its last part: for text a user or a log may see. */
export function withoutPaths(message: string): string {
  return message.replace(/(?:[A-Za-z]:)?[\\/](?:[^\s'"`\\/]+[\\/])+([^\s'"`\\/]*)/g, (_, last: string) => last || "…");
}
