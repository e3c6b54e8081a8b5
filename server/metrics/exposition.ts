/**
 * Prometheus text exposition format 0.0.4, written by hand (a few lines; no client library).
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/
 */

/** The `Content-Type` of a scrape answer. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** One metric: its HELP and TYPE lines and its samples. */
export interface MetricFamily {
  /** `[a-zA-Z_:][a-zA-Z0-9_:]*`; counters end in `_total`. */
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  /** `suffix` is appended to the name (a histogram's `_bucket`, `_sum`, `_count`). */
  samples: Array<{ suffix?: string; labels?: Record<string, string>; value: number }>;
}

/**
 * Writes families as exposition text: `# HELP`, `# TYPE`, then one `name{label="v"} value` line
 * per sample, with label values and help escaped as the format asks.
 * @example
 * toExposition([{ name: "up", help: "Up.", type: "gauge", samples: [{ value: 1 }] }]);
 * // "# HELP up Up.\n# TYPE up gauge\nup 1\n"
 */
export function toExposition(families: MetricFamily[]): string {
  let out = "";
  for (const family of families) {
    out += `# HELP ${family.name} ${family.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n`;
    out += `# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) {
      out += `${family.name}${sample.suffix ?? ""}${_labels(sample.labels)} ${_value(sample.value)}\n`;
    }
  }
  return out;
}

// --- internal ---

function _labels(labels: Record<string, string> | undefined): string {
  if (!labels) return "";
  const pairs = Object.entries(labels).map(
    ([key, value]) => `${key}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
  );
  return pairs.length > 0 ? `{${pairs.join(",")}}` : "";
}

function _value(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
