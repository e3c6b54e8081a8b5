// The outbound worker's entry when the server runs from its TypeScript sources (tests, `npm run
// dev`): Node 20 does not pass `--import` loaders on to workers, so tsx is loaded here.
// The production build runs dist/server/outbound-worker.mjs instead.
import { tsImport } from "tsx/esm/api";

await tsImport("./worker.ts", import.meta.url);
