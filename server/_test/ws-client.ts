import { inflateSync } from "node:zlib";
import { WebSocket } from "ws";

/** One received frame. */
export interface WsFrame {
  binary: boolean;
  /** The text (a binary frame is zlib-inflated first when the client was opened with `inflate`). */
  text: string;
  json(): any;
}

/** A `ws` client that queues frames, for tests. */
export interface WsClient {
  readonly ws: WebSocket;
  /** Every frame received so far. */
  readonly frames: WsFrame[];
  /** The next frame not taken yet, in order, parsed as JSON. */
  next(timeoutMs?: number): Promise<any>;
  /** Takes frames until one's JSON matches and returns it. */
  until(match: (message: any) => boolean, timeoutMs?: number): Promise<any>;
  send(message: unknown): void;
  /** Resolves with the close code and reason, whoever closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/**
 * A set of clients one `afterEach` closes together.
 * @example
 * const clients = wsClients();
 * afterEach(() => clients.closeAll());
 * const c = await clients.open(`${wsUrl}/socket`);
 */
export function wsClients() {
  const open = new Set<WsClient>();
  return {
    async open(url: string, options: { inflate?: boolean } = {}): Promise<WsClient> {
      const client = await openWs(url, options);
      open.add(client);
      return client;
    },
    closeAll() {
      for (const client of open) client.ws.terminate();
      open.clear();
    },
  };
}

/** Opens one client; resolves once the connection is open (rejects if the upgrade fails). */
export function openWs(url: string, options: { inflate?: boolean } = {}): Promise<WsClient> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const frames: WsFrame[] = [];
  let taken = 0;
  let wake: (() => void) | undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on("close", (code, reason) => (resolve({ code, reason: reason.toString() }), wake?.()));
  });
  ws.on("message", (data, isBinary) => {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    const text = (isBinary && options.inflate ? inflateSync(buf) : buf).toString("utf8");
    frames.push({ binary: isBinary, text, json: () => JSON.parse(text) });
    wake?.();
  });

  async function next(timeoutMs = 3000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    while (taken >= frames.length) {
      if (ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed, no frame ${taken}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame ${taken} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
    return frames[taken++].json();
  }

  const client: WsClient = {
    ws,
    frames,
    next,
    async until(match, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = await next(Math.max(1, deadline - Date.now()));
        if (match(message)) return message;
      }
    },
    send(message) {
      ws.send(typeof message === "string" ? message : JSON.stringify(message));
    },
    closed,
    close() {
      ws.close();
    },
  };
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(client));
    // Before open: the upgrade failed. After: the close event tells the test what happened.
    ws.on("error", reject);
  });
}
