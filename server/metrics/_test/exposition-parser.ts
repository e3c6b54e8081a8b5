/**
 * A strict reader of Prometheus text format 0.0.4 for tests: throws on anything a Prometheus
 * server would reject (or that the format leaves ambiguous), else returns every sample.
 */

/** A parsed scrape: samples by `name{label="v",…}` (labels in order of appearance) and types. */
export interface Scrape {
  samples: Map<string, number>;
  types: Map<string, string>;
  /** The value of one sample; throws when it is missing. */
  value(name: string, labels?: Record<string, string>): number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

/**
 * Parses and checks: HELP/TYPE lines well formed and at most once per family and before its
 * samples; each family's samples contiguous; names, label names, escapes and values valid; no
 * duplicate sample; counters never negative; trailing newline.
 */
export function parseExposition(text: string): Scrape {
  if (!text.endsWith("\n")) throw new Error("exposition must end with a newline");
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const closed = new Set<string>();
  let current: string | undefined;
  const lines = text.slice(0, -1).split("\n");
  lines.forEach((line, i) => {
    const where = `line ${i + 1} (${JSON.stringify(line)})`;
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // a plain comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name at ${where}`);
      if (samples.size > 0 && [...samples.keys()].some((k) => _family(k) === name)) {
        throw new Error(`${kind} after samples of ${name} at ${where}`);
      }
      if (kind === "TYPE") {
        if (types.has(name) || !TYPES.has(rest)) throw new Error(`bad or repeated TYPE at ${where}`);
        types.set(name, rest);
      } else {
        if (helps.has(name) || /\\[^\\n]/.test(rest.replace(/\\\\/g, ""))) throw new Error(`bad HELP at ${where}`);
        helps.add(name);
      }
      return;
    }
    if (line.trim() === "") throw new Error(`empty line at ${where}`);
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(line);
    if (!m) throw new Error(`bad sample at ${where}`);
    const [, name, rawLabels, rawValue] = m as unknown as [string, string, string | undefined, string];
    if (name !== current) {
      if (current !== undefined) closed.add(current);
      if (closed.has(name)) throw new Error(`samples of ${name} are not contiguous at ${where}`);
      current = name;
    }
    const key = `${name}${rawLabels ? _labels(rawLabels, where) : ""}`;
    if (samples.has(key)) throw new Error(`duplicate sample ${key}`);
    const value = _number(rawValue, where);
    if (types.get(name) === "counter" && !(value >= 0)) throw new Error(`negative counter at ${where}`);
    samples.set(key, value);
  });
  return {
    samples,
    types,
    value(name, labels) {
      const key = labels ? `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(",")}}` : name;
      const value = samples.get(key);
      if (value === undefined) throw new Error(`no sample ${key}`);
      return value;
    },
  };
}

// --- internal ---

function _family(key: string): string {
  const brace = key.indexOf("{");
  return brace === -1 ? key : key.slice(0, brace);
}

/** Checks `{a="x",b="y"}` character by character (values may hold `,`, `}` or escaped quotes). */
function _labels(raw: string, where: string): string {
  let i = 1;
  const seen = new Set<string>();
  while (raw[i] !== "}") {
    const eq = raw.indexOf("=", i);
    const name = raw.slice(i, eq);
    if (eq === -1 || !LABEL.test(name) || seen.has(name)) throw new Error(`bad label name at ${where}`);
    seen.add(name);
    if (raw[eq + 1] !== '"') throw new Error(`unquoted label value at ${where}`);
    i = eq + 2;
    for (; raw[i] !== '"'; i++) {
      if (i >= raw.length) throw new Error(`unterminated label value at ${where}`);
      if (raw[i] === "\\" && !'\\"n'.includes(raw[++i]!)) throw new Error(`bad escape at ${where}`);
    }
    i++;
    if (raw[i] === ",") i++;
    else if (raw[i] !== "}") throw new Error(`bad label separator at ${where}`);
  }
  if (i !== raw.length - 1) throw new Error(`text after labels at ${where}`);
  return raw;
}

function _number(raw: string, where: string): number {
  if (raw === "NaN") return NaN;
  if (raw === "+Inf") return Infinity;
  if (raw === "-Inf") return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`bad value at ${where}`);
  return Number(raw);
}
