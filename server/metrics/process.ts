/**
 * The standard process and Node.js runtime series, under the names Prometheus' Node client
 * (prom-client) gives them, so existing dashboards and alerts work: CPU, memory, file
 * descriptors, start time, event-loop delay, heap spaces, GC, plus `presence_kit_build_info`.
 * Read at scrape time; nothing runs between scrapes but Node's own event-loop histogram and a GC
 * observer.
 * @see README.md#rate-limits-and-metrics
 */
import { readdirSync, readFileSync } from "node:fs";
import { getHeapSpaceStatistics } from "node:v8";
import { VERSION } from "../version.ts";
import { eventLoopDelay } from "./event-loop.ts";
import type { MetricFamily } from "./exposition.ts";
import { gcTotals } from "./gc.ts";

/**
 * Every process and runtime family, in a stable order.
 * @example
 * toExposition([...collectMetrics(sources), ...collectProcessMetrics()]);
 */
export function collectProcessMetrics(): MetricFamily[] {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const lag = eventLoopDelay();
  const [major, minor, patch] = process.versions.node.split(".");
  const families: MetricFamily[] = [
    _counter("process_cpu_user_seconds_total", "User CPU time spent in seconds.", cpu.user / 1e6),
    _counter("process_cpu_system_seconds_total", "System CPU time spent in seconds.", cpu.system / 1e6),
    _counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", (cpu.user + cpu.system) / 1e6),
    _gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", Math.round(performance.timeOrigin) / 1000),
    _gauge("process_resident_memory_bytes", "Resident memory size in bytes.", memory.rss),
    _gauge("process_heap_bytes", "Process heap size in bytes.", memory.heapTotal),
    ..._fds(),
    _gauge("nodejs_eventloop_lag_min_seconds", "The minimum recorded event loop delay.", lag.min),
    _gauge("nodejs_eventloop_lag_max_seconds", "The maximum recorded event loop delay.", lag.max),
    _gauge("nodejs_eventloop_lag_mean_seconds", "The mean of the recorded event loop delays.", lag.mean),
    _gauge("nodejs_eventloop_lag_stddev_seconds", "The standard deviation of the recorded event loop delays.", lag.stddev),
    _gauge("nodejs_eventloop_lag_p50_seconds", "The 50th percentile of the recorded event loop delays.", lag.p50),
    _gauge("nodejs_eventloop_lag_p90_seconds", "The 90th percentile of the recorded event loop delays.", lag.p90),
    _gauge("nodejs_eventloop_lag_p99_seconds", "The 99th percentile of the recorded event loop delays.", lag.p99),
    _gauge("nodejs_heap_size_total_bytes", "Process heap size from Node.js in bytes.", memory.heapTotal),
    _gauge("nodejs_heap_size_used_bytes", "Process heap size used from Node.js in bytes.", memory.heapUsed),
    _gauge("nodejs_external_memory_bytes", "Node.js external memory size in bytes.", memory.external),
    ..._heapSpaces(),
    _counter("nodejs_gc_runs_total", "Garbage collections by kind.", gcTotals().map((g) => ({ labels: { kind: g.kind }, value: g.runs }))),
    _counter("nodejs_gc_seconds_total", "Time spent in garbage collection by kind, in seconds.", gcTotals().map((g) => ({ labels: { kind: g.kind }, value: g.seconds }))),
    _gauge("nodejs_version_info", "Node.js version info.", [{ labels: { version: process.version, major: major!, minor: minor!, patch: patch! }, value: 1 }]),
    _gauge("presence_kit_build_info", "presence-kit's version and the Node.js running it (always 1).", [
      { labels: { version: VERSION, node: process.version }, value: 1 },
    ]),
  ];
  return families;
}

// --- internal ---

type Samples = MetricFamily["samples"];

function _gauge(name: string, help: string, value: number | Samples): MetricFamily {
  return { name, help, type: "gauge", samples: typeof value === "number" ? [{ value }] : value };
}

function _counter(name: string, help: string, value: number | Samples): MetricFamily {
  return { name, help, type: "counter", samples: typeof value === "number" ? [{ value }] : value };
}

/** Open and maximum file descriptors, where /proc tells (Linux); nothing elsewhere. */
function _fds(): MetricFamily[] {
  try {
    const open = readdirSync("/proc/self/fd").length;
    const limits = readFileSync("/proc/self/limits", "utf8");
    const max = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return [
      _gauge("process_open_fds", "Number of open file descriptors.", open),
      ...(max ? [_gauge("process_max_fds", "Maximum number of open file descriptors.", Number(max))] : []),
    ];
  } catch {
    return [];
  }
}

function _heapSpaces(): MetricFamily[] {
  const spaces = getHeapSpaceStatistics();
  const per = (pick: (s: (typeof spaces)[number]) => number) =>
    spaces.map((s) => ({ labels: { space: s.space_name.replace(/_space$/, "") }, value: pick(s) }));
  return [
    _gauge("nodejs_heap_space_size_total_bytes", "Process heap space size total from Node.js in bytes.", per((s) => s.space_size)),
    _gauge("nodejs_heap_space_size_used_bytes", "Process heap space size used from Node.js in bytes.", per((s) => s.space_used_size)),
    _gauge("nodejs_heap_space_size_available_bytes", "Process heap space size available from Node.js in bytes.", per((s) => s.space_available_size)),
  ];
}
