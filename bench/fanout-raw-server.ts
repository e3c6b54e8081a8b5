// The raw baselines of bench/fanout: a bare `ws` server and a bare node:http SSE server that send
// one given message to every client on `POST /broadcast`. Prints its URL, then serves until killed.
// Both encode once: the SSE frame is one buffer, and the WebSocket frame is built once (ws's own
// framing, unmasked as a server sends it) and the same bytes written to every socket, the
// strongest baseline a broadcast can have (`ws.send()` would frame again per socket).
import { readFileSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import * as wsModule from "ws";
import { WebSocketServer, type WebSocket } from "ws";
import { keepTickShapes } from "../server/serve/tick-shapes.ts";

// As presence-kit's entry does: a baseline whose nextTick caches went megamorphic would be slower
// for a reason of V8's, and the ratio would no longer compare the request paths.
keepTickShapes();

// ws exports its frame encoder at runtime; @types/ws does not declare it.
const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };

const [mode, messageFile] = process.argv.slice(2);
const message = readFileSync(messageFile, "utf8");
const sseFrame = Buffer.from(`event: presence\ndata: ${message}\n\n`);
const wsFrame = Buffer.concat(
  Sender.frame(Buffer.from(message), { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }),
);
const streams = new Set<ServerResponse>();
const sockets = new Set<WebSocket>();

const server = createServer((req, res) => {
  if (req.method === "POST" && req.url === "/broadcast") {
    if (mode === "ws") for (const ws of sockets) (ws as unknown as { _socket: Socket })._socket.write(wsFrame);
    else for (const s of streams) s.write(sseFrame);
    res.end("ok");
    return;
  }
  if (mode === "sse") {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(`event: init\ndata: ${message}\n\n`);
    streams.add(res);
    req.on("close", () => streams.delete(res));
    return;
  }
  res.writeHead(404).end();
});
if (mode === "ws") {
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on("connection", (ws) => {
    sockets.add(ws);
    ws.send(message);
    ws.on("close", () => sockets.delete(ws));
  });
}
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  console.log(`listening on http://127.0.0.1:${port}`);
});
