// The live Durable Object (worker/src/live/thread-live.ts) on Node: one in-process broadcaster
// holding every thread's sockets, behind a binding of the Durable Object namespace's shape, so the
// worker's route (routes/live.ts) and publisher (live/publish.ts) run unchanged: `idFromName`,
// `get(id).fetch(…)` for an admitted upgrade, `get(id).publish(messages)` after a write.
//
// An upgrade is the http server's `upgrade` event (`handleUpgrades`): the request goes through the
// worker as any other, so every check of the route applies; when the route's stub admits it, the
// socket is taken over with `ws` and joins its channel. Caps and messages are the DO's.
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, Server } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { Bindings } from "../src/env.ts";
import { CAPS_HEADER, capsHeaderOf, NETWORK_HEADER, refusal } from "../src/live/caps.ts";

/** One socket of a channel; `ws` is null while its upgrade is admitted but not yet done. */
interface Member {
  network: string;
  ws: WebSocket | null;
}

/** What the route's stub admitted during one upgrade request (found by the upgrade handler). */
interface Admission {
  member?: Member;
  channel?: Set<Member>;
}

const CLOSE_GOING_AWAY = 1001;
/** Readers send only `ping`: a larger frame is refused as it arrives (1009), never buffered. */
const MAX_INCOMING_BYTES = 1024;

export class LiveBroadcaster {
  readonly #channels = new Map<string, Set<Member>>();
  readonly #upgrading = new AsyncLocalStorage<Admission>();
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INCOMING_BYTES });
  #closed = false;

  /** The `LIVE` binding the worker reads (a Durable Object namespace, as far as it looks). */
  readonly binding = {
    idFromName: (name: string) => name,
    get: (name: string) => ({
      fetch: (_url: string, init: RequestInit) => this.#admit(name, new Headers(init.headers)),
      publish: async (messages: string[]) => this.#publish(name, messages),
    }),
  } as unknown as NonNullable<Bindings["LIVE"]>;

  /** Sockets open now (all channels). */
  get size(): number {
    let n = 0;
    for (const channel of this.#channels.values()) n += channel.size;
    return n;
  }

  #channel(name: string): Set<Member> {
    const found = this.#channels.get(name);
    if (found) return found;
    const channel = new Set<Member>();
    this.#channels.set(name, channel);
    return channel;
  }

  /** The DO's fetch: the caps, then a place in the channel held for the socket to come. */
  #admit(name: string, headers: Headers): Response {
    const admission = this.#upgrading.getStore();
    if (!admission) throw new Error("A live channel is joined only by an upgrade request.");
    const network = headers.get(NETWORK_HEADER) || "unknown";
    const channel = this.#channel(name);
    const fromNetwork = [...channel].filter((m) => m.network === network).length;
    const refused = refusal(channel.size, fromNetwork, capsHeaderOf(headers.get(CAPS_HEADER)));
    if (refused) return Response.json(refused.toBody(), { status: refused.status, headers: refused.headers });
    const member: Member = { network, ws: null };
    channel.add(member);
    admission.member = member;
    admission.channel = channel;
    // @hono/node-server's Response (global once its server exists) takes a 101, as workerd's does.
    return new Response(null, { status: 101 });
  }

  #publish(name: string, messages: string[]): number {
    const channel = this.#channels.get(name);
    if (!channel) return 0;
    for (const { ws } of channel) {
      if (!ws || ws.readyState !== ws.OPEN) continue;
      for (const message of messages) ws.send(message);
    }
    return channel.size;
  }

  #join(member: Member, channel: Set<Member>, ws: WebSocket): void {
    member.ws = ws;
    ws.on("message", (data, isBinary) => {
      // As the DO's auto-response: `ping` is answered; anything else closes the socket.
      if (!isBinary && data.toString() === "ping") ws.send("pong");
      else ws.close(1003, "This socket only sends.");
    });
    ws.on("close", () => this.#leave(member, channel));
    ws.on("error", () => ws.terminate());
  }

  #leave(member: Member, channel: Set<Member>): void {
    channel.delete(member);
    if (channel.size === 0)
      for (const [name, c] of this.#channels) if (c === channel) this.#channels.delete(name);
  }

  /** Takes the http server's WebSocket upgrades: each is the worker's answer to its request. */
  handleUpgrades(server: Server, answer: (request: Request, incoming: IncomingMessage) => Promise<Response>) {
    server.on("upgrade", (incoming: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on("error", () => socket.destroy());
      if (this.#closed) return void socket.destroy();
      const admission: Admission = {};
      this.#upgrading
        .run(admission, () => answer(upgradeRequest(incoming), incoming))
        .then(async (res) => {
          const { member, channel } = admission;
          if (res.status !== 101 || !member || !channel || socket.destroyed) {
            if (member && channel) this.#leave(member, channel);
            return refuse(socket, res);
          }
          const headers = extraHeaders(res.headers);
          const addHeaders = (lines: string[]) => lines.push(...headers);
          this.#wss.once("headers", addHeaders);
          this.#wss.handleUpgrade(incoming, socket, head, (ws) => this.#join(member, channel, ws));
          this.#wss.off("headers", addHeaders);
          // A handshake that failed (a bad Sec-WebSocket-Key…) never joined: give its place back.
          if (!member.ws) this.#leave(member, channel);
        })
        .catch(() => socket.destroy());
    });
  }

  /** On shutdown: every socket told the server is going away (readers fall back, then reconnect). */
  closeAll(): void {
    this.#closed = true;
    for (const channel of this.#channels.values())
      for (const { ws } of channel) ws?.close(CLOSE_GOING_AWAY, "Server stopping.");
    this.#wss.close();
  }
}

/** The upgrade's request as the worker should see it (no body; the headers as sent). */
function upgradeRequest(incoming: IncomingMessage): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming.headers))
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  return new Request(new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "localhost"}`), {
    headers,
  });
}

/** The worker's answer's own headers (request id, CORS), as handshake header lines. */
function extraHeaders(headers: Headers): string[] {
  const skip = new Set(["connection", "upgrade", "content-length", "transfer-encoding"]);
  return [...headers]
    .filter(([k]) => !skip.has(k) && !k.startsWith("sec-websocket"))
    .map(([k, v]) => `${k}: ${v}`);
}

/** A refused upgrade gets the worker's answer as it is (its JSON error), then the socket closes. */
async function refuse(socket: Duplex, res: Response): Promise<void> {
  const body = Buffer.from(await res.arrayBuffer());
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ""}`];
  for (const [k, v] of res.headers)
    if (k !== "content-length" && k !== "connection") lines.push(`${k}: ${v}`);
  lines.push(`Content-Length: ${body.length}`, "Connection: close");
  socket.end(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), body]));
}
