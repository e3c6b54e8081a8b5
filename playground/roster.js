// The monitored users of the picker, kept live: one Server-Sent Events stream for every listed
// user, so the picker and the page header show the status the REST panes and widgets show.
import { h } from "./dom.js";

/**
 * Loads `GET /playground/users` and follows them. `onChange(user)` runs for every live change of
 * a listed user (after the picker is updated).
 * @param {HTMLSelectElement} select
 * @param {(user: any) => void} onChange
 */
export async function loadRoster(select, onChange) {
  /** @type {Map<string, any>} */
  const users = new Map();
  const res = await fetch("/playground/users", { headers: { accept: "application/json" } });
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  for (const user of body.data) users.set(user.id, user);
  select.replaceChildren(
    h("option", { value: "" }, `Choose one of ${users.size} users…`),
    ...[...users.values()].map((u) => h("option", { value: u.id }, optionLabel(u))),
  );
  if (users.size) _follow(users, select, onChange);
  return users;
}

/**
 * The user the page opens on: a person (never a bot) who is online and doing something, in the
 * server's order; else any person; else the first.
 * @param {Iterable<any>} users
 */
export function pickInteresting(users) {
  const list = [...users];
  const score = (u) => (u.bot ? 0 : 4) + (u.discord_status !== "offline" ? 2 : 0) + (u.activity ? 1 : 0);
  return list.reduce((best, u) => (score(u) > score(best) ? u : best), list[0]);
}

/** What the picker shows for a user. */
export function optionLabel(u) {
  return `${u.display_name} (@${u.username})${u.bot ? " · bot" : ""} · ${u.discord_status}`;
}

// --- internal ---

function _follow(users, select, onChange) {
  const ids = [...users.keys()].join(",");
  const source = new EventSource(`/v1/events?ids=${ids}`);
  const apply = (id, presence) => {
    const user = users.get(id);
    if (!user || !presence) return;
    user.discord_status = presence.discord_status;
    user.activity = presence.activities?.find((a) => a.type !== 4)?.name ?? null;
    const option = select.querySelector(`option[value="${id}"]`);
    if (option) option.textContent = optionLabel(user);
    onChange(user);
  };
  source.addEventListener("init", ({ data }) => {
    for (const [id, presence] of Object.entries(JSON.parse(data))) apply(id, presence);
  });
  source.addEventListener("presence", ({ data }) => {
    const presence = JSON.parse(data);
    apply(presence.user_id, presence);
  });
}
