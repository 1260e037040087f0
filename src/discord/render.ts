/** Turns formatted pages into discord.js message payloads. Every payload pings no one. */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIEmbed, type MessageMentionOptions } from "discord.js";
import { encodeCustomId } from "./custom-id.js";
import { LIMITS } from "./format/limits.js";
import { shorten } from "./format/markdown.js";
import type { Action, Page } from "./format/types.js";

/** Also the client's default; repeated on each payload so no reply depends on that default alone. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

const EMBED_COLOR = 0x4f6d8f;

function button(action: Action): ButtonBuilder | undefined {
  const customId = encodeCustomId(action);
  if (!customId) return undefined;
  const b = new ButtonBuilder().setCustomId(customId);
  if (action.kind === "vote") {
    return b.setEmoji(action.vote === "up" ? "👍" : "👎").setStyle(ButtonStyle.Secondary);
  }
  return b
    .setLabel(shorten(action.label, LIMITS.buttonLabel))
    .setStyle(action.kind === "page" ? ButtonStyle.Primary : ButtonStyle.Secondary);
}

/** Buttons in rows of five, in the order given; more than 25 would not fit and are dropped. */
function rows(actions: readonly Action[]): ActionRowBuilder<ButtonBuilder>[] {
  const buttons = actions.flatMap((a) => button(a) ?? []).slice(0, LIMITS.buttonsPerRow * LIMITS.rowsPerMessage);
  const result: ActionRowBuilder<ButtonBuilder>[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
    result.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons.slice(i, i + LIMITS.buttonsPerRow)));
  }
  return result;
}

function embed(spec: Page["embeds"][number]): APIEmbed {
  return {
    color: EMBED_COLOR,
    ...(spec.title ? { title: spec.title } : {}),
    description: spec.description,
    ...(spec.footer ? { footer: { text: spec.footer } } : {}),
  };
}

export function pageMessage(page: Page) {
  return { content: "", embeds: page.embeds.map(embed), components: rows(page.actions), allowedMentions: NO_MENTIONS };
}

/** A plain-text message: help, refusals, errors, acknowledgements. */
export function textMessage(text: string) {
  return { content: text, embeds: [], components: [], allowedMentions: NO_MENTIONS };
}
