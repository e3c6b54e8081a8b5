/**
 * `/docs`: the API reference rendered from the OpenAPI document as one self-contained page (no
 * script, no external request): a table of contents by dialect, every operation with its
 * parameters (type, default) and responses, the shared 429 once, and each schema as a property
 * table with an example. Light and dark follow the reader's system; readable on a phone.
 * @see README.md#openapi-and-docs
 */
import type { Json, OpenApiDocument } from "./common.ts";
import { escapeHtml as _esc, inlineMarkdown as _md, markdown } from "./docs-markdown.ts";
import { defaultHtml, exampleOf, refName, schemaTable, typeHtml } from "./docs-schema.ts";

/** The `Content-Security-Policy` `/docs` is served with: inline styles only, nothing loads. */
export const DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Renders the whole reference page.
 * @example
 * docsHtml(openapiDocument); // "<!doctype html>…"
 */
export function docsHtml(doc: OpenApiDocument): string {
  const groups = _groups(doc);
  const info = (doc.info ?? {}) as Json;
  const toc = [...groups].map(
    ([tag, ops]) =>
      `<li><a href="#${_slug(tag)}">${_esc(tag)}</a><ul>` +
      ops.map((o) => `<li><a href="#${o.id}"><span class="m ${o.method}">${o.method.toUpperCase()}</span> ${_esc(o.path)}</a></li>`).join("") +
      "</ul></li>",
  );
  const sections = [...groups].map(
    ([tag, ops]) => `<section id="${_slug(tag)}"><h2>${_esc(tag)}</h2>${ops.map((o) => _operation(doc, o)).join("")}</section>`,
  );
  const schemas = Object.entries(doc.components.schemas).map(
    ([name, s]) =>
      `<article id="schema-${name}" class="schema"><h3>${name}</h3>${markdown(String(s.description ?? ""))}` +
      `${schemaTable(s)}${_example(exampleOf(doc, s))}</article>`,
  );
  return _stackable(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">
<title>presence-kit API reference</title><style>${_CSS}</style></head><body>
<header><h1>presence-kit API reference</h1>${markdown(String(info.description ?? ""))}
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1) · <a href="/">Playground</a></p></header>
<div class="layout"><nav aria-label="Contents"><h2>Contents</h2><ul><li><a href="#rate-limits">Rate limits</a></li>
${toc.join("")}<li><a href="#schemas">Schemas</a></li></ul></nav>
<main>${_rateLimits(doc)}${sections.join("")}<section id="schemas"><h2>Schemas</h2>${schemas.join("")}</section></main></div>
</body></html>`);
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
  const params = ((op.parameters ?? []) as Json[]).map(
    (p) =>
      `<tr><td><code>${_esc(String(p.name))}</code>${p.required ? "" : ' <span class="opt">optional</span>'}</td>` +
      `<td>${_esc(String(p.in))}</td><td>${typeHtml(p.schema as Json)}</td><td>${defaultHtml(p.schema as Json)}</td>` +
      `<td>${_md(String(p.description ?? ""))}</td></tr>`,
  );
  const paramTable = params.length
    ? `<h4>Parameters</h4><div class="scroll"><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Default</th>` +
      `<th>Description</th></tr></thead><tbody>${params.join("")}</tbody></table></div>`
    : "";
  let example = "";
  const rows = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, r]) => {
    if (r.$ref) return `<tr><td>${status}</td><td>Rate limited: see <a href="#rate-limits">Rate limits</a>.</td><td>ErrorEnvelope</td></tr>`;
    const content = (r.content ?? {}) as Record<string, Json>;
    const [type, media] = Object.entries(content)[0] ?? [];
    const schema = media?.schema as Json | undefined;
    const bodyType = schema ? (refName(schema) ? typeHtml(schema) : `${typeHtml(schema)} <small>${_esc(type!)}</small>`) : "—";
    if (!example && status.startsWith("2") && type?.includes("json") && schema) example = _example(exampleOf(doc, schema));
    return `<tr><td>${status}</td><td>${_md(String(r.description ?? ""))}</td><td>${bodyType}</td></tr>`;
  });
  return `<article id="${id}" class="op"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${_esc(path)}</code></h3>` +
    `${markdown(String(op.summary ?? ""))}${markdown(String(op.description ?? ""))}${paramTable}` +
    `<h4>Responses</h4><div class="scroll"><table><thead><tr><th>Status</th><th>Meaning</th><th>Body</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table></div>${example}</article>`;
}

/** The shared 429, stated once. */
function _rateLimits(doc: OpenApiDocument): string {
  const r = Object.values(doc.components.responses)[0];
  if (!r) return "";
  const headers = Object.entries((r.headers ?? {}) as Record<string, Json>).map(
    ([name, h]) => `<tr><td><code>${name}</code></td><td>${typeHtml(h.schema as Json)}</td><td>${_md(String(h.description ?? ""))}</td></tr>`,
  );
  return `<section id="rate-limits"><h2>Rate limits</h2><p>Every operation marked 429 below may answer:</p>` +
    `<p><strong>429</strong> ${_md(String(r.description ?? ""))}</p><div class="scroll"><table><thead><tr><th>Header</th>` +
    `<th>Type</th><th>Meaning</th></tr></thead><tbody>${headers.join("")}</tbody></table></div>` +
    `<p>Body: <a href="#schema-ErrorEnvelope">ErrorEnvelope</a>.</p></section>`;
}

/**
 * Gives every cell the name of its column (`data-label`), so a phone can show each row as a small
 * stack of "Name: value" lines instead of a table wider than the screen.
 */
function _stackable(html: string): string {
  return html.replace(/<table>([\s\S]*?)<\/table>/g, (table, inner: string) => {
    const labels = [...inner.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1]);
    const body = inner.replace(/<tr>([\s\S]*?)<\/tr>/g, (row, cells: string) => {
      let i = 0;
      return `<tr>${cells.replace(/<td>/g, () => `<td data-label="${labels[i++] ?? ""}">`)}</tr>`;
    });
    return table.replace(inner, body);
  });
}

function _example(value: unknown): string {
  return `<details><summary>Example</summary><pre>${_esc(JSON.stringify(value, null, 2))}</pre></details>`;
}

function _slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "root";
}

const _CSS = `:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--code:#f6f8fa;--link:#0969da;
--get:#1a7f37;--put:#9a6700;--post:#0969da;--patch:#8250df;--delete:#cf222e;color-scheme:light dark}
@media(prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--code:#151b23;
--link:#4493f8;--get:#3fb950;--put:#d29922;--post:#4493f8;--patch:#ab7df8;--delete:#f85149}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif}
a{color:var(--link)}header{padding:1.5rem 1rem .5rem;max-width:78rem;margin:auto}h1{margin:0 0 .5rem}
.layout{display:grid;grid-template-columns:17rem minmax(0,1fr);gap:2rem;max-width:78rem;margin:auto;padding:0 1rem 3rem}
nav{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;font-size:.9em;padding:.5rem 0}
nav ul{list-style:none;margin:0;padding-left:.75rem}nav>ul{padding:0}nav li{margin:.15rem 0;overflow-wrap:anywhere}
nav h2{font-size:1em}main{min-width:0}section>h2{border-bottom:1px solid var(--line);padding-bottom:.3rem;margin-top:2rem}
.op,.schema{border:1px solid var(--line);border-radius:8px;padding:.25rem 1rem 1rem;margin:1rem 0}
h3{font-size:1.05em;overflow-wrap:anywhere}h4{margin:1rem 0 .3rem;font-size:.95em;color:var(--muted)}
code{background:var(--code);padding:.05em .3em;border-radius:4px;font-size:.9em;overflow-wrap:break-word}
.pattern{overflow-wrap:anywhere}
pre{background:var(--code);padding:.75rem;border-radius:6px;overflow:auto;font-size:.85em}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{text-align:left;vertical-align:top;border-top:1px solid var(--line);padding:.35rem .5rem}
th{color:var(--muted);font-weight:600}.opt{color:var(--muted);font-size:.8em}.pattern{font-size:.8em}
.m{display:inline-block;min-width:3.6em;font:600 .78em ui-monospace,monospace;color:var(--get)}
.m.put{color:var(--put)}.m.post{color:var(--post)}.m.patch{color:var(--patch)}.m.delete{color:var(--delete)}
details{margin-top:.5rem}summary{cursor:pointer;color:var(--muted)}
@media(max-width:760px){.layout{grid-template-columns:minmax(0,1fr);gap:0}nav{position:static;max-height:none}
table,tbody,tr,td{display:block}thead{display:none}tr{border-top:1px solid var(--line);padding:.4rem 0}
td{border:0;padding:.1rem 0}td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85em}
.op,.schema{padding:.25rem .75rem .75rem}}`;
