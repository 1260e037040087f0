/**
 * First responses before answers. Every interaction is held from its arrival until its first
 * response (the deferral or the reply) is done; the finishing of answers (formatting, records,
 * the edit) waits while any are held, for at most a moment, so that in a burst the
 * acknowledgements Discord wants within 3 seconds get the main thread first.
 */

/** Longest an answer waits for the acknowledgements ahead of it, so a steady stream cannot starve answers. */
const MAX_WAIT_MS = 2000;

export class AckGate {
  private readonly held = new WeakSet<object>();
  private count = 0;
  private waiters: (() => void)[] = [];

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
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once no interaction waits for its first response, or after MAX_WAIT_MS. */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, MAX_WAIT_MS);
      this.waiters.push(() => (clearTimeout(timer), resolve()));
    });
  }
}
