/**
 * Removes secrets from a finished log line: configured strings (the bot token, a Redis password)
 * and the shapes secrets take in messages (`pk_…` API keys, credentials in URLs, `Bot`/`Bearer`
 * authorization values). It runs on every line, after pino's field redaction, so a secret inside
 * an error message or a stack is caught too.
 */

/** `[redacted]`, what a secret is replaced with. */
export const kRedacted = "[redacted]";

/**
 * Creates the scrubber for a set of exact secrets (empty and very short values are ignored: a
 * 1-character "secret" would blank out every line).
 * @example
 * createScrubber(["abc.def.ghi"])("token abc.def.ghi"); // "token [redacted]"
 */
export function createScrubber(secrets: Array<string | undefined>): (line: string) => string {
  const exact = [...new Set(secrets.filter((s): s is string => !!s && s.length >= 6))];
  // Longest first, so a secret that contains another is removed whole.
  exact.sort((a, b) => b.length - a.length);
  return function _scrub(line: string): string {
    let out = line;
    for (const secret of exact) {
      if (out.includes(secret)) out = out.split(secret).join(kRedacted);
      // In a JSON line the secret may appear escaped (a quote or backslash inside it).
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(kRedacted);
    }
    return out
      .replace(/\bpk_[0-9a-f]{32}\b/g, `pk_${kRedacted}`)
      .replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@"]*)@/gi, `$1${kRedacted}@`)
      .replace(/\b(Bot|Bearer) [A-Za-z0-9._~+/=-]{8,}/g, `$1 ${kRedacted}`);
  };
}
