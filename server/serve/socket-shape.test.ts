// Server sockets keep one hidden class whichever path answers them. h3 (srvx) asks each request's
// peer address, which Node caches on the socket as a new property; if only the sockets h3 answered
// had it, Node's write path would see more socket shapes than V8 keeps fast for every later answer.
import { Agent, request } from "node:http";
import type { Socket } from "node:net";
import { setFlagsFromString } from "node:v8";
import { H3 } from "h3";
import { afterEach, expect, it } from "vitest";
import { listenNode, type NodeServer } from "./listen.ts";
import { createListener } from "./listener.ts";

setFlagsFromString("--allow-natives-syntax");
// Parsed after the flag is set; V8's own answer to "do these objects share a hidden class?".
const sameShape = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;

let running: NodeServer | undefined;
afterEach(() => running?.close());

it("a socket answered by h3 has the shape of one answered by the fast path", async () => {
  const app = new H3().get("/h3", () => "h3");
  const fastPath = (req: { url?: string }, res: { end(body: string): void }) => req.url === "/fast" && (res.end("fast"), true);
  running = await listenNode(createListener(app, { fastPath, durations: { observe() {} } as never }), app, { host: "127.0.0.1", port: 0 });
  // Connections are made one at a time, so the last one is the request's. (Asking a socket's
  // port here would cache its address on every socket, and the test could not fail.)
  let last: Socket | undefined;
  running.server.on("connection", (socket: Socket) => (last = socket));
  const { port } = running.server.address() as { port: number };

  /** One request on a new kept-alive connection; resolves with the server's socket for it. */
  async function answeredSocket(path: string): Promise<Socket> {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, agent }, (res) => void res.resume().once("end", resolve));
      req.once("error", reject).end();
    });
    agent.destroy();
    return last!;
  }

  // V8 shrinks a class's objects once it has seen a few of them built, which gives the later
  // ones another hidden class whatever the server does; compare sockets built after that.
  for (let i = 0; i < 10; i++) await answeredSocket("/fast");
  const fast = [await answeredSocket("/fast"), await answeredSocket("/fast")];
  const routed = await answeredSocket("/h3");
  expect(sameShape(fast[0]!, fast[1]!)).toBe(true);
  expect(sameShape(fast[0]!, routed)).toBe(true);
});
