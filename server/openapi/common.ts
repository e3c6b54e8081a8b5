/**
 * Building blocks shared by every dialect's OpenAPI description: the snowflake path parameter,
 * the error envelopes and small response helpers.
 * @see README.md#openapi-and-docs
 */

import { ErrorCode } from "../errors.ts";

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses) or an OpenAPI object; kept loose on purpose. */
export type Json = Record<string, unknown>;

/** The document's shape, as far as the docs page and the tests read it. */
export interface OpenApiDocument {
  paths: Record<string, Json>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json> };
  [key: string]: unknown;
}

/** A `$ref` to a schema under `components.schemas`. */
export function ref(name: string): Json {
  return { $ref: `#/components/schemas/${name}` };
}

/** `type` or null, in JSON Schema 2020-12 style. */
export function nullable(schema: Json): Json {
  return { anyOf: [schema, { type: "null" }] };
}

/** An object schema: every listed key required unless named in `optional`; no other keys. */
export function strictObject(properties: Record<string, Json>, optional: string[] = []): Json {
  const required = Object.keys(properties).filter((key) => !optional.includes(key));
  return { type: "object", properties, required, additionalProperties: false };
}

/** The `:id` path parameter: a Discord user id. */
export const snowflakeParam: Json = {
  name: "id",
  in: "path",
  required: true,
  description: "A Discord user id (a snowflake: 17–20 digits).",
  schema: { type: "string", pattern: "^[1-9][0-9]{16,19}$" },
};

/** A JSON response with a schema. */
export function json(description: string, schema: Json): Json {
  return { description, content: { "application/json": { schema } } };
}

/** A response whose body is text or bytes of each media type listed (keys may carry parameters). */
export function body(description: string, ...types: string[]): Json {
  const content: Record<string, Json> = {};
  for (const type of types) content[type] = { schema: { type: "string" } };
  return { description, content };
}

/** presence-kit's (and Lanyard's, Tether's, Grux's) error envelope. */
export function envelopeError(description: string): Json {
  return json(description, ref("ErrorEnvelope"));
}

/** Schemas every dialect shares. */
export const commonSchemas: Record<string, Json> = {
  ErrorCode: {
    description: "Every error code presence-kit answers with (README, Errors).",
    enum: Object.values(ErrorCode),
  },
  ErrorEnvelope: strictObject({
    success: { const: false },
    error: strictObject({ code: ref("ErrorCode"), message: { type: "string" } }),
  }),
  Timestamps: {
    type: "object",
    properties: { start: { type: "integer" }, end: { type: "integer" } },
    additionalProperties: false,
  },
};

/** A WebSocket route: a GET that upgrades (101), or 400 `upgrade_failed` without an upgrade. */
export function websocket(summary: string, description: string, tag: string, extra: Json = {}): Json {
  return {
    get: {
      tags: [tag],
      summary,
      description,
      ...extra,
      responses: {
        "101": { description: "Switching Protocols: the WebSocket session starts." },
        "400": envelopeError("Not a WebSocket upgrade request (`upgrade_failed`)."),
      },
    },
  };
}
