/**
 * The OpenAPI 3.1 document of every route of every dialect, assembled from the per-dialect files.
 * @see README.md#openapi-and-docs
 */

import { cardPaths } from "./cards.ts";
import { commonSchemas, type OpenApiDocument } from "./common.ts";
import { gruxPaths, gruxSchemas } from "./grux.ts";
import { lanyardPaths, lanyardSchemas } from "./lanyard.ts";
import { originoidPaths, originoidSchemas } from "./originoid.ts";
import { RATE_LIMITED, rateLimitedResponse, withRateLimits } from "./rate-limited.ts";
import { servicePaths, serviceSchemas } from "./service.ts";
import { tetherPaths, tetherSchemas } from "./tether.ts";
import { VERSION } from "../version.ts";

/** The whole document; built once, it only describes (no server URL, so it works behind any host). */
export const openapiDocument: OpenApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "presence-kit",
    version: VERSION,
    description:
      "Discord presences in the Lanyard, Tether, originoid Presence and Grux dialects, over REST, " +
      "WebSocket and Server-Sent Events, from one canonical model. Every route but `/health`, " +
      "`/livez` and `/metrics` counts against a per-address rate limit and may answer 429 `rate_limited`. A CORS " +
      "preflight (OPTIONS on any path) answers 200 and is never limited.",
  },
  jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
  paths: withRateLimits({
    ...servicePaths,
    ...lanyardPaths,
    ...tetherPaths,
    ...originoidPaths,
    ...gruxPaths,
    ...cardPaths,
  }),
  components: {
    schemas: {
      ...commonSchemas,
      ...serviceSchemas,
      ...lanyardSchemas,
      ...tetherSchemas,
      ...originoidSchemas,
      ...gruxSchemas,
    },
    responses: { [RATE_LIMITED]: rateLimitedResponse },
  },
};

/** Every `METHOD path` of the document, e.g. `GET /v1/presence/{id}`. */
export function documentedRoutes(): string[] {
  const routes: string[] = [];
  for (const [path, item] of Object.entries(openapiDocument.paths)) {
    for (const method of Object.keys(item)) routes.push(`${method.toUpperCase()} ${path}`);
  }
  return routes;
}
