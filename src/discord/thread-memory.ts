/** The questions asked so far in each thread the bot started, so follow-ups can be read in context. */
import { BoundedMap } from "./bounded-map.js";

const THREADS = 1000;
/** The engine reads only the last few; more would just hold memory. */
const QUESTIONS_PER_THREAD = 10;

export class ThreadMemory {
  private readonly threads = new BoundedMap<string, string[]>(THREADS);

  /** Earlier questions, oldest first (empty for an unknown thread, e.g. after a restart). */
  history(threadId: string): string[] {
    return [...(this.threads.get(threadId) ?? [])];
  }

  remember(threadId: string, question: string): void {
    const questions = [...(this.threads.get(threadId) ?? []), question].slice(-QUESTIONS_PER_THREAD);
    this.threads.set(threadId, questions);
  }
}
