/**
 * The shared conformance checks every dialect's REST routes run through: schema validation
 * against the OpenAPI document (ajv, JSON Schema 2020-12) and a field-by-field comparison with the
 * seed's example (names and JSON types).
 */

import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Json } from "../common.ts";
import { openapiDocument } from "../document.ts";

/** One dialect REST route, as the suite runs it. */
export interface DialectRoute {
  /** `METHOD /openapi/{path}`, as in the document. */
  route: string;
  /** The concrete path for a user id. */
  path: (id: string) => string;
  /** Component name of the 200 body. */
  schema: string;
  /** The seed's example body (the whole response). */
  seed: () => unknown;
  /** Component name of the error body. */
  errorSchema: string;
  badId: { status: number; code: string };
  unknown: { status: number; code: string };
  /** Whether `null` is allowed where the seed shows a value (Tether's Go structs never send null). */
  nullable: boolean;
  /** Dotted paths of raw Discord objects passed through as-is (not compared). */
  open?: string[];
  /** Dotted paths the seed documents elsewhere than in its example (e.g. its structs). */
  documented?: string[];
}

/**
 * A validator for one component of the OpenAPI document.
 * @example
 * const errors = validate("TetherResponse", body); // [] when valid
 */
export function validate(schema: string, value: unknown): string[] {
  const check = _ajv.getSchema(`openapi#/components/schemas/${schema}`);
  if (!check) throw new Error(`no schema ${schema}`);
  return _errors(check, value);
}

/** Like {@link validate}, for a schema written inline in the document (its `$ref`s resolved). */
export function validateInline(schema: Json, value: unknown): string[] {
  const source = JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/');
  let check = _inline.get(source);
  if (!check) _inline.set(source, (check = _ajv.compile(JSON.parse(source))));
  return _errors(check, value);
}

/**
 * Where `value` differs from the seed's example in field names or JSON types. Arrays compare
 * every item with the union of the seed's items; `null` in the seed accepts anything.
 */
export function shapeMismatches(value: unknown, seed: unknown, spec: DialectRoute, path = ""): string[] {
  if (seed === null || spec.open?.includes(path)) return [];
  if (value === null) return spec.nullable ? [] : [`${path}: null where the seed has ${_type(seed)}`];
  if (_type(value) !== _type(seed)) return [`${path}: ${_type(value)} where the seed has ${_type(seed)}`];
  if (Array.isArray(value)) {
    const items = seed as unknown[];
    if (items.length === 0) return [];
    const union = items.reduce(_merge);
    return value.flatMap((item, i) =>
      shapeMismatches(item, union, spec, `${path}[]`).map((m) => `${m} (#${i})`),
    );
  }
  if (_type(value) !== "object") return [];
  const out: string[] = [];
  const expected = seed as Record<string, unknown>;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    if (!(key in expected)) {
      if (!spec.documented?.includes(at)) out.push(`${at}: not in the seed`);
    }
    else out.push(...shapeMismatches(v, expected[key], spec, at));
  }
  return out;
}

// --- internal ---

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const _ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(_ajv);
_ajv.addSchema({ $id: "openapi", components: openapiDocument.components });

const _inline = new Map<string, ValidateFunction>();

function _errors(check: ValidateFunction, value: unknown): string[] {
  if (check(value)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

function _type(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function _merge(a: unknown, b: unknown): unknown {
  if (_type(a) !== "object" || _type(b) !== "object") return a ?? b;
  const out: Record<string, unknown> = { ...(a as object) };
  for (const [key, v] of Object.entries(b as Record<string, unknown>)) {
    out[key] = key in out ? _merge(out[key], v) : v;
  }
  return out;
}
