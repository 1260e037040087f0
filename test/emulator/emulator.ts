/**
 * A local Discord for end-to-end tests: enough of the gateway and REST API for a real discord.js
 * client to log in, receive interactions and messages, and reply. Listens on 127.0.0.1, random port.
 * Point the bot at it with DISCORD_API_URL = emulator.apiUrl.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Gateway, INTENTS, PRIVILEGED_INTENTS, type GatewayFrame } from "./gateway.js";
import { member, type ChannelObject, type MessageObject, type RoleObject, type UserObject } from "./objects.js";
import { Faults } from "./faults.js";
import { ACK_DEADLINE_MS, RestApi, type RecordedRequest, type UploadedFile } from "./rest.js";
import { World, type InteractionState } from "./world.js";

export type { ChannelObject, GatewayFrame, InteractionState, MessageObject, RecordedRequest, RoleObject, UploadedFile, UserObject };
export { PERMISSION } from "./objects.js";

const OPTION_TYPE = { subcommand: 1, subcommandGroup: 2, string: 3, integer: 4, boolean: 5, channel: 7, role: 8, attachment: 11 } as const;

/** An uploaded file as an interaction's `resolved.attachments` carries it; its url points at the emulator's CDN route. */
export interface AttachmentObject {
  id: string;
  filename: string;
  size: number;
  content_type?: string;
  url: string;
  proxy_url: string;
}

export interface EmulatorOptions {
  token?: string;
  /** Privileged intents enabled "in the Developer Portal"; default all. */
  allowedPrivilegedIntents?: number;
  /** Listen on this port (e.g. one a bot is already trying to reach); default any free one. */
  port?: number;
  /** How long an interaction waits for its first response before Discord gives up on it; default 3000 ms, as on Discord. */
  ackDeadlineMs?: number;
}

export interface InteractionRef {
  id: string;
  token: string;
}

export interface InteractionOptions {
  user?: UserObject;
  /** Default: the study channel of `guildId`, or of the main server. */
  channelId?: string;
  /** One of `world.servers` (see addServer); default the main server, or the server of `channelId`. */
  guildId?: string;
}

/** A role or channel option is given as the object; Discord sends its id and the object under `resolved`. */
export type OptionValue = string | number | boolean | { role: RoleObject } | { channel: ChannelObject } | { attachment: AttachmentObject };

export interface WaitOptions {
  /** Only look at items from this index on (e.g. `requests.length` before acting). */
  from?: number;
  /** For the timeout message. */
  what?: string;
  timeoutMs?: number;
}

const DEFAULT_WAIT_MS = 15_000;

/** A reply the emulator's fault injection put in place of the real one. */
const isFault = (r: RecordedRequest) => r.status === 429 || r.status >= 500;

/** The string values among command options, subcommands' included. */
function stringOptions(options: unknown): string[] {
  if (!Array.isArray(options)) return [];
  return options.flatMap((o: { type?: number; value?: unknown; options?: unknown }) =>
    o.type === OPTION_TYPE.string && typeof o.value === "string" ? [o.value] : stringOptions(o.options),
  );
}

interface Waiter<T> {
  test: (item: T) => boolean;
  resolve: (item: T) => void;
}

export class DiscordEmulator {
  readonly world = new World();
  /** Every REST request the bot made, in order. */
  readonly requests: RecordedRequest[] = [];
  readonly gateway: Gateway;
  /** The study channel every test uses by default. */
  readonly channel: ChannelObject;
  private readonly server: http.Server;
  private readonly waiters = new Set<Waiter<RecordedRequest>>();
  /** Files users uploaded, by attachment id, served at /attachments/… in place of Discord's CDN. */
  private readonly files = new Map<string, Buffer>();
  /** Paths of every CDN download, in order. */
  readonly downloads: string[] = [];
  /** REST faults to inject: 5xx windows, 429s, a global 429. */
  readonly faults = new Faults();
  private gatewayRefusedUntil = 0;

