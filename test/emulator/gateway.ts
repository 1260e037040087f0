/**
 * The gateway half of the emulator: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, and RESUME
 * with replay of the dispatches a client missed while disconnected. One bot session at a time.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";

export interface GatewayFrame {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, invalidSession: 9, hello: 10, heartbeatAck: 11 };
export const INTENTS = { guildMembers: 1 << 1, guildPresences: 1 << 8, guildMessages: 1 << 9, messageContent: 1 << 15 };
export const PRIVILEGED_INTENTS = INTENTS.guildMembers | INTENTS.guildPresences | INTENTS.messageContent;

export interface GatewayOptions {
  token: string;
  /** Privileged intents the application may use (as if enabled in the Developer Portal); asking for others closes with 4014. */
  allowedPrivilegedIntents: number;
  /** READY's `d`, given the new session's id. */
  ready(sessionId: string): Record<string, unknown>;
  /** GUILD_CREATE payloads sent right after READY. */
  guilds(): Record<string, unknown>[];
}

interface Session {
  id: string;
  intents: number;
  seq: number;
  /** Every dispatch sent in this session, for replay on RESUME. */
  sent: GatewayFrame[];
  socket: WebSocket | undefined;
}

export class Gateway {
  /** Every frame a client sent, in order (heartbeats included). */
  readonly received: GatewayFrame[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private session: Session | undefined;
  private sessions = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: GatewayOptions) {
    this.wss.on("connection", (socket) => this.accept(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit("connection", ws, req));
  }

  /** The intents of the live session (0 when none). */
  get intents(): number {
    return this.session?.intents ?? 0;
  }

  /** Calls `listener` after every frame received; returns the unsubscribe function. */
  onFrame(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends an event to the bot's session. While the bot is disconnected the event is kept and
   * delivered when it resumes, as Discord does. False when no session has been identified.
   */
  dispatch(t: string, d: unknown): boolean {
    const session = this.session;
    if (!session) return false;
    const frame: GatewayFrame = { op: OP.dispatch, t, s: ++session.seq, d };
    session.sent.push(frame);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(frame));
    return true;
  }

  /** Cuts the bot's connection: a close code (4000: resumable), or "terminate" for a dropped TCP connection. */
  disconnect(how: number | "terminate"): void {
    const socket = this.session?.socket;
    if (!socket) throw new Error("no gateway connection to drop");
    if (how === "terminate") socket.terminate();
    else socket.close(how, "closed by the emulator");
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    socket.on("message", (raw) => {
      const frame = JSON.parse(String(raw)) as GatewayFrame;
      this.received.push(frame);
      this.handle(socket, frame);
      for (const listener of this.listeners) listener();
    });
    socket.on("close", () => {
      if (this.session?.socket === socket) this.session.socket = undefined;
    });
    send(socket, { op: OP.hello, d: { heartbeat_interval: 41_250 }, s: null, t: null });
  }

  private handle(socket: WebSocket, frame: GatewayFrame): void {
    switch (frame.op) {
      case OP.heartbeat:
        return send(socket, { op: OP.heartbeatAck, d: null });
      case OP.identify:
        return this.identify(socket, frame.d as { token: string; intents: number });
      case OP.resume:
        return this.resume(socket, frame.d as { token: string; session_id: string; seq: number | null });
    }
  }

  private identify(socket: WebSocket, d: { token: string; intents: number }): void {
    if (d.token !== this.options.token) return socket.close(4004, "Authentication failed.");
    if (d.intents & PRIVILEGED_INTENTS & ~this.options.allowedPrivilegedIntents) {
      return socket.close(4014, "Disallowed intent(s).");
    }
    this.session?.socket?.terminate();
    const session: Session = { id: `session-${++this.sessions}`, intents: d.intents, seq: 0, sent: [], socket };
    this.session = session;
    this.dispatch("READY", this.options.ready(session.id));
    for (const g of this.options.guilds()) this.dispatch("GUILD_CREATE", g);
  }

  private resume(socket: WebSocket, d: { token: string; session_id: string; seq: number | null }): void {
    const session = this.session;
    if (d.token !== this.options.token || !session || session.id !== d.session_id) {
      return send(socket, { op: OP.invalidSession, d: false });
    }
    session.socket = socket;
    for (const frame of session.sent) if (frame.s! > (d.seq ?? 0)) send(socket, frame);
    this.dispatch("RESUMED", {});
  }
}

function send(socket: WebSocket, frame: GatewayFrame): void {
  socket.send(JSON.stringify(frame));
}
