// The baselines of bench/rest: a bare node:http server, or a bare h3 v2 app served by srvx (h3's
// `serve()`), each answering every path with the exact status, headers and bytes presence-kit
// gave for it (captured by bench/rest.ts). Prints its URL, then serves until killed.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { H3, serve } from "h3";
import { keepTickShapes } from "../server/serve/tick-shapes.ts";

// As presence-kit's entry does: a baseline whose nextTick caches went megamorphic would be slower
// for a reason of V8's, and the ratio would no longer compare the request paths.
keepTickShapes();

interface Captured {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

const [mode, file] = process.argv.slice(2);
const answers = new Map<string, Captured>();
for (const [path, a] of Object.entries(JSON.parse(readFileSync(file!, "utf8")) as Record<string, { status: number; headers: Array<[string, string]>; body: string }>)) {
  answers.set(path, { status: a.status, headers: a.headers, body: Buffer.from(a.body, "base64") });
}
const flat = new Map([...answers].map(([path, a]) => [path, a.headers.flat()]));

if (mode === "node") {
  const server = createServer((req, res) => {
    const a = answers.get(req.url ?? "");
    if (!a) return void res.writeHead(404).end();
    res.writeHead(a.status, [...flat.get(req.url!)!, "content-length", String(a.body.length)]);
    res.end(a.body);
  });
  server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`));
} else {
  const app = new H3();
  app.all("/**", function _bytes(event) {
    const a = answers.get(event.url.pathname + event.url.search);
    if (!a) return new Response(null, { status: 404 });
    event.res.status = a.status;
    for (const [k, v] of a.headers) event.res.headers.set(k, v);
    return new Uint8Array(a.body);
  });
  const server = serve(app, { port: 0, hostname: "127.0.0.1", silent: true });
  await server.ready();
  console.log(`listening on ${server.url!.replace(/\/$/, "")}`);
}
