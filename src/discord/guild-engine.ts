/** The engine a server's requests go to: its own library's when it has one, else the shared one. */
import { MessageFlags, type RepliableInteraction } from "discord.js";
import type { Engine, PaperMeta } from "../engine-api.js";
import type { BotContext } from "./context.js";
import { errorFields } from "./error-fields.js";
import type { Requester } from "./requester.js";

export function engineFor(ctx: Pick<BotContext, "engine" | "libraries">, guildId: string | null): Promise<Engine> {
  return ctx.libraries ? ctx.libraries.engineFor(guildId) : Promise.resolve(ctx.engine);
}

/**
 * The server's engine if it is open already (always so for a server without a library of its own);
 * undefined while its library must first be opened, which then starts, so that the next request
 * finds it open.
 */
export function engineNow(ctx: Pick<BotContext, "engine" | "libraries" | "log">, guildId: string | null): Engine | undefined {
  if (!ctx.libraries) return ctx.engine;
  const engine = ctx.libraries.engineNow(guildId);
  if (!engine) void ctx.libraries.engineFor(guildId).catch((err: unknown) => ctx.log.warn(errorFields(err), "Could not open a server's library."));
  return engine;
}

/**
 * The server's engine for a reply that needs it: at once when it is open; else the reply is
 * deferred first (privately with `private`), since opening a library can outlast Discord's 3 s.
 * Reply with replyWith (respond.ts), which edits a deferred reply.
 */
export async function engineToReply(interaction: RepliableInteraction, ctx: BotContext, opts: { private?: boolean } = {}): Promise<Engine> {
  const ready = engineNow(ctx, interaction.guildId);
  if (ready) return ready;
  await interaction.deferReply(opts.private ? { flags: MessageFlags.Ephemeral } : {});
  ctx.acks.release(interaction);
  return engineFor(ctx, interaction.guildId);
}

/**
 * The papers a server's requests may name, known without opening its library's engine (so before
 * the acknowledgement): the shared ones and the server's own.
 */
export function papersFor(ctx: Pick<BotContext, "engine" | "libraries" | "log">, guildId: string | null): Pick<PaperMeta, "id" | "title">[] {
  return [...ctx.engine.papers(), ...ownPapers(ctx, guildId).map((p) => ({ id: p.paperId, title: p.title }))];
}

/** The server's own papers; none while the database cannot be read, so that questions still get answers. */
function ownPapers(ctx: Pick<BotContext, "libraries" | "log">, guildId: string | null) {
  if (!guildId || !ctx.libraries?.hasOwn(guildId)) return [];
  try {
    return ctx.libraries.papers(guildId);
  } catch (err) {
    ctx.log.warn(errorFields(err), "Could not read the papers a server added; offering the shared ones.");
    return [];
  }
}

/**
 * `work` on the requester's engine, as queued work (ctx.work). A server's library answers in this
 * thread and may first have to be opened, even built, so it is looked up inside the job and only
 * once the acknowledgements waiting ahead of it are out; a server without one goes straight to
 * ctx.engine (the worker pool, when there is one).
 */
export function queuedOnEngine<T>(ctx: BotContext, requester: Requester, work: (engine: Engine) => Promise<T>): Promise<T> {
  return ctx.work.run(requester, async () => {
    if (!ctx.libraries?.hasOwn(requester.guildId)) return work(ctx.engine);
    await ctx.acks.idle();
    return work(await ctx.libraries.engineFor(requester.guildId));
  });
}
