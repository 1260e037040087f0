/** The engine a server's requests go to: its own library's when it has one, else the shared one. */
import type { Engine } from "../engine-api.js";
import type { BotContext } from "./context.js";

export function engineFor(ctx: Pick<BotContext, "engine" | "libraries">, guildId: string | null): Promise<Engine> {
  return ctx.libraries ? ctx.libraries.engineFor(guildId) : Promise.resolve(ctx.engine);
}
