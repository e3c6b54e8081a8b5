// The hand-written Prometheus text format, and the strict reader the route tests check it with.
import { describe, expect, it } from "vitest";
import { parseExposition } from "./_test/exposition-parser.ts";
import { toExposition } from "./exposition.ts";

describe("toExposition", () => {
  it("writes HELP, TYPE and samples, escaping help and label values", () => {
    const text = toExposition([
      { name: "a_total", help: "Back\\slash and\nnewline.", type: "counter", samples: [{ value: 3 }] },
      {
        name: "b",
        help: "Labels.",
        type: "gauge",
        samples: [
          { labels: { kind: 'say "hi"\\\n' }, value: 1.5 },
          { labels: { kind: "x", other: "y" }, value: NaN },
          { value: -Infinity },
        ],
      },
    ]);
    expect(text).toBe(
      [
        "# HELP a_total Back\\\\slash and\\nnewline.",
        "# TYPE a_total counter",
        "a_total 3",
        "# HELP b Labels.",
        "# TYPE b gauge",
        'b{kind="say \\"hi\\"\\\\\\n"} 1.5',
        'b{kind="x",other="y"} NaN',
        "b -Inf",
        "",
      ].join("\n"),
    );
    const scrape = parseExposition(text);
    expect(scrape.value("a_total")).toBe(3);
    expect(scrape.value("b", { kind: "x", other: "y" })).toBeNaN();
    expect(scrape.types.get("b")).toBe("gauge");
  });
});

describe("parseExposition (the test oracle) rejects what Prometheus would", () => {
  it.each([
    ["no trailing newline", "a 1"],
    ["bad metric name", "1a 1\n"],
    ["bad value", "a one\n"],
    ["unquoted label", "a{k=v} 1\n"],
    ["bad escape", 'a{k="\\x"} 1\n'],
    ["duplicate label", 'a{k="1",k="2"} 1\n'],
    ["duplicate sample", "a 1\na 2\n"],
    ["repeated TYPE", "# TYPE a gauge\n# TYPE a gauge\na 1\n"],
    ["unknown TYPE", "# TYPE a thing\na 1\n"],
    ["TYPE after samples", "a 1\n# TYPE a gauge\n"],
    ["split family", "a 1\nb 1\na{k=\"x\"} 1\n"],
    ["negative counter", "# TYPE a_total counter\na_total -1\n"],
    ["empty line", "a 1\n\nb 1\n"],
  ])("%s", (_what, text) => {
    expect(() => parseExposition(text)).toThrow();
  });
});
