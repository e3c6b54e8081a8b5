// Outbound requests run in the outbound worker: the server's thread opens no client socket for a
// card image or a quicklink avatar, and a worker that dies fails only the calls it had in flight.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startStack, type Stack } from "../_test/harness.ts";
import { UpstreamError } from "../quicklinks/upstream.ts";
import { renderImage } from "../simulator/assets.ts";
import { PERSONAS } from "../simulator/personas.ts";
import { fetchAvatarOffThread, loadImageOffThread, outbound } from "./client.ts";

const USER = PERSONAS.coder.id;
const PNG = renderImage("avatar", "outbound", 16);
const LIMITS = { timeoutMs: 10_000, maxBytes: 1 << 20, publicOnly: false };

let cdn: Server;
let cdnPort: number;
let cdnUrl: string;
let stack: Stack;
/** Called for every CDN request; a test may hold the answer back. */
let onRequest: (req: IncomingMessage, res: ServerResponse) => void;
const answer = (_req: IncomingMessage, res: ServerResponse) =>
  res.writeHead(200, { "content-type": "image/png", "cache-control": "max-age=60" }).end(PNG);

beforeAll(async () => {
  onRequest = answer;
  cdn = createServer((req, res) => onRequest(req, res));
  await new Promise<void>((resolve) => cdn.listen(0, "127.0.0.1", resolve));
  cdnPort = (cdn.address() as AddressInfo).port;
  cdnUrl = `http://127.0.0.1:${cdnPort}`;
  stack = await startStack({ env: { DISCORD_CDN_URL: cdnUrl } });
});
afterAll(async () => {
  await stack?.close();
  cdn?.closeAllConnections();
  cdn?.close();
});

it("card images and quicklink avatars are fetched, with no client socket to the CDN on the server's thread", async () => {
  const ports: number[] = [];
  const onSocket = ({ socket }: { socket: Socket }) => socket.once("connect", () => ports.push(socket.remotePort!));
  const fetched: string[] = [];
  onRequest = (req, res) => (fetched.push(req.url!), answer(req, res));
  subscribe("net.client.socket", onSocket as (message: unknown) => void);
  try {
    const card = await fetch(`${stack.server.url}/cards/${USER}.svg`);
    const svg = await card.text();
    const quicklink = await fetch(`${stack.server.url}/${USER}.png`);
    expect(card.status).toBe(200);
    expect(svg).toContain(`data:image/png;base64,${PNG.toString("base64")}`);
    expect(quicklink.status).toBe(200);
    expect(Buffer.from(await quicklink.arrayBuffer())).toEqual(PNG);
  } finally {
    unsubscribe("net.client.socket", onSocket as (message: unknown) => void);
  }
  expect(fetched.some((path) => path.startsWith(`/avatars/${USER}/`))).toBe(true);
  // The test's own requests to the server open client sockets here; the CDN's must not.
  expect(ports.length).toBeGreaterThan(0);
  expect(ports).not.toContain(cdnPort);
  expect(outbound.threadId).toBeGreaterThan(0);
});

it("a worker that stops fails its calls in flight like a network error; the next call starts a new one", async () => {
  const held: ServerResponse[] = [];
  const arrived = new Promise<void>((resolve) => {
    onRequest = (_req, res) => held.push(res) === 2 && resolve();
  });
  const image = loadImageOffThread(`${cdnUrl}/held/1.png`, LIMITS);
  const avatar = fetchAvatarOffThread(`${cdnUrl}/held/2.png`);
  await arrived;
  const first = outbound.threadId;
  await outbound.close();
  await expect(image).resolves.toBeNull();
  await expect(avatar).rejects.toThrow(UpstreamError);
  await expect(avatar).rejects.toThrow(/outbound worker exited/);

  onRequest = answer;
  expect(await loadImageOffThread(`${cdnUrl}/again.png`, LIMITS)).toBe(`data:image/png;base64,${PNG.toString("base64")}`);
  expect(outbound.threadId).not.toBe(first);
});

it("an avatar's bytes arrive as a Buffer, as Node's socket writes take them without wrapping", async () => {
  onRequest = answer;
  const avatar = await fetchAvatarOffThread(`${cdnUrl}/buffer.png`);
  expect(avatar.status === 200 && Buffer.isBuffer(avatar.body) && avatar.body.equals(PNG)).toBe(true);
});

it("a refusal in the worker reaches the caller as an UpstreamError with its reason", async () => {
  onRequest = (_req, res) => res.writeHead(404, { "content-type": "text/html" }).end("no");
  const refused = fetchAvatarOffThread(`${cdnUrl}/missing.png`);
  await expect(refused).rejects.toThrow(UpstreamError);
  await expect(refused).rejects.toThrow("refused 404 text/html");
});
