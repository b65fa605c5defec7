// One Durable Object per thread: it holds the WebSockets of the thread's readers and forwards
// what the worker publishes to all of them. The Hibernation API keeps it out of memory (and out
// of duration billing) between events: the sockets stay open in the runtime, and what the object
// needs to know of each (its network, for the cap) is the socket's tag, read back after waking.
import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../env.ts";
import { CAPS_HEADER, capsHeaderOf, NETWORK_HEADER, refusal } from "./caps.ts";

/** What a socket carries through hibernation. */
interface Attachment {
  network: string;
  since: number;
}

export class ThreadLive extends DurableObject<Bindings> {
  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    // Keep-alive pings are answered by the runtime itself, without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** A reader's upgrade, already admitted by the route (routes/live.ts). */
  override async fetch(request: Request): Promise<Response> {
    const network = request.headers.get(NETWORK_HEADER) || "unknown";
    const caps = capsHeaderOf(request.headers.get(CAPS_HEADER));
    const refused = refusal(this.ctx.getWebSockets().length, this.ctx.getWebSockets(network).length, caps);
    if (refused) return Response.json(refused.toBody(), { status: refused.status, headers: refused.headers });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [network]);
    server.serializeAttachment({ network, since: Date.now() } satisfies Attachment);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends each message to every socket; answers how many sockets there were (the bench reads it). */
  async publish(messages: string[]): Promise<number> {
    const sockets = this.ctx.getWebSockets();
    for (const ws of sockets) {
      for (const message of messages) {
        try {
          ws.send(message);
        } catch {
          // A socket closing as we send: its close handler tidies up.
        }
      }
    }
    return sockets.length;
  }

  /** Readers send nothing but pings (answered above); anything else closes their socket. */
  override async webSocketMessage(ws: WebSocket): Promise<void> {
    ws.close(1003, "This socket only sends.");
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    // 1005/1006 (no code, abnormal) may not be sent back; a normal close is echoed.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed");
    } catch {
      // Already closed.
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    try {
      ws.close(1011, "error");
    } catch {
      // Already closed.
    }
  }
}
