/**
 * The REST half of the emulator: the routes a bot uses to log in, answer interactions, post into
 * channels and threads, and register commands. Every request is recorded for assertions.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Faults } from "./faults.js";
import { MESSAGE_FLAGS, type InteractionState, type World } from "./world.js";
import { PERMISSION, type MessageObject } from "./objects.js";

export interface RecordedRequest {
  method: string;
  /** Without the /api/v10 prefix, percent-decoded: "/webhooks/APP/TOKEN/messages/@original". */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** Parsed JSON (a multipart upload's `payload_json`), or undefined when there is no body. */
  body: any;
  /** The files of a multipart upload, in order. */
  files: UploadedFile[];
  status: number;
  response: any;
}

export interface UploadedFile {
  /** The form field: "files[0]", … */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (params: string[], body: any, files: UploadedFile[]) => Reply;

const ok = (body: unknown): Reply => ({ status: 200, body });
const noContent: Reply = { status: 204 };
const error = (status: number, code: number, message: string): Reply => ({ status, body: { code, message } });

export interface RestHooks {
  /** The gateway URL handed out by GET /gateway/bot. */
  gatewayUrl(): string;
  /** Called for messages the bot creates, so the gateway can echo them as MESSAGE_CREATE, as Discord does. */
  messageCreated(message: MessageObject): void;
  threadCreated(thread: Record<string, unknown>): void;
}

/** Discord's rule: the first response to an interaction must come within 3 s of it. */
export const ACK_DEADLINE_MS = 3000;

/** A first response (callback) that the user sees as words: all but a deferral (5). */
const ANSWERING_CALLBACKS = new Set([4, 6, 7, 8, 9]);

export class RestApi {
  private readonly routes: [string, RegExp, Handler, { auth: boolean }][];

