/**
 * `/docs`: a self-contained HTML rendering of the OpenAPI document (no scripts, no CDN).
 * @see README.md#openapi-and-docs
 */

import type { Json, OpenApiDocument } from "./common.ts";

/**
 * Renders the routes (grouped by tag, with their responses) and the schemas as plain HTML.
 * @example
 * docsHtml(openapiDocument); // "<!doctype html>…"
 */
export function docsHtml(doc: OpenApiDocument): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Json>)) {
      const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
        .map(([status, r]) => [status, _resolve(doc, r)] as const)
        .map(([status, r]) => `<li><b>${status}</b> ${_esc(String(r.description ?? ""))}${_refs(r)}</li>`)
        .join("");
      rows.push(
        `<tr><td>${_esc(String((op.tags as string[] | undefined)?.[0] ?? ""))}</td>` +
          `<td><code>${method.toUpperCase()}</code></td><td><code>${_esc(path)}</code></td>` +
          `<td>${_esc(String(op.summary ?? ""))}<p>${_esc(String(op.description ?? ""))}</p>` +
          `<ul>${responses}</ul></td></tr>`,
      );
    }
  }
  const schemas = Object.entries(doc.components.schemas)
    .map(([name, s]) => `<h3 id="${name}">${name}</h3><pre>${_esc(JSON.stringify(s, null, 2))}</pre>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>presence-kit API</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem}
table{border-collapse:collapse;width:100%}td{border-top:1px solid #ccc;padding:.4rem;vertical-align:top}
pre{background:#f4f4f4;padding:.5rem;overflow:auto}p{margin:.2rem 0;color:#555}</style></head>
<body><h1>presence-kit API</h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Routes</h2><table>${rows.join("")}</table><h2>Schemas</h2>${schemas}</body></html>`;
}

// --- internal ---

function _esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A response itself, or the `components.responses` entry it refers to. */
function _resolve(doc: OpenApiDocument, response: Json): Json {
  const name = /^#\/components\/responses\/(\w+)$/.exec(String(response.$ref ?? ""))?.[1];
  return (name && doc.components.responses[name]) || response;
}

function _refs(response: Json): string {
  const match = /#\/components\/schemas\/(\w+)/.exec(JSON.stringify(response.content ?? {}));
  return match ? ` — <a href="#${match[1]}">${match[1]}</a>` : "";
}
