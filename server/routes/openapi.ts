import type { H3 } from "h3";
import { DOCS_CSP, docsHtml } from "../openapi/docs-html.ts";
import { openapiDocument } from "../openapi/document.ts";
import { JSON_TYPE, sendAnswer } from "../serve/answer.ts";
import type { FastRoute } from "../serve/fast-path.ts";
import { negotiate, precompress } from "../serve/precompressed.ts";

/**
 * `GET /openapi.json` (the OpenAPI 3.1 document) and `GET /docs` (its HTML rendering), encoded
 * and compressed once (gzip, brotli, ETag), and answered by the fast path too.
 * @see README.md#openapi-and-docs
 */
export function openapiRoutes(app: H3): void {
  for (const file of openapiAnswers()) {
    app.get(file.route, function _openapiFile(event) {
      return sendAnswer(event, file.answer(event.req.headers));
    });
  }
}

/**
 * The two answers, built on first use and shared by the h3 routes and the fast path.
 * @example
 * openapiAnswers()[0].answer(req.headers); // /openapi.json, brotli when the client takes it
 */
export function openapiAnswers(): FastRoute[] {
  _answers ??= [
    _file("/openapi.json", JSON.stringify(openapiDocument), JSON_TYPE),
    _file("/docs", docsHtml(openapiDocument), "text/html; charset=utf-8", DOCS_CSP),
  ];
  return _answers;
}

// --- internal ---

let _answers: FastRoute[] | undefined;

function _file(route: string, text: string, contentType: string, csp?: string): FastRoute {
  const compressed = precompress(Buffer.from(text), { contentType, csp });
  return {
    route,
    answer: (headers) => negotiate(compressed, headers.get("accept-encoding"), headers.get("if-none-match")),
  };
}
