import { request, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";

/** One dispatched event, as a browser's EventSource would see it. */
export interface SseMessage {
  event: string;
  data: string;
  /** The stream's last event id when this event was dispatched. */
  id: string;
  json(): any;
}

/** A Server-Sent Events client over node:http with a spec-following parser, for tests. */
export interface SseClient {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body of a non-200 answer, parsed as JSON when it is JSON. */
  readonly body: any;
  /** Every event received so far. */
  readonly events: SseMessage[];
  readonly comments: string[];
  readonly retry: number | undefined;
  /** What a browser would send as `Last-Event-ID` when reconnecting now. */
  readonly lastEventId: string;
  /** The next event not taken yet, in order. */
  next(timeoutMs?: number): Promise<SseMessage>;
  /** Takes events until one matches and returns it. */
  until(match: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** The next comment line received from now on (without the colon). */
  nextComment(timeoutMs?: number): Promise<string>;
  /** Resolves when the server has ended (or cut) the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/**
 * A set of SSE clients that one `afterEach` closes together.
 * @example
 * const sse = sseClients();
 * afterEach(() => sse.closeAll());
 * const client = await sse.open(`${url}/v1/users/${id}/events`);
 */
export function sseClients() {
  const open = new Set<SseClient>();
  return {
    async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
      const client = await openSse(url, headers);
      open.add(client);
      return client;
    },
    closeAll() {
      for (const client of open) client.close();
      open.clear();
    },
  };
}

/** Opens one stream; resolves once the response head (and, for an error, its body) is in. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: "text/event-stream", ...headers } });
    req.on("error", reject);
    req.on("response", (res) => {
      const client = _client(req, res);
      if (client.status === 200) return resolve(client);
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve(Object.assign(client, { body: _json(text) })));
    });
    req.end();
  });
}

// --- internal ---

function _client(req: ClientRequest, res: IncomingMessage): SseClient & { body: any } {
  const parser = _parser();
  const waiters = new Set<() => void>();
  let ended = false;
  let cursor = 0;
  let commentCursor = Infinity;
  const wake = () => waiters.forEach((w) => w());
  const endedPromise = new Promise<void>((done) => res.once("close", () => ((ended = true), wake(), done())));
  res.on("error", () => {});
  if (res.statusCode === 200) {
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => (parser.feed(chunk), wake()));
  }

  async function _wait(ready: () => boolean, what: string, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (ended) throw new Error(`stream ended while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for ${what} (got ${parser.events.map((e) => e.event).join(",")})`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  const client = {
    status: res.statusCode ?? 0,
    headers: res.headers,
    body: undefined as any,
    events: parser.events,
    comments: parser.comments,
    get retry() {
      return parser.retry;
    },
    get lastEventId() {
      return parser.lastEventId;
    },
    async next(timeoutMs = 5000) {
      await _wait(() => cursor < parser.events.length, "an event", timeoutMs);
      return parser.events[cursor++];
    },
    async until(match: (message: SseMessage) => boolean, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = await client.next(Math.max(1, deadline - Date.now()));
        if (match(message)) return message;
      }
    },
    async nextComment(timeoutMs = 5000) {
      commentCursor = Math.min(commentCursor, parser.comments.length);
      await _wait(() => commentCursor < parser.comments.length, "a comment", timeoutMs);
      return parser.comments[commentCursor++];
    },
    ended: endedPromise,
    close: () => void req.destroy(),
  };
  return client;
}

/** The event-stream interpretation of the WHATWG HTML spec, fed chunk by chunk. */
function _parser() {
  const p = {
    events: [] as SseMessage[],
    comments: [] as string[],
    retry: undefined as number | undefined,
    lastEventId: "",
    feed(chunk: string) {
      // A long line (a large init) arrives in many chunks: they are kept apart and joined once
      // its end arrives, which keeps parsing linear.
      if (!/[\r\n]/.test(chunk)) return void pending.push(chunk);
      const lines = (pending.join("") + chunk).split(/\r\n|\r|\n/);
      pending = [lines.pop()!];
      for (const line of lines) _line(line);
    },
  };
  let pending: string[] = [];
  let idBuffer = "";
  let type = "";
  let data = "";

  function _line(line: string) {
    if (line === "") {
      p.lastEventId = idBuffer;
      if (data !== "") {
        const text = data.slice(0, -1);
        p.events.push({ event: type || "message", data: text, id: idBuffer, json: () => JSON.parse(text) });
      }
      type = data = "";
      return;
    }
    if (line.startsWith(":")) return void p.comments.push(line.slice(1).trim());
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data += `${value}\n`;
    else if (field === "event") type = value;
    else if (field === "id" && !value.includes("\0")) idBuffer = value;
    else if (field === "retry" && /^\d+$/.test(value)) p.retry = Number(value);
  }
  return p;
}

function _json(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
