/**
 * The stylesheet of `/docs`, inlined in the page: system fonts, light and dark from
 * `prefers-color-scheme` (GitHub's palette), a sticky contents column, and below 760 px one
 * column with each table row stacked as "Name: value" lines.
 * @see README.md#openapi-and-docs
 */
export const DOCS_CSS = [
  ":root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--code:#f6f8fa;--link:#0969da;",
  "--get:#1a7f37;--put:#9a6700;--post:#0969da;--patch:#8250df;--delete:#cf222e;color-scheme:light dark}",
  "@media(prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;",
  "--code:#151b23;--link:#4493f8;--get:#3fb950;--put:#d29922;--post:#4493f8;--patch:#ab7df8;",
  "--delete:#f85149}}",
  "*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);",
  'font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif}',
  "a{color:var(--link)}header{padding:1.5rem 1rem .5rem;max-width:78rem;margin:auto}h1{margin:0 0 .5rem}",
  ".layout{display:grid;grid-template-columns:17rem minmax(0,1fr);gap:2rem;max-width:78rem;",
  "margin:auto;padding:0 1rem 3rem}",
  "nav{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;font-size:.9em;",
  "padding:.5rem 0}nav ul{list-style:none;margin:0;padding-left:.75rem}nav>ul{padding:0}",
  "nav li{margin:.15rem 0;overflow-wrap:anywhere}nav h2{font-size:1em}main{min-width:0}",
  "section>h2{border-bottom:1px solid var(--line);padding-bottom:.3rem;margin-top:2rem}",
  ".op,.schema{border:1px solid var(--line);border-radius:8px;padding:.25rem 1rem 1rem;margin:1rem 0}",
  "h3{font-size:1.05em;overflow-wrap:anywhere}h4{margin:1rem 0 .3rem;font-size:.95em;color:var(--muted)}",
  "code{background:var(--code);padding:.05em .3em;border-radius:4px;font-size:.9em;",
  "overflow-wrap:break-word}.pattern{overflow-wrap:anywhere;font-size:.8em}",
  "pre{background:var(--code);padding:.75rem;border-radius:6px;overflow:auto;font-size:.85em}",
  ".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9em}",
  "th,td{text-align:left;vertical-align:top;border-top:1px solid var(--line);padding:.35rem .5rem}",
  "th{color:var(--muted);font-weight:600}.opt{color:var(--muted);font-size:.8em}",
  ".m{display:inline-block;min-width:3.6em;font:600 .78em ui-monospace,monospace;color:var(--get)}",
  ".m.put{color:var(--put)}.m.post{color:var(--post)}.m.patch{color:var(--patch)}",
  ".m.delete{color:var(--delete)}details{margin-top:.5rem}summary{cursor:pointer;color:var(--muted)}",
  "@media(max-width:760px){.layout{grid-template-columns:minmax(0,1fr);gap:0}",
  "nav{position:static;max-height:none}table,tbody,tr,td{display:block}thead{display:none}",
  "tr{border-top:1px solid var(--line);padding:.4rem 0}td{border:0;padding:.1rem 0}",
  'td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85em}',
  ".op,.schema{padding:.25rem .75rem .75rem}}",
].join("");
