/**
 * The one version of presence-kit, read from package.json at build time (the bundle inlines it):
 * `/`, `/health`, `/openapi.json` and `--version` all report this.
 */
import packageJson from "../package.json" with { type: "json" };

/** `package.json`'s `version`, e.g. `"0.2.0"`. */
export const VERSION: string = packageJson.version;
