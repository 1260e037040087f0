/** The engine a server's requests go to: its own library's when it has one, else the shared one. */
import type { Engine, PaperMeta } from "../engine-api.js";
import type { BotContext } from "./context.js";
import type { Requester } from "./requester.js";

export function engineFor(ctx: Pick<BotContext, "engine" | "libraries">, guildId: string | null): Promise<Engine> {
  return ctx.libraries ? ctx.libraries.engineFor(guildId) : Promise.resolve(ctx.engine);
}

/**
 * The papers a server's requests may name, known without opening its library's engine (so before
 * the acknowledgement): the shared ones and the server's own.
 */
export function papersFor(ctx: Pick<BotContext, "engine" | "libraries">, guildId: string | null): Pick<PaperMeta, "id" | "title">[] {
  const own = guildId ? (ctx.libraries?.papers(guildId) ?? []) : [];
  return [...ctx.engine.papers(), ...own.map((p) => ({ id: p.paperId, title: p.title }))];
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
