/** Groups embeds into messages, each within Discord's per-message limits, keeping their order. */
import { LIMITS } from "./limits.js";
import type { EmbedSpec, Page } from "./types.js";

export function embedSize(embed: EmbedSpec): number {
  return (embed.title?.length ?? 0) + embed.description.length + (embed.footer?.length ?? 0);
}

/** Every embed must already fit on its own (quoteEmbeds and the other formatters see to that). */
export function paginate(embeds: readonly EmbedSpec[]): Page[] {
  const pages: Page[] = [];
  let current: EmbedSpec[] = [];
  let size = 0;
  for (const embed of embeds) {
    const s = embedSize(embed);
    if (s > LIMITS.embedTotal || embed.description.length > LIMITS.embedDescription || (embed.title?.length ?? 0) > LIMITS.embedTitle) {
      throw new RangeError(`an embed of ${s} characters cannot fit in a message`);
    }
    if (current.length === LIMITS.embedsPerMessage || size + s > LIMITS.embedTotal) {
      pages.push({ embeds: current, actions: [] });
      current = [];
      size = 0;
    }
    current.push(embed);
    size += s;
  }
  if (current.length) pages.push({ embeds: current, actions: [] });
  return pages;
}
