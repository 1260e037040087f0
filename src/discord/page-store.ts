/** Replies too long for one message, kept in memory so "More" buttons can fetch their next page. */
import { randomBytes } from "node:crypto";
import { BoundedMap } from "./bounded-map.js";
import type { Page } from "./format/types.js";

/** Enough for the recent conversation; an older button says its reply has expired. */
const CAPACITY = 500;

export class PageStore {
  private readonly entries = new BoundedMap<string, Page[]>(CAPACITY);

  /**
   * Stores `pages`, each but the last given a `nextLabel` button to the one after, and returns the
   * key. Keys are random so a button from before a restart never fetches someone else's pages.
   */
  put(pages: readonly Page[], nextLabel: string): string {
    const key = randomBytes(6).toString("base64url");
    const linked = pages.map((page, i) =>
      i < pages.length - 1
        ? { ...page, actions: [...page.actions, { kind: "page" as const, key, index: i + 1, label: nextLabel }] }
        : page,
    );
    this.entries.set(key, linked);
    return key;
  }

  /** Stores `pages` as `put` does and returns the first, the one to send now. */
  start(pages: readonly Page[], nextLabel: string): Page {
    return this.get(this.put(pages, nextLabel), 0)!;
  }

  get(key: string, index: number): Page | undefined {
    return this.entries.get(key)?.[index];
  }
}
