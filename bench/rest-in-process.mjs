// A control for bench/rest, preloaded into presence-kit (`node --import`): the raw baseline's own
// handler answers every captured path inside a presence-kit process, so the bench can tell the
// cost of the process (its heap, timers, gateway) from the cost of the fast path's per-request
// work. Anything not captured goes to presence-kit's own listener. Plain JS: it is loaded into the
// production build, without tsx.
import { readFileSync } from "node:fs";
import http from "node:http";
import { syncBuiltinESMExports } from "node:module";

const answers = new Map();
for (const [path, a] of Object.entries(JSON.parse(readFileSync(process.env.BENCH_ANSWERS, "utf8")))) {
  answers.set(path, { status: a.status, headers: a.headers.flat(), body: Buffer.from(a.body, "base64") });
}
const createServer = http.createServer;
http.createServer = function _createServer(...args) {
  const i = args.findIndex((a) => typeof a === "function");
  const listener = args[i];
  // The same code as bench/rest-raw-server.ts's node mode.
  args[i] = (req, res) => {
    const a = answers.get(req.url ?? "");
    if (!a) return listener(req, res);
    res.writeHead(a.status, [...a.headers, "content-length", String(a.body.length)]);
    res.end(a.body);
  };
  return createServer.apply(this, args);
};
// presence-kit imports `createServer` by name: make ES module imports see the wrapper.
syncBuiltinESMExports();
