/**
 * Schemas for people on `/docs`: a one-line type for any JSON Schema, a property table for an
 * object schema, and an example value synthesised from the schema (const, default, enum, format).
 * @see README.md#openapi-and-docs
 */
import type { Json, OpenApiDocument } from "./common.ts";
import { escapeHtml, inlineMarkdown } from "./docs-markdown.ts";

/**
 * A short HTML type: `string`, `integer ≥ 1`, `"online" | "idle"`, a link to a named schema,
 * `LanyardSpotify | null`, `array of …`, `map of string`.
 * @example
 * typeHtml({ anyOf: [{ type: "string" }, { type: "null" }] }); // "string | null"
 */
export function typeHtml(schema: Json | undefined): string {
  if (!schema) return "any";
  const name = _refName(schema);
  if (name) return `<a href="#schema-${name}">${name}</a>`;
  if ("const" in schema) return `<code>${escapeHtml(JSON.stringify(schema.const))}</code>`;
  if (Array.isArray(schema.enum)) {
    const values = schema.enum as unknown[];
    const shown = values.slice(0, 12).map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`);
    return shown.join(" | ") + (values.length > 12 ? ` | … (${values.length} values)` : "");
  }
  const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (union) return union.map(typeHtml).join(" | ");
  if (schema.type === "array") return `array of ${typeHtml(schema.items as Json)}`;
  const map = typeof schema.additionalProperties === "object";
  if (schema.type === "object" && !schema.properties && map) {
    return `map of ${typeHtml(schema.additionalProperties as Json)}`;
  }
  const bounds = [
    schema.minimum !== undefined ? `≥ ${schema.minimum}` : "",
    schema.maximum !== undefined ? `≤ ${schema.maximum}` : "",
    schema.maxLength !== undefined ? `≤ ${schema.maxLength} chars` : "",
  ].filter(Boolean);
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : String(schema.type ?? "any");
  const pattern = schema.pattern
    ? ` <code class="pattern">${escapeHtml(String(schema.pattern))}</code>`
    : "";
  return `${type}${bounds.length ? ` ${bounds.join(", ")}` : ""}${pattern}`;
}

/** The `default` of a schema as HTML, or an em dash. */
export function defaultHtml(schema: Json | undefined): string {
  if (!schema || !("default" in schema)) return "—";
  return `<code>${escapeHtml(JSON.stringify(schema.default))}</code>`;
}

/**
 * A table of an object schema's properties (name, type, required, description), or a one-line
 * type for anything else.
 */
export function schemaTable(schema: Json): string {
  const properties = schema.properties as Record<string, Json> | undefined;
  if (!properties) return `<p class="type">Type: ${typeHtml(schema)}</p>`;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows = Object.entries(properties).map(([name, s]) => [
    `<code>${escapeHtml(name)}</code>${required.has(name) ? "" : _OPTIONAL}`,
    typeHtml(s),
    inlineMarkdown(String(s.description ?? "")),
  ]);
  return htmlTable(["Property", "Type", "Description"], rows);
}

/**
 * A table whose cells carry their column's name (`data-label`), so a phone can show each row as
 * a small stack of "Name: value" lines instead of a table wider than the screen.
 * @example
 * htmlTable(["Name"], [["<code>id</code>"]]);
 */
export function htmlTable(headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th>${h}</th>`).join("");
  const body = rows
    .map((cells) => `<tr>${cells.map((c, i) => `<td data-label="${headers[i]}">${c}</td>`).join("")}</tr>`)
    .join("");
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/**
 * An example value of a schema, following `$ref`s (to a depth of 6): `example`, `const`,
 * `default`, the first enum value, else a value of the type.
 * @example
 * exampleOf(doc, { type: "object", properties: { ok: { const: true } } }); // { ok: true }
 */
export function exampleOf(doc: OpenApiDocument, schema: Json | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  const name = _refName(schema);
  if (name) return exampleOf(doc, doc.components.schemas[name], depth + 1);
  if ("example" in schema) return schema.example;
  if ("const" in schema) return schema.const;
  if ("default" in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (union) return exampleOf(doc, union.find((s) => s.type !== "null") ?? union[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "object" || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, s] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
      out[key] = exampleOf(doc, s, depth + 1);
    }
    if (!schema.properties && typeof schema.additionalProperties === "object") {
      out.key = exampleOf(doc, schema.additionalProperties as Json, depth + 1);
    }
    return out;
  }
  if (type === "array") return [exampleOf(doc, schema.items as Json, depth + 1)];
  if (type === "integer" || type === "number") return (schema.minimum as number | undefined) ?? 0;
  if (type === "boolean") return false;
  if (type === "null") return null;
  if (schema.pattern === "^[1-9][0-9]{16,19}$") return "94490510688792576";
  return "string";
}

/** The schema name a `{ $ref: "#/components/schemas/X" }` points to. */
export function refName(schema: Json | undefined): string | undefined {
  return schema ? _refName(schema) : undefined;
}

// --- internal ---

const _OPTIONAL = ' <span class="opt">optional</span>';

function _refName(schema: Json): string | undefined {
  return /^#\/components\/schemas\/(\w+)$/.exec(String(schema.$ref ?? ""))?.[1];
}
