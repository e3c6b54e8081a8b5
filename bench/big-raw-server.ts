// bench/big's raw baseline, in its own process: a prebuilt buffer of N bytes (the size of
// presence-kit's init) answered by plain node:http (one write) and by a raw `ws` server (one
// message), so the init's time to complete can be read against the transfer floor.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const size = Number(process.argv[2]);
const body = Buffer.alloc(size, "x");
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.end(body);
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on("connection", (ws) => ws.on("message", () => ws.send(body.toString("latin1"))));
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  console.log(`raw listening on http://127.0.0.1:${port}`);
});
