import { request } from "node:http";

/**
 * Opens one SSE stream (node:http, no agent) and calls `onInit` once at its first `init` event,
 * `onPresence` with each `presence` event's frame. Returns a function that closes it.
 */
export function openSseStream(
  url: string,
  on: { init(): void; presence(frame: string): void; error(error: Error): void },
): () => void {
  const req = request(url, { agent: false }, (res) => {
    let buf = "";
    let inited = false;
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      buf += chunk;
      let end: number;
      while ((end = buf.indexOf("\n\n")) !== -1) {
        const frame = buf.slice(0, end);
        buf = buf.slice(end + 2);
        if (!inited && frame.includes("event: init")) (inited = true), on.init();
        else if (frame.includes("event: presence")) on.presence(frame);
      }
    });
  });
  req.on("error", (error) => on.error(error));
  req.end();
  return () => req.destroy();
}