  private constructor(readonly token: string, allowedPrivilegedIntents: number, ackDeadlineMs: number) {
    this.channel = this.world.addTextChannel("study");
    this.gateway = new Gateway({
      token,
      allowedPrivilegedIntents,
      ready: (sessionId) => this.world.ready(sessionId, `${this.wsBase}/resume`),
      guilds: () => this.world.guildCreates(),
    });
    const rest = new RestApi(this.world, token, {
      gatewayUrl: () => `${this.wsBase}/gateway`,
      messageCreated: (m) => this.deliverMessage(m),
      threadCreated: (t) => this.gateway.dispatch("THREAD_CREATE", t),
    }, (r) => this.recordRequest(r), this.faults, ackDeadlineMs);
    this.server = http.createServer((req, res) => {
      if (req.url?.startsWith("/attachments/")) return this.serveFile(req.url, res);
      rest.handle(req, res).catch((err: Error) => res.writeHead(500).end(err.message));
    });
    this.server.on("upgrade", (req, socket, head) => {
      const path = new URL(req.url ?? "/", "http://emulator").pathname;
      if ((path === "/gateway" || path === "/resume") && Date.now() >= this.gatewayRefusedUntil) this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  static async start(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
    const emulator = new DiscordEmulator(
      options.token ?? "emulator-token",
      options.allowedPrivilegedIntents ?? PRIVILEGED_INTENTS,
      options.ackDeadlineMs ?? ACK_DEADLINE_MS,
    );
    await new Promise<void>((resolve, reject) => {
      emulator.server.once("error", reject);
      emulator.server.listen(options.port ?? 0, "127.0.0.1", resolve);
    });
    return emulator;
  }

  /** A free port on 127.0.0.1, for a bot that should find Discord unreachable until an emulator starts there. */
  static async freePort(): Promise<number> {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  /** The DISCORD_API_URL of an emulator that will listen on `port`. */
  static apiUrlFor(port: number): string {
    return `http://127.0.0.1:${port}/api`;
  }

  private get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  private get wsBase(): string {
    return `ws://${this.origin}`;
  }

  /** The bot's DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://${this.origin}/api`;
  }

  /** The bot's DISCORD_CDN_URL: where attachments added with addAttachment are downloaded from. */
  get cdnUrl(): string {
    return `http://${this.origin}`;
  }

  /** A file a user attaches to a command option, e.g. `slashCommand("library add", { file: { attachment } })`. */
  addAttachment(filename: string, data: Buffer, contentType?: string): AttachmentObject {
    const id = this.world.ids.id();
    this.files.set(id, data);
    const file = `attachments/${this.channel.id}/${id}/${encodeURIComponent(filename)}`;
    return { id, filename, size: data.length, ...(contentType ? { content_type: contentType } : {}), url: `${this.cdnUrl}/${file}`, proxy_url: `${this.cdnUrl}/${file}` };
  }

  private serveFile(url: string, res: http.ServerResponse): void {
    this.downloads.push(url);
    const data = this.files.get(url.split("/")[3] ?? "");
    if (!data) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": data.length }).end(data);
  }

  /** Another server the bot is in, with its own study channel; the bot hears of it when it next identifies. */
  addServer(): { guildId: string; channel: ChannelObject } {
    return this.world.addServer();
  }

  /** A new member of the server (known to the bot from its next GUILD_CREATE; interactions and messages carry users anyway). */
  addUser(name: string, opts: { roles?: RoleObject[] } = {}): UserObject {
    return this.world.addUser(name, opts.roles);
  }

  /** A new role, e.g. `addRole("Moderators", PERMISSION.manageGuild)`; the bot hears of it as Discord would tell it. */
  addRole(name: string, permissions = 0n): RoleObject {
    const role = this.world.addRole(name, permissions);
    this.gateway.dispatch("GUILD_ROLE_CREATE", { guild_id: this.world.guildId, role });
    return role;
  }

  /**
   * Takes `permissions` (e.g. PERMISSION.sendMessages) from the bot in one channel, as a channel
   * overwrite would: its posts there are refused as on Discord, and interactions from there carry
   * the reduced `app_permissions`. The bot's cached overwrites are not updated.
   */
  denyBot(channelId: string, permissions: bigint): void {
    this.world.botDenied.set(channelId, (this.world.botDenied.get(channelId) ?? 0n) | permissions);
  }

  /** A new text channel; the bot hears of it as Discord would tell it. */
  addTextChannel(name: string): ChannelObject {
    const channel = this.world.addTextChannel(name);
    this.gateway.dispatch("CHANNEL_CREATE", this.world.channelRef(channel.id));
    return channel;
  }

  // ---- Interactions -------------------------------------------------------------------------

  private interaction(type: number, data: Record<string, unknown>, opts: InteractionOptions, extra: Record<string, unknown> = {}): InteractionRef {
    const user = opts.user ?? this.world.owner;
    const channelId = opts.channelId ?? (opts.guildId ? this.world.servers.get(opts.guildId)?.id : undefined) ?? this.channel.id;
    // A guildId with another server's channel: a tampered or replayed interaction from elsewhere.
    const guildId = opts.guildId ?? this.world.guildOf(channelId);
    const ref = { id: this.world.ids.id(), token: `itoken-${this.world.ids.id()}` };
    const text = stringOptions(data.options).join(" ");
    this.world.interactions.set(ref.token, { ...ref, channelId, guildId, userId: user.id, text, createdAt: Date.now(), acknowledged: false });
    this.dispatchOrThrow("INTERACTION_CREATE", {
      ...ref,
      application_id: this.world.appId,
      type,
      version: 1,
      guild_id: guildId,
      channel_id: channelId,
      channel: { ...this.world.channelRef(channelId), guild_id: guildId },
      member: { ...member(user, this.world.rolesOf(user.id)), permissions: this.world.permissionsOf(user.id) },
      app_permissions: this.world.botPermissions(channelId),
      locale: "en-US",
      guild_locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: { "0": guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
      data: { ...data, ...(data.guild_id ? { guild_id: guildId } : {}) },
      ...extra,
    });
    return ref;
  }

  /** `command` is "name", "name sub" or "name group sub"; the options go to the innermost. */
  private commandData(command: string, options: Record<string, OptionValue>, focused?: string) {
    const [name, ...path] = command.split(" ");
    const resolved: { roles?: Record<string, RoleObject>; channels?: Record<string, ChannelObject>; attachments?: Record<string, AttachmentObject> } = {};
    let nested: unknown[] = Object.entries(options).map(([optionName, value]) => {
      let type: number;
      if (typeof value === "object" && "attachment" in value) {
        (resolved.attachments ??= {})[value.attachment.id] = value.attachment;
        [type, value] = [OPTION_TYPE.attachment, value.attachment.id];
      } else if (typeof value === "object" && "role" in value) {
        (resolved.roles ??= {})[value.role.id] = value.role;
        [type, value] = [OPTION_TYPE.role, value.role.id];
      } else if (typeof value === "object") {
        (resolved.channels ??= {})[value.channel.id] = this.world.channelRef(value.channel.id);
        [type, value] = [OPTION_TYPE.channel, value.channel.id];
      } else {
        type = typeof value === "boolean" ? OPTION_TYPE.boolean : typeof value === "number" ? OPTION_TYPE.integer : OPTION_TYPE.string;
      }
      return { name: optionName, type, value, ...(optionName === focused ? { focused: true } : {}) };
    });
    for (const [i, part] of [...path].reverse().entries()) {
      nested = [{ name: part, type: i === 0 ? OPTION_TYPE.subcommand : OPTION_TYPE.subcommandGroup, options: nested }];
    }
    return {
      id: this.world.ids.id(),
      name,
      type: 1,
      guild_id: this.world.guildId,
      options: nested,
      ...(Object.keys(resolved).length ? { resolved } : {}),
    };
  }

  /**
   * A user runs a command, e.g. `slashCommand("ask", { question: "…" })` or
   * `slashCommand("config channels add", { channel: { channel } })`. The member's roles and
   * permissions come from the world: the owner may do anything, others what their roles allow.
   */
  slashCommand(command: string, options: Record<string, OptionValue> = {}, opts: InteractionOptions = {}): InteractionRef {
    return this.interaction(2, this.commandData(command, options), opts);
  }

  /** A user types into option `focused` of `/name`. */
  autocomplete(name: string, options: Record<string, OptionValue>, focused: string, opts: InteractionOptions = {}): InteractionRef {
    return this.interaction(4, this.commandData(name, options, focused), opts);
  }

  /**
   * An INTERACTION_CREATE with whatever `d` says (a malformed payload, say), registered so that
   * its callback would be accepted when `d` carries an id and token.
   */
  rawInteraction(d: Record<string, unknown>): void {
    if (typeof d.id === "string" && typeof d.token === "string") {
      this.world.interactions.set(d.token, {
        id: d.id,
        token: d.token,
        channelId: this.channel.id,
        guildId: this.world.guildId,
        userId: this.world.owner.id,
        text: "",
        createdAt: Date.now(),
        acknowledged: false,
      });
    }
    this.dispatchOrThrow("INTERACTION_CREATE", d);
  }

  /** What became of each interaction: when it was sent, acknowledged and answered. */
  interactionStates(refs: readonly InteractionRef[]): InteractionState[] {
    return refs.map((ref) => this.world.interactions.get(ref.token)!);
  }

  /** A user presses the button with `customId` on `message` (a message the bot sent, as the emulator holds it). */
  clickButton(message: MessageObject, customId: string, opts: InteractionOptions = {}): InteractionRef {
    const current = this.world.messages.get(message.id) ?? message;
    return this.interaction(3, { custom_id: customId, component_type: 2 }, { channelId: current.channel_id, ...opts }, { message: current });
  }

  // ---- Messages -----------------------------------------------------------------------------

  /**
   * A user posts `content` in a channel or thread. With `mentionBot`, "<@bot> " is prefixed and
   * the bot is listed in `mentions`, which is what discord.js checks.
   */
  postMessage(content: string, opts: InteractionOptions & { mentionBot?: boolean } = {}): MessageObject {
    const user = opts.user ?? this.world.owner;
    const message = this.world.addMessage({
      id: this.world.ids.id(),
      channelId: opts.channelId ?? this.channel.id,
      author: user,
      body: { content: opts.mentionBot ? `<@${this.world.appId}> ${content}` : content },
      extra: {
        member: member(),
        ...(opts.mentionBot ? { mentions: [{ ...this.world.bot, member: member() }] } : {}),
      },
    });
    this.deliverMessage(message);
    return message;
  }

  /** MESSAGE_CREATE as Discord filters it: only with GuildMessages; content only with MessageContent, a mention, or the bot's own. */
  private deliverMessage(message: MessageObject): void {
    const intents = this.gateway.intents;
    if (!(intents & INTENTS.guildMessages)) return;
    const readable =
      intents & INTENTS.messageContent ||
      message.author.id === this.world.appId ||
      message.mentions.some((m) => (m as UserObject).id === this.world.appId);
    const payload = readable ? message : { ...message, content: "", embeds: [], attachments: [], components: [] };
    this.gateway.dispatch("MESSAGE_CREATE", payload);
  }

  /** Bot-sent messages in a channel or thread, oldest first. */
  messagesIn(channelId: string): MessageObject[] {
    return [...this.world.messages.values()].filter((m) => m.channel_id === channelId && m.author.id === this.world.appId);
  }

  // ---- Waiting ------------------------------------------------------------------------------

  private recordRequest(request: RecordedRequest): void {
    this.requests.push(request);
    for (const w of this.waiters) {
      if (w.test(request)) {
        this.waiters.delete(w);
        w.resolve(request);
      }
    }
  }

  /** The first recorded request matching `test`, from index `from` of `requests` on, now or when it comes. */
  waitForRequest(test: (r: RecordedRequest) => boolean, opts: WaitOptions = {}): Promise<RecordedRequest> {
    const { from = 0, what = "a matching request", timeoutMs = DEFAULT_WAIT_MS } = opts;
    const matches = (r: RecordedRequest) => this.requests.indexOf(r) >= from && test(r);
    const done = this.requests.slice(from).find(test);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.requests.slice(-8).map((r) => `${r.method} ${r.path} → ${r.status}`).join("\n  ");
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Last requests:\n  ${seen}`));
      }, timeoutMs);
      const waiter: Waiter<RecordedRequest> = { test: matches, resolve: (r) => (clearTimeout(timer), resolve(r)) };
      this.waiters.add(waiter);
    });
  }

  /** The interaction's initial response (the callback POST), leaving out tries refused by an injected fault. */
  callbackOf(ref: InteractionRef): Promise<RecordedRequest> {
    const path = `/interactions/${ref.id}/${ref.token}/callback`;
    return this.waitForRequest((r) => r.method === "POST" && r.path === path && !isFault(r), { what: `the callback of interaction ${ref.id}` });
  }

  /** The edit of the interaction's original reply (what editReply sends after deferReply), leaving out tries refused by a fault. */
  editOf(ref: InteractionRef): Promise<RecordedRequest> {
    const path = `/webhooks/${this.world.appId}/${ref.token}/messages/@original`;
    return this.waitForRequest((r) => r.method === "PATCH" && r.path === path && !isFault(r), { what: `the edit of interaction ${ref.id}'s reply` });
  }

  /** The first gateway frame from the bot matching `test`, from index `from` of `gateway.received` on. */
  waitForFrame(test: (f: GatewayFrame) => boolean, opts: WaitOptions = {}): Promise<GatewayFrame> {
    const { from = 0, what = "a gateway frame", timeoutMs = DEFAULT_WAIT_MS } = opts;
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.gateway.received.slice(from).find(test);
        if (!found) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(found);
      };
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`));
      }, timeoutMs);
      const unsubscribe = this.gateway.onFrame(check);
      check();
    });
  }

  /** Refuses gateway connections for the next `ms` (the gateway is unreachable). */
  refuseGateway(ms: number): void {
    this.gatewayRefusedUntil = Date.now() + ms;
  }

  private dispatchOrThrow(t: string, d: unknown): void {
    if (!this.gateway.dispatch(t, d)) throw new Error(`cannot send ${t}: no bot has identified yet`);
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
