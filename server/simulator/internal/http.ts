/** Small node:http helpers shared by the REST, control and asset routes. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorCodes, SimulatorError } from "../errors.ts";

/** CORS headers: the playground page fetches the control surface from another origin. */
export const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, HEAD, POST, DELETE, OPTIONS",
  "access-control-allow-headers": "authorization, content-type",
} as const;

/** Answers with JSON (always `content-type: application/json`; no body for HEAD). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
    ...headers,
  });
  res.end(res.req?.method === "HEAD" ? undefined : json);
}

/** Reads and parses a JSON request body; an empty body is `{}`. */
export async function readJson(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw new SimulatorError(errorCodes.PayloadTooLarge, `Body over ${limit} bytes`, 413);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new SimulatorError(errorCodes.InvalidJson, "Body is not valid JSON");
  }
}
