import type { H3 } from "h3";
import { DOCS_CSP, docsHtml } from "../openapi/docs-html.ts";
import { openapiDocument } from "../openapi/document.ts";

/**
 * `GET /openapi.json` (the OpenAPI 3.1 document) and `GET /docs` (its HTML rendering).
 * @see README.md#openapi-and-docs
 */
export function openapiRoutes(app: H3): void {
  const html = docsHtml(openapiDocument);
  app.get("/openapi.json", function _openapi() {
    return openapiDocument;
  });
  app.get("/docs", function _docs(event) {
    event.res.headers.set("content-type", "text/html; charset=utf-8");
    event.res.headers.set("content-security-policy", DOCS_CSP);
    return html;
  });
}
