import { PermissionFlagsBits, PermissionsBitField, type Channel } from "discord.js";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type ServerSettings } from "../src/db/server-settings.js";
import { gatewayIntents } from "../src/discord/bot.js";
import { BoundedMap } from "../src/discord/bounded-map.js";
import { sectionChoices } from "../src/discord/commands/quote.js";
import { helpText } from "../src/discord/commands/help.js";
import { decodeCustomId, encodeCustomId } from "../src/discord/custom-id.js";
import type { Page } from "../src/discord/format/types.js";
import { Guards } from "../src/discord/guards.js";
import { questionFrom } from "../src/discord/mentions.js";
import type { Requester } from "../src/discord/requester.js";
import { PageStore } from "../src/discord/page-store.js";
import { pageMessage, textMessage } from "../src/discord/render.js";

const channel = (id: string, parentId?: string) =>
  ({ id, parentId, isThread: () => parentId !== undefined }) as unknown as Channel;

const STUDY = "111111111111111111";
const OTHER = "222222222222222222";
const GUILD = "555555555555555555";
const ROLE = "666666666666666666";

describe("Guards", () => {
  const guards = (allowed: string[] = [], perMinute = 2, settings: Partial<ServerSettings> = {}) =>
    new Guards(
      { ALLOWED_CHANNELS: allowed, RATE_LIMIT_PER_MINUTE: perMinute, MAX_QUESTION_LENGTH: 20 },
      // Read on every request, so a test can change a setting between requests.
      { get: () => ({ ...DEFAULT_SETTINGS, ...settings }) },
    );
  const asks = (userId: string, ch: Channel | null, guildId: string | null = GUILD, channelId = ch?.id ?? null): Requester => ({
    userId,
    guildId,
    channelId,
    channel: ch,
  });
  const refusal = async (g: Guards, requester: Requester) => (await g.admit(requester)).refusal;

  it("allows a user RATE_LIMIT_PER_MINUTE requests a minute, each user separately", async () => {
    const g = guards();
    expect(await refusal(g, asks("a", channel(STUDY)))).toBeUndefined();
    expect(await refusal(g, asks("a", channel(STUDY)))).toBeUndefined();
    expect(await refusal(g, asks("a", channel(STUDY)))).toMatch(/^You've reached 2 requests a minute; please try again in \d+ s\.$/);
    expect(await refusal(g, asks("b", channel(STUDY)))).toBeUndefined();
  });

  it("answers only in allowed channels and their threads, naming them", async () => {
    const g = guards([STUDY]);
    expect(await refusal(g, asks("a", channel(OTHER)))).toBe(`I only answer in <#${STUDY}>.`);
    expect(await refusal(g, asks("a", channel("333333333333333333", STUDY)))).toBeUndefined();
    expect(await refusal(g, asks("a", null))).toMatch(/only answer/);
  });

  it("goes by the channel's id when discord.js has not cached the channel", async () => {
    const g = guards([STUDY], 10, { channels: [STUDY] });
    expect(await refusal(g, asks("a", null, GUILD, STUDY))).toBeUndefined();
    expect(await refusal(g, asks("a", null, GUILD, OTHER))).toBe(`I only answer in <#${STUDY}>.`);
  });

  it("answers anywhere, even in an uncached channel, when no list is set", async () => {
    expect(await refusal(guards(), asks("a", null))).toBeUndefined();
  });

  it("needs a channel on both the operator's and the server's list, naming only those on both", async () => {
    const g = guards([STUDY, OTHER], 10, { channels: [OTHER] });
    expect(await refusal(g, asks("a", channel(STUDY)))).toBe(`I only answer in <#${OTHER}>.`);
    expect(await refusal(g, asks("a", channel(OTHER)))).toBeUndefined();
    expect(await refusal(guards([STUDY], 10, { channels: [OTHER] }), asks("a", channel(OTHER)))).toMatch(/any channel of this server.*\/config channels/);
    expect(await refusal(guards([], 10, { channels: [OTHER] }), asks("a", channel(STUDY)))).toBe(`I only answer in <#${OTHER}>.`);
  });

  it("refuses a channel before spending the user's allowance", async () => {
    const g = guards([STUDY], 1);
    await g.admit(asks("a", channel(OTHER)));
    expect(await refusal(g, asks("a", channel(STUDY)))).toBeUndefined();
  });

  it("keeps each member to the server's cooldown, per server", async () => {
    const g = guards([], 10, { cooldownSeconds: 30 });
    expect(await refusal(g, asks("a", channel(STUDY)))).toBeUndefined();
    expect(await refusal(g, asks("a", channel(STUDY)))).toMatch(/^This server asks for 30 s between requests; please try again in (29|30) s\.$/);
    expect(await refusal(g, asks("b", channel(STUDY)))).toBeUndefined();
    expect(await refusal(g, asks("a", channel(STUDY), "444444444444444444"))).toBeUndefined();
  });

  it("limits the server as a whole, and a refused request costs the member nothing", async () => {
    const settings: Partial<ServerSettings> = { answersPerMinute: 1 };
    const g = guards([], 2, settings);
    expect(await refusal(g, asks("a", channel(STUDY)))).toBeUndefined();
    expect(await refusal(g, asks("b", channel(STUDY)))).toMatch(/^This server has had its 1 requests this minute/);
    // b's refused request gave its point back: with the server limit lifted, b still has both.
    settings.answersPerMinute = 0;
    expect(await refusal(g, asks("b", channel(STUDY)))).toBeUndefined();
    expect(await refusal(g, asks("b", channel(STUDY)))).toBeUndefined();
    expect(await refusal(g, asks("b", channel(STUDY)))).toMatch(/^You've reached 2 requests a minute/);
  });

  it("gives back every point a request took when it is refused after all, once", async () => {
    const g = guards([], 1, { cooldownSeconds: 30, answersPerMinute: 1 });
    const first = await g.admit(asks("a", channel(STUDY)));
    if (first.refusal !== undefined) throw new Error(first.refusal);
    await first.refund();
    await first.refund();
    expect(await refusal(g, asks("a", channel(STUDY)))).toBeUndefined();
    expect(await refusal(g, asks("a", channel(STUDY)))).toMatch(/^You've reached 1 requests a minute/);
  });

  it("lets only the configured roles debate; no roles means everyone", () => {
    expect(guards().debateRefusal(GUILD, [])).toBeUndefined();
    const g = guards([], 2, { debateRoles: [ROLE] });
    expect(g.debateRefusal(GUILD, [GUILD, ROLE])).toBeUndefined();
    expect(g.debateRefusal(GUILD, [GUILD])).toBe(`Only members with <@&${ROLE}> can use /debate here.`);
  });

  it("lets only Manage Server (or Administrator) use moderator commands", () => {
    const g = guards();
    expect(g.moderatorRefusal(new PermissionsBitField(PermissionFlagsBits.ManageGuild))).toBeUndefined();
    expect(g.moderatorRefusal(new PermissionsBitField(PermissionFlagsBits.Administrator))).toBeUndefined();
    expect(g.moderatorRefusal(new PermissionsBitField(PermissionFlagsBits.SendMessages))).toMatch(/Manage Server/);
    expect(g.moderatorRefusal(null)).toMatch(/Manage Server/);
  });

  it("limits question length", () => {
    expect(guards().questionTooLong("x".repeat(20))).toBeUndefined();
    expect(guards().questionTooLong("x".repeat(21))).toBe("That question is 21 characters long; the limit is 20. Please ask something shorter.");
  });
});

describe("custom ids", () => {
  it("round-trips every kind of button", () => {
    for (const action of [
      { kind: "passage", passageId: "focused-on-iran.md#5.1.1", label: "Show 1" },
      { kind: "page", key: "a-b_c", index: 3, label: "More" },
      { kind: "vote", questionId: 42, vote: "down" },
    ] as const) {
      const { label: _label, ...target } = action as typeof action & { label?: string };
      expect(decodeCustomId(encodeCustomId(action)!)).toEqual(target);
    }
  });

  it("gives no id when it would pass Discord's 100 characters, and rejects foreign ids", () => {
    expect(encodeCustomId({ kind: "passage", passageId: `${"x".repeat(95)}#1.1`, label: "Show" })).toBeUndefined();
    expect(decodeCustomId("vote:maybe:1")).toBeUndefined();
    expect(decodeCustomId("something-else")).toBeUndefined();
  });
});

describe("PageStore and BoundedMap", () => {
  const page = (n: number): Page => ({ embeds: [{ description: `page ${n}` }], actions: [] });

  it("links each page to the next with the given label", () => {
    const store = new PageStore();
    const first = store.start([page(1), page(2), page(3)], "More");
    const next = first.actions[0]!;
    expect(next).toMatchObject({ kind: "page", index: 1, label: "More" });
    const key = (next as { key: string }).key;
    expect(store.get(key, 1)!.actions).toMatchObject([{ kind: "page", key, index: 2 }]);
    expect(store.get(key, 2)!.actions).toEqual([]);
    expect(store.get("unknown", 0)).toBeUndefined();
  });

  it("forgets the least recently used entry when full", () => {
    const map = new BoundedMap<string, number>(2);
    map.set("a", 1);
    map.set("b", 2);
    map.get("a");
    map.set("c", 3);
    expect([map.get("a"), map.get("b"), map.get("c"), map.size]).toEqual([1, undefined, 3, 2]);
  });
});

describe("messages", () => {
  it("every payload sets empty allowed mentions", () => {
    const page: Page = { embeds: [{ description: "@everyone" }], actions: [{ kind: "vote", questionId: 1, vote: "up" }] };
    expect(pageMessage(page).allowedMentions).toEqual({ parse: [] });
    expect(textMessage("@here").allowedMentions).toEqual({ parse: [] });
  });

  it("puts buttons in rows of five", () => {
    const actions = Array.from({ length: 7 }, (_, i) => ({ kind: "passage" as const, passageId: `p#${i}`, label: `Show ${i + 1}` }));
    const rows = pageMessage({ embeds: [{ description: "x" }], actions }).components.map((r) => r.toJSON().components.length);
    expect(rows).toEqual([5, 2]);
  });

  it("strips only the bot's own mention from a question", () => {
    expect(questionFrom("<@123> when was <@!123> it?  <@456>", "123")).toBe("when was it? <@456>");
  });

  it("mentions thread follow-ups in /help only when mentions are on", () => {
    expect(helpText(true)).toMatch(/Mention me/);
    expect(helpText(false)).not.toMatch(/Mention me/);
  });

  it("asks for the privileged intents only with mentions on", () => {
    expect(gatewayIntents(false)).toEqual([1]);
    expect(gatewayIntents(true)).toEqual([1, 512, 32768]);
  });
});

describe("sectionChoices", () => {
  const sections = [
    { paperId: "a", paper: "A", title: "Introduction", paragraphs: 2 },
    { paperId: "a", paper: "A", title: "Energy Security", paragraphs: 4 },
    { paperId: "b", paper: "B", title: "Introduction", paragraphs: 5 },
    { paperId: "b", paper: "B", title: "x".repeat(101), paragraphs: 1 },
  ];

  it("filters by what was typed and merges titles several papers share", () => {
    expect(sectionChoices(sections, "INTRO")).toEqual([{ name: "Introduction (in 2 papers)", value: "Introduction" }]);
    expect(sectionChoices(sections, "")).toEqual([
      { name: "Introduction (in 2 papers)", value: "Introduction" },
      { name: "Energy Security (4 ¶)", value: "Energy Security" },
    ]);
  });

  it("offers at most 25", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ paperId: "a", paper: "A", title: `Section ${i}`, paragraphs: 1 }));
    expect(sectionChoices(many, "")).toHaveLength(25);
  });
});
