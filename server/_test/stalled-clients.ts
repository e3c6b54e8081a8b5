/**
 * Clients that subscribe to everything and then read nothing, with a 4 KiB receive buffer. Node
 * cannot shrink a TCP socket's receive buffer, and on loopback the kernel grows it to tens of MB,
 * so a Node client that merely stops reading still takes a whole large initial state; these run in
 * a Python child (`python3`, standard library only) where `SO_RCVBUF` is set before connecting.
 */
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";

/** Whether `python3` can run the stalled clients. */
export const hasPython = spawnSync("python3", ["-c", "pass"]).status === 0;

/** What one stalled client got once it finally read. */
export interface StalledResult {
  /** Bytes received after the response head. */
  bytes: number;
  /** WebSocket: the close frame's code; SSE: `null`. */
  closeCode: number | null;
  /** Whether the server ended the connection (SSE) or sent a close frame (WebSocket). */
  ended: boolean;
}

/**
 * Opens `count` clients on `url`: WebSockets (`ws://…`) send Lanyard's `subscribe_to_all`, SSE
 * (`http://…`) just GET the stream. Resolves once all are connected; `read()` then makes them read
 * everything the server left for them (up to 10 s each) and resolves with what each got.
 */
export async function openStalledClients(url: string, count: number) {
  const child = spawn("python3", ["-c", kScript, url, String(count)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.value !== "ready") throw new Error(`stalled clients failed to start: ${first.value}`);
  return {
    async read(): Promise<StalledResult[]> {
      child.stdin.write("read\n");
      const line = await lines.next();
      child.stdin.end();
      return JSON.parse(line.value as string);
    },
    kill: () => child.kill(),
  };
}

// --- internal ---

const kScript = String.raw`
import base64, json, os, socket, sys
from urllib.parse import urlsplit
url, count = urlsplit(sys.argv[1]), int(sys.argv[2])
ws = url.scheme == "ws"
path = url.path + ("?" + url.query if url.query else "")
clients = []
for _ in range(count):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((url.hostname, url.port))
    head = "GET %s HTTP/1.1\r\nHost: %s:%d\r\n" % (path, url.hostname, url.port)
    if ws:
        key = base64.b64encode(os.urandom(16)).decode()
        head += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n" % key
    else:
        head += "Accept: text/event-stream\r\n"
    s.sendall((head + "\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += s.recv(4096)
    rest = buf.split(b"\r\n\r\n", 1)[1]
    if ws:
        payload = b'{"op":2,"d":{"subscribe_to_all":true}}'
        mask = os.urandom(4)
        s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
    clients.append((s, rest))
print("ready", flush=True)
sys.stdin.readline()

def frames(data):
    # Yields (opcode, payload start, payload end) of every complete frame.
    at = 0
    while at + 2 <= len(data):
        n = data[at + 1] & 0x7F
        h = 2
        if n == 126:
            if at + 4 > len(data): return
            n, h = int.from_bytes(data[at + 2:at + 4], "big"), 4
        elif n == 127:
            if at + 10 > len(data): return
            n, h = int.from_bytes(data[at + 2:at + 10], "big"), 10
        if at + h + n > len(data): return
        yield data[at] & 0x0F, at + h, at + h + n
        at += h + n

results = []
for s, rest in clients:
    s.settimeout(10)
    data, code, ended = bytearray(rest), None, False
    try:
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                ended = True
                break
            data += chunk
            if ws:
                for op, a, b in frames(data):
                    if op == 8:
                        code, ended = int.from_bytes(data[a:a + 2], "big"), True
                if code is not None:
                    break
    except OSError:
        ended = not ws
    s.close()
    results.append({"bytes": len(data), "closeCode": code, "ended": ended})
print(json.dumps(results), flush=True)
`;
