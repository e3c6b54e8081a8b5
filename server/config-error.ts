/** Thrown for an invalid environment variable; the message is one line naming the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
