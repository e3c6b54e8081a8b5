/**
 * Checks a real answer against what the OpenAPI document says its route answers with that status:
 * the status is documented, required headers are there and valid, the content type is one the
 * response lists, and a JSON body validates against its schema.
 */

import type { Json } from "../common.ts";
import { openapiDocument } from "../document.ts";
import { validateInline } from "./conformance.ts";

/** One answer as a test saw it: `body` parsed when it is JSON, else text. */
export interface Answer {
  status: number;
  headers: Headers;
  body?: unknown;
}

/**
 * Where `answer` differs from the document's response for `route` and its status.
 * @example
 * expect(responseMismatches("GET /metrics", await answer(res))).toEqual([]);
 */
export function responseMismatches(route: string, answer: Answer): string[] {
  const [method = "", path = ""] = route.split(" ");
  const op = (openapiDocument.paths[path] as Record<string, Json> | undefined)?.[method.toLowerCase()];
  if (!op) return [`${route}: not in the document`];
  const response = _resolve((op.responses as Record<string, Json>)[String(answer.status)]);
  if (!response) return [`${route}: ${answer.status} is not documented`];
  const out: string[] = [];
  for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
    const value = answer.headers.get(name);
    if (value === null) {
      if (header.required) out.push(`${route} ${answer.status}: no ${name} header`);
      continue;
    }
    const parsed = /^-?\d+$/.test(value) ? Number(value) : value;
    out.push(...validateInline(header.schema as Json, parsed).map((e) => `${name}: ${e}`));
  }
  const content = response.content as Record<string, Json> | undefined;
  const type = answer.headers.get("content-type");
  if (!content) return out;
  const key = Object.keys(content).find((k) => type !== null && _mediaMatches(k, type));
  if (!key) return [...out, `${route} ${answer.status}: content-type ${type} is not documented`];
  if (method !== "HEAD" && _essence(key) === "application/json") {
    out.push(...validateInline(content[key]!.schema as Json, answer.body));
  }
  return out;
}

/**
 * An {@link Answer} from a fetch `Response` (its body read; JSON parsed when it parses).
 * @example
 * const a = await answer(await fetch(url));
 */
export async function answer(res: Response): Promise<Answer & { text: string }> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body, text };
}

// --- internal ---

function _resolve(response: Json | undefined): Json | undefined {
  const ref = response?.$ref as string | undefined;
  if (!ref) return response;
  return openapiDocument.components.responses[ref.slice("#/components/responses/".length)];
}

function _essence(mediaType: string): string {
  return mediaType.split(";")[0]!.trim().toLowerCase();
}

function _params(mediaType: string): string[] {
  return mediaType.split(";").slice(1).map((p) => p.trim().toLowerCase().replace(/\s*=\s*/, "="));
}

/** `image/*` and `*\/*` are ranges; every parameter the key names must be in the actual type. */
function _mediaMatches(key: string, actual: string): boolean {
  const [want, have] = [_essence(key), _essence(actual)];
  const range = want === "*/*" || (want.endsWith("/*") && have.startsWith(want.slice(0, -1)));
  if (!range && want !== have) return false;
  const params = _params(actual);
  return _params(key).every((p) => params.includes(p));
}
