/**
 * An evidence pack as messages: one per side asked for, each its own pages, so that both sides
 * show in the channel rather than one hiding behind the other's "More" button. Every card is a
 * verbatim quote with its tag as the title and its citation in the footer; quotes are never cut.
 */
import { LIMITS } from "./limits.js";
import { bold, echoText, italic, shorten, shortenEscaped } from "./markdown.js";
import { paginate } from "./paginate.js";
import { quoteEmbeds } from "./quote.js";
import type { Page } from "./types.js";
import type { EvidencePack, Side } from "../../engine-api.js";

const SIDE_NAMES: Record<Side, string> = { for: "For", against: "Against" };
/** The motion is echoed only as a reminder, so a long one is shortened. */
const ECHO_LENGTH = 300;

const onePage = (description: string): Page[] => [{ embeds: [{ description }], actions: [] }];

function sidePages(pack: EvidencePack, side: Side, motion: string): Page[] {
  const heading = `${bold(SIDE_NAMES[side])} · ${motion}`;
  const cards = pack[side];
  if (cards.length === 0) return onePage(`${heading}\n\nNo evidence found on this side.`);
  return paginate([
    { description: heading },
    ...cards.flatMap((card) =>
      quoteEmbeds({ title: shortenEscaped(card.tag, LIMITS.embedTitle), text: card.quote, citation: card.citation, cites: card.cites }),
    ),
  ]);
}

/** The pages of each message to send, in order. */
export function debateMessages(pack: EvidencePack): Page[][] {
  const motion = italic(echoText(shorten(pack.motion, ECHO_LENGTH)));
  if (!pack.covered) {
    return [onePage(`${motion}\n\nThe papers don't cover this motion, so there is no evidence to quote for or against it.`)];
  }
  return pack.sides.map((side) => sidePages(pack, side, motion));
}
