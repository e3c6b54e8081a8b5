// The live logs: Lanyard's WebSocket protocol on /socket and the user's SSE stream, newest first.
import { byId, h, pretty } from "./dom.js";

/** Entries kept per log; older ones are dropped. */
export const LOG_LIMIT = 200;

/**
 * A log panel (`<prefix>-log`, `-state`, `-toggle`, `-clear`, `-url`) that follows one user
 * through `connect`, which opens the connection and returns its closer.
 * @param {"ws" | "sse"} prefix
 * @param {(userId: string, log: ReturnType<typeof _logger>) => () => void} connect
 */
export function createLivePanel(prefix, connect) {
  const log = _logger(prefix);
  const toggle = byId(`${prefix}-toggle`);
  let userId = "";
  let close = () => {};
  const start = () => {
    close();
    close = () => {};
    if (!userId || toggle.dataset.on !== "true") return log.state("closed");
    close = connect(userId, log);
  };
  toggle.addEventListener("click", () => {
    const on = toggle.dataset.on !== "true";
    toggle.dataset.on = String(on);
    toggle.textContent = on ? "Disconnect" : "Connect";
    if (!on) log.info("disconnected");
    start();
  });
  byId(`${prefix}-clear`).addEventListener("click", () => log.clear());
  return {
    /** Follows another user (a fresh log), or the same one again. */
    follow(id) {
      if (id !== userId) log.clear();
      userId = id;
      start();
    },
  };
}

/** Delay before the socket is opened again after the server went away. */
export const SOCKET_RETRY_MS = 2000;

/**
 * Lanyard's socket: Hello → Initialize with `subscribe_to_id`, then a heartbeat per interval.
 * Opened again after a restart or a network loss; a protocol close (4xxx) is final.
 */
export function connectSocket(userId, log) {
  let stopped = false;
  let retry = 0;
  let close = () => {};
  const open = () => {
    close = _openSocket(userId, log, (code) => {
      if (stopped || !_RETRY_CODES.includes(code)) return;
      log.info(`opening again in ${SOCKET_RETRY_MS / 1000} s`);
      retry = setTimeout(open, SOCKET_RETRY_MS);
    });
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    close();
  };
}

/** The user's Server-Sent Events stream: `init`, `presence` and `remove` events. */
export function connectEvents(userId, log) {
  const path = `/v1/users/${encodeURIComponent(userId)}/events`;
  byId("sse-url").textContent = path;
  const source = new EventSource(path);
  log.state("connecting");
  source.onopen = () => log.state("open");
  for (const name of ["init", "presence", "remove"]) {
    source.addEventListener(name, (event) => {
      const data = JSON.parse(event.data);
      const id = event.lastEventId ? ` · id ${event.lastEventId}` : "";
      log.entry("in", name, `${_summary(data)}${id}`, data);
    });
  }
  source.onerror = () => {
    const closed = source.readyState === EventSource.CLOSED;
    log.info(closed ? "stream refused or closed" : "connection lost, reconnecting…");
    log.state(closed ? "closed" : "reconnecting");
  };
  return () => source.close();
}

// --- internal ---

/** Going away (restart), abnormal (network), server error, service restart. */
const _RETRY_CODES = [1001, 1006, 1011, 1012];

function _openSocket(userId, log, onClose) {
  const url = new URL("/socket", location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  byId("ws-url").textContent = url.pathname;
  const ws = new WebSocket(url);
  let heartbeat = 0;
  const send = (message, label) => {
    ws.send(JSON.stringify(message));
    log.entry("out", label, "", message);
  };
  log.state("connecting");
  ws.onopen = () => log.state("open");
  ws.onmessage = ({ data }) => {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return log.info(`not JSON: ${String(data).slice(0, 80)}`);
    }
    if (message.op === 1) {
      log.entry("in", "op 1 Hello", `heartbeat every ${message.d.heartbeat_interval} ms`, message);
      send({ op: 2, d: { subscribe_to_id: userId } }, "op 2 Initialize");
      heartbeat = setInterval(() => send({ op: 3 }, "op 3 Heartbeat"), message.d.heartbeat_interval);
    } else {
      log.entry("in", `op ${message.op} ${message.t ?? ""}`.trim(), _summary(message.d), message);
    }
  };
  ws.onclose = ({ code, reason }) => {
    clearInterval(heartbeat);
    log.info(`closed: ${code}${reason ? ` ${reason}` : ""}`);
    log.state("closed");
    onClose(code);
  };
  return () => {
    clearInterval(heartbeat);
    ws.onclose = ws.onmessage = null;
    // Closing a socket still connecting makes the browser log an error: let it open first.
    if (ws.readyState === WebSocket.CONNECTING) ws.onopen = () => ws.close(1000);
    else ws.close(1000);
  };
}

function _logger(prefix) {
  const list = byId(`${prefix}-log`);
  const badge = byId(`${prefix}-state`);
  const add = (item) => {
    list.prepend(item);
    while (list.children.length > LOG_LIMIT) list.lastElementChild.remove();
  };
  return {
    /** A message: `dir` is "in" (from the server) or "out" (sent). */
    entry(dir, kind, summary, data) {
      const item = h("li", { className: `entry ${dir}` },
        h("time", {}, new Date().toLocaleTimeString()),
        h("span", { className: "dir", title: dir === "in" ? "received" : "sent" }, dir === "in" ? "←" : "→"),
        h("strong", {}, kind),
        h("span", { className: "summary" }, summary),
        h("details", {}, h("summary", {}, "JSON"), h("pre", { className: "json" }, pretty(data))),
      );
      item.dataset.kind = kind;
      add(item);
      list.dispatchEvent(new CustomEvent("live-message", { detail: { dir, kind, data } }));
    },
    info(text) {
      add(h("li", { className: "entry info" }, h("time", {}, new Date().toLocaleTimeString()), h("span", {}, text)));
    },
    state(state) {
      badge.textContent = state;
      badge.dataset.state = state;
    },
    clear() {
      list.replaceChildren();
    },
  };
}

/** One line about a Lanyard presence (or a map of them, or a removal). */
function _summary(d) {
  if (!d || typeof d !== "object") return "";
  if (!("discord_status" in d)) return "user_id" in d ? `user ${d.user_id}` : `${Object.keys(d).length} user(s)`;
  const doing = d.spotify
    ? `listening to ${d.spotify.song} by ${d.spotify.artist}`
    : d.activities?.find((a) => a.type !== 4)?.name;
  return [d.discord_status, doing].filter(Boolean).join(" · ");
}
