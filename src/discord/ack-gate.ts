/**
 * First responses before answers. Every interaction is held from its arrival until its first
 * response (the deferral or the reply) is done; the finishing of answers (formatting, records,
 * the edit) waits while any are held, so that in a burst the acknowledgements Discord wants
 * within 3 seconds get the main thread first. An answer waits at most a moment; those that have
 * waited that long then go one per turn of the event loop, so that the interactions arriving
 * meanwhile are still read and acknowledged between them rather than after all of them.
 */

/** Longest an answer waits for the acknowledgements ahead of it, so a steady stream cannot starve answers. */
const MAX_WAIT_MS = 2000;

export class AckGate {
  private readonly held = new WeakSet<object>();
  private count = 0;
  /** Answers waiting for the acknowledgements to be done. */
  private waiting = new Set<() => void>();
  /** Answers that waited MAX_WAIT_MS, let through one per turn. */
  private readonly overdue: (() => void)[] = [];
  private draining = false;

  /** `interaction` has arrived and has no first response yet. */
  hold(interaction: object): void {
    if (this.held.has(interaction)) return;
    this.held.add(interaction);
    this.count++;
  }

  /** Its first response is done (or will never come); safe to call more than once. */
  release(interaction: object): void {
    if (!this.held.delete(interaction)) return;
    if (--this.count > 0) return;
    const all = [...this.waiting, ...this.overdue.splice(0)];
    this.waiting = new Set();
    for (const wake of all) wake();
  }

  /** Resolves once no interaction waits for its first response, or once its turn comes after MAX_WAIT_MS. */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!this.waiting.delete(wake)) return;
        this.overdue.push(resolve);
        this.drain();
      }, MAX_WAIT_MS);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiting.add(wake);
    });
  }

  /** One overdue answer per turn of the event loop: setImmediate runs after the loop has read its input. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const next = () => {
      const wake = this.overdue.shift();
      if (!wake) {
        this.draining = false;
        return;
      }
      wake();
      setImmediate(next);
    };
    setImmediate(next);
  }
}
