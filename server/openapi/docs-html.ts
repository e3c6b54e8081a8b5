/**
 * `/docs`: the API reference rendered from the OpenAPI document as one self-contained page (no
 * script, no external request): a table of contents by dialect, every operation with its
 * parameters (type, default) and responses, the shared 429 once, and each schema as a property
 * table with an example. Light and dark follow the reader's system; readable on a phone.
 * @see README.md#openapi-and-docs
 */
import type { Json, OpenApiDocument } from "./common.ts";
import { escapeHtml as _esc, inlineMarkdown as _md, markdown } from "./docs-markdown.ts";
import { DOCS_CSS } from "./docs-style.ts";
import { defaultHtml, exampleOf, htmlTable, refName, schemaTable, typeHtml } from "./docs-schema.ts";

/** The `Content-Security-Policy` of `/docs`: inline styles only, nothing loads. */
export const DOCS_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

/**
 * Renders the whole reference page.
 * @example
 * docsHtml(openapiDocument); // "<!doctype html>…"
 */
export function docsHtml(doc: OpenApiDocument): string {
  const groups = _groups(doc);
  const info = (doc.info ?? {}) as Json;
  const toc = [...groups].map(([tag, ops]) => {
    const links = ops.map((o) => `<li><a href="#${o.id}">${_method(o.method)} ${_esc(o.path)}</a></li>`);
    return `<li><a href="#${_slug(tag)}">${_esc(tag)}</a><ul>${links.join("")}</ul></li>`;
  });
  const sections = [...groups].map(([tag, ops]) => {
    const body = ops.map((o) => _operation(doc, o)).join("");
    return `<section id="${_slug(tag)}"><h2>${_esc(tag)}</h2>${body}</section>`;
  });
  const schemas = Object.entries(doc.components.schemas).map(
    ([name, s]) =>
      `<article id="schema-${name}" class="schema"><h3>${name}</h3>` +
      `${markdown(String(s.description ?? ""))}${schemaTable(s)}${_example(exampleOf(doc, s))}</article>`,
  );
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>presence-kit API reference</title><style>${DOCS_CSS}</style></head><body>`,
    `<header><h1>presence-kit API reference</h1>${markdown(String(info.description ?? ""))}`,
    '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1) · ',
    '<a href="/">Playground</a></p></header>',
    '<div class="layout"><nav aria-label="Contents"><h2>Contents</h2><ul>',
    `<li><a href="#rate-limits">Rate limits</a></li>${toc.join("")}`,
    '<li><a href="#schemas">Schemas</a></li></ul></nav>',
    `<main>${_rateLimits(doc)}${sections.join("")}`,
    `<section id="schemas"><h2>Schemas</h2>${schemas.join("")}</section></main></div>`,
    "</body></html>",
  ].join("\n");
}

// --- internal ---

interface _Op {
  id: string;
  method: string;
  path: string;
  op: Json;
}

/** Operations by their first tag, tags in the document's order. */
function _groups(doc: OpenApiDocument): Map<string, _Op[]> {
  const groups = new Map<string, _Op[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Json>)) {
      if (method === "parameters" || typeof op !== "object") continue;
      const tag = String((op.tags as string[] | undefined)?.[0] ?? "Other");
      const id = `op-${method}-${_slug(path)}`;
      groups.set(tag, [...(groups.get(tag) ?? []), { id, method, path, op }]);
    }
  }
  return groups;
}

function _operation(doc: OpenApiDocument, { id, method, path, op }: _Op): string {
  const params = ((op.parameters ?? []) as Json[]).map((p) => [
    `<code>${_esc(String(p.name))}</code>${p.required ? "" : ' <span class="opt">optional</span>'}`,
    _esc(String(p.in)),
    typeHtml(p.schema as Json),
    defaultHtml(p.schema as Json),
    _md(String(p.description ?? "")),
  ]);
  const paramTable = params.length
    ? `<h4>Parameters</h4>${htmlTable(["Name", "In", "Type", "Default", "Description"], params)}`
    : "";
  let example = "";
  const rows = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, r]) => {
    // The shared 429 is a $ref: stated once at the top, linked from here.
    if (r.$ref) return [status, 'Rate limited: see <a href="#rate-limits">Rate limits</a>.', "ErrorEnvelope"];
    const [type, media] = Object.entries((r.content ?? {}) as Record<string, Json>)[0] ?? [];
    const schema = media?.schema as Json | undefined;
    if (!example && status.startsWith("2") && type?.includes("json") && schema) {
      example = _example(exampleOf(doc, schema));
    }
    const named = schema && refName(schema);
    const body = !schema ? "—" : named ? typeHtml(schema) : `${typeHtml(schema)} <small>${_esc(type!)}</small>`;
    return [status, _md(String(r.description ?? "")), body];
  });
  return (
    `<article id="${id}" class="op"><h3>${_method(method)} <code>${_esc(path)}</code></h3>` +
    `${markdown(String(op.summary ?? ""))}${markdown(String(op.description ?? ""))}${paramTable}` +
    `<h4>Responses</h4>${htmlTable(["Status", "Meaning", "Body"], rows)}${example}</article>`
  );
}

/** The shared 429, stated once. */
function _rateLimits(doc: OpenApiDocument): string {
  const r = Object.values(doc.components.responses)[0];
  if (!r) return "";
  const headers = Object.entries((r.headers ?? {}) as Record<string, Json>).map(([name, h]) => [
    `<code>${name}</code>`,
    typeHtml(h.schema as Json),
    _md(String(h.description ?? "")),
  ]);
  return (
    '<section id="rate-limits"><h2>Rate limits</h2><p>Every operation marked 429 below may answer:</p>' +
    `<p><strong>429</strong> ${_md(String(r.description ?? ""))}</p>` +
    `${htmlTable(["Header", "Type", "Meaning"], headers)}` +
    '<p>Body: <a href="#schema-ErrorEnvelope">ErrorEnvelope</a>.</p></section>'
  );
}

function _method(method: string): string {
  return `<span class="m ${method}">${method.toUpperCase()}</span>`;
}

function _example(value: unknown): string {
  return `<details><summary>Example</summary><pre>${_esc(JSON.stringify(value, null, 2))}</pre></details>`;
}

function _slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "root";
}