  constructor(
    private readonly world: World,
    private readonly token: string,
    private readonly hooks: RestHooks,
    private readonly record: (request: RecordedRequest) => void,
    private readonly faults: Faults,
    private readonly ackDeadlineMs: number,
  ) {
    const w = "/webhooks/(\\d+)/([^/]+)";
    this.routes = [
      ["GET", /^\/gateway\/bot$/, () => this.gatewayBot(), { auth: true }],
      ["GET", /^\/applications\/@me$/, () => ok({ id: world.appId, name: world.bot.username, icon: null, description: "", bot: world.bot, flags: 0 }), { auth: true }],
      ["PUT", /^\/applications\/(\d+)\/commands$/, (p, b) => this.putCommands(p[0]!, "global", b), { auth: true }],
      ["PUT", /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (p, b) => this.putCommands(p[0]!, p[1]!, b), { auth: true }],
      ["POST", /^\/interactions\/(\d+)\/([^/]+)\/callback$/, (p, b, f) => this.callback(p[0]!, p[1]!, { ...b, data: this.attach(b.data, f) }), { auth: false }],
      ["PATCH", new RegExp(`^${w}/messages/([^/]+)$`), (p, b, f) => this.editWebhookMessage(p[1]!, p[2]!, this.attach(b, f)), { auth: false }],
      ["DELETE", new RegExp(`^${w}/messages/([^/]+)$`), (p) => this.deleteWebhookMessage(p[1]!, p[2]!), { auth: false }],
      ["POST", new RegExp(`^${w}$`), (p, b, f) => this.followUp(p[1]!, this.attach(b, f)), { auth: false }],
      ["POST", /^\/channels\/(\d+)\/messages$/, (p, b, f) => this.createMessage(p[0]!, this.attach(b, f)), { auth: true }],
      ["POST", /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/, (p, b) => this.startThread(p[0]!, p[1]!, b), { auth: true }],
      ["POST", /^\/channels\/(\d+)\/typing$/, () => noContent, { auth: true }],
    ];
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const { body, files } = await parseBody(req);
    const prefix = "/api/v10";
    const path = url.pathname.startsWith(prefix) ? decodeURIComponent(url.pathname.slice(prefix.length)) : url.pathname;

    const reply = this.faults.intercept({ interaction: /^\/(interactions|webhooks)\//.test(path) }) ?? this.route(req, path, body, files);
    this.record({ method: req.method ?? "", path, query: url.searchParams, headers: req.headers, body, files, status: reply.status, response: reply.body });
    if (reply.body === undefined) {
      res.writeHead(reply.status, reply.headers).end();
    } else {
      res.writeHead(reply.status, { ...reply.headers, "Content-Type": "application/json" }).end(JSON.stringify(reply.body));
    }
  }

  private route(req: IncomingMessage, path: string, body: any, files: UploadedFile[]): Reply {
    for (const [method, pattern, handler, { auth }] of this.routes) {
      const m = req.method === method ? pattern.exec(path) : null;
      if (!m) continue;
      return auth && req.headers.authorization !== `Bot ${this.token}` ? error(401, 0, "401: Unauthorized") : handler(m.slice(1), body, files);
    }
    return error(404, 0, "404: Not Found");
  }

  /**
   * The message body with Discord's attachment objects in place of the upload's references:
   * `attachments: [{ id: 0, filename }]` in the payload names the part `files[0]`.
   */
  private attach(body: any, files: UploadedFile[]): any {
    if (!files.length) return body;
    const refs: { id: number | string; filename?: string; description?: string }[] = body.attachments ?? files.map((_, id) => ({ id }));
    const attachments = refs.map((ref) => {
      const file = files.find((f) => f.field === `files[${ref.id}]`);
      if (!file) return ref;
      const id = this.world.ids.id();
      const filename = ref.filename ?? file.filename;
      return {
        id,
        filename,
        ...(ref.description ? { description: ref.description } : {}),
        content_type: file.contentType,
        size: file.data.length,
        url: `https://cdn.discordapp.com/attachments/emulated/${id}/${filename}`,
        proxy_url: `https://media.discordapp.net/attachments/emulated/${id}/${filename}`,
      };
    });
    return { ...body, attachments };
  }

  private gatewayBot(): Reply {
    return ok({
      url: this.hooks.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    });
  }

  /** Echoes the commands back as Discord does, with ids; the request itself is what tests inspect. */
  private putCommands(appId: string, scope: string, commands: any[]): Reply {
    if (appId !== this.world.appId) return error(403, 50001, "Missing Access");
    const saved = commands.map((c) => ({
      type: 1,
      ...c,
      id: this.world.ids.id(),
      application_id: appId,
      version: this.world.ids.id(),
      ...(scope === "global" ? {} : { guild_id: scope }),
    }));
    return ok(saved);
  }

  /**
   * Types 4 (reply) and 5 (defer) create the original message; 8 (autocomplete choices) only needs
   * recording. The bot never asks for `with_response=true`, so the answer is always 204.
   */
  private callback(id: string, token: string, body: any): Reply {
    const state = this.world.interactions.get(token);
    if (!state || state.id !== id) return error(404, 10062, "Unknown interaction");
    if (state.acknowledged) return error(400, 40060, "Interaction has already been acknowledged.");
    // Too late: Discord has already shown "The application did not respond" and forgotten the token.
    if (Date.now() - state.createdAt > this.ackDeadlineMs) return error(404, 10062, "Unknown interaction");
    state.acknowledged = true;
    state.ackedAt = Date.now();
    if (ANSWERING_CALLBACKS.has(body.type)) answered(state, body.data);
    if (body.type === 4 || body.type === 5) {
      const data = body.data ?? {};
      const flags = (data.flags ?? 0) | (body.type === 5 ? MESSAGE_FLAGS.loading : 0);
      state.originalId = this.interactionMessage(state.channelId, { ...data, flags }).id;
    }
    return noContent;
  }

  private interactionMessage(channelId: string, body: Record<string, unknown>): MessageObject {
    const message = this.world.addMessage({
      id: this.world.ids.id(),
      channelId,
      guildId: this.world.guildOf(channelId),
      author: this.world.bot,
      body,
      type: 20,
      extra: { webhook_id: this.world.appId, application_id: this.world.appId },
    });
    if (!(message.flags & MESSAGE_FLAGS.ephemeral)) this.hooks.messageCreated(message);
    return message;
  }

  private resolveWebhookMessage(token: string, messageId: string): MessageObject | undefined {
    const state = this.world.interactions.get(token);
    const id = messageId === "@original" ? state?.originalId : messageId;
    return state && id ? this.world.messages.get(id) : undefined;
  }

  private editWebhookMessage(token: string, messageId: string, body: any): Reply {
    const message = this.resolveWebhookMessage(token, messageId);
    if (!message) return error(404, 10008, "Unknown Message");
    for (const key of ["content", "embeds", "components", "attachments"] as const) if (key in body) message[key] = body[key] as never;
    message.flags &= ~MESSAGE_FLAGS.loading;
    message.edited_timestamp = new Date().toISOString();
    if (messageId === "@original") answered(this.world.interactions.get(token)!, body);
    return ok(message);
  }

  private deleteWebhookMessage(token: string, messageId: string): Reply {
    const message = this.resolveWebhookMessage(token, messageId);
    if (!message) return error(404, 10008, "Unknown Message");
    this.world.messages.delete(message.id);
    return noContent;
  }

  private followUp(token: string, body: any): Reply {
    const state = this.world.interactions.get(token);
    if (!state?.acknowledged) return error(404, 10015, "Unknown Webhook");
    answered(state, body);
    return ok(this.interactionMessage(state.channelId, body));
  }

  /** As Discord checks a bot's post: it must see the channel, and may send there (in a thread: send in threads). */
  private createMessage(channelId: string, body: any): Reply {
    const channel = this.world.findChannel(channelId);
    if (!channel) return error(404, 10003, "Unknown Channel");
    const allowed = BigInt(this.world.botPermissions(channelId));
    if (!(allowed & PERMISSION.viewChannel)) return error(403, 50001, "Missing Access");
    const send = channel.type === 11 ? PERMISSION.sendMessagesInThreads : PERMISSION.sendMessages;
    if (!(allowed & send)) return error(403, 50013, "Missing Permissions");
    const ref = body.message_reference;
    const guildId = this.world.guildOf(channelId);
    const message = this.world.addMessage({
      id: this.world.ids.id(),
      channelId,
      guildId,
      author: this.world.bot,
      body,
      type: ref ? 19 : 0,
      ...(ref ? { extra: { message_reference: { message_id: ref.message_id, channel_id: channelId, guild_id: guildId } } } : {}),
    });
    this.hooks.messageCreated(message);
    return ok(message);
  }

  private startThread(channelId: string, messageId: string, body: any): Reply {
    const starter = this.world.messages.get(messageId);
    if (!starter || starter.channel_id !== channelId) return error(404, 10008, "Unknown Message");
    if (starter.flags & MESSAGE_FLAGS.hasThread) return error(400, 160004, "A thread has already been created for this message");
    const thread = this.world.addThread(starter, String(body.name ?? "thread"), this.world.appId);
    this.hooks.threadCreated({ ...thread, newly_created: true });
    return { status: 201, body: thread };
  }
}

function answered(state: InteractionState, message: any): void {
  if (state.answeredAt !== undefined) return;
  state.answeredAt = Date.now();
  const embeds: { description?: string }[] = message?.embeds ?? [];
  state.answerText = [message?.content ?? "", ...embeds.map((e) => e.description ?? "")].filter(Boolean).join("\n");
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** JSON, or a multipart upload: `payload_json` plus `files[n]` parts, as discord.js sends messages with files. */
async function parseBody(req: IncomingMessage): Promise<{ body: any; files: UploadedFile[] }> {
  const raw = await readBody(req);
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json") && raw.length) return { body: JSON.parse(raw.toString("utf8")), files: [] };
  if (!type.startsWith("multipart/form-data")) return { body: undefined, files: [] };
  const form = await new Response(raw, { headers: { "content-type": type } }).formData();
  const files: UploadedFile[] = [];
  for (const [field, value] of form) {
    if (typeof value === "string") continue;
    files.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
  }
  const payload = form.get("payload_json");
  return { body: typeof payload === "string" ? JSON.parse(payload) : {}, files };
}
