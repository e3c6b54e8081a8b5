// The playground's entry: picks a user and points every panel at them.
import { createCardBuilder } from "./card-builder.js";
import { loadDialects, wireDialectTabs } from "./dialects.js";
import { byId, h, wireCopyButtons } from "./dom.js";
import { connectEvents, connectSocket, createLivePanel } from "./live.js";
import { createDemoKey } from "./demo-key.js";
import { loadRoster, pickInteresting } from "./roster.js";
import { createWidgetDemo } from "./widget-demo.js";

const SNOWFLAKE = /^\d{1,20}$/;

let userId = "";
/** @type {Map<string, any>} monitored users from the server, by id */
const users = new Map();

wireDialectTabs();
wireCopyButtons();
const socket = createLivePanel("ws", connectSocket);
const events = createLivePanel("sse", connectEvents);
const cards = createCardBuilder();
const widgets = createWidgetDemo();
const demoKey = createDemoKey(() => userId);

byId("user-form").addEventListener("submit", (event) => {
  event.preventDefault();
  show(byId("user-id").value.trim());
});
byId("user-select").addEventListener("change", (event) => {
  if (event.target.value) show(event.target.value);
});
byId("rest-refresh").addEventListener("click", () => userId && loadDialects(userId, () => userId));
// A change on the stream refreshes the REST panes, so they stay comparable with the live logs.
let refresh = 0;
byId("sse-log").addEventListener("live-message", ({ detail }) => {
  if (detail.kind !== "presence") return;
  clearTimeout(refresh);
  refresh = setTimeout(() => loadDialects(userId, () => userId), 200);
});
window.addEventListener("hashchange", () => {
  const id = _hashUser();
  if (id && id !== userId) show(id);
});

await _loadUsers();
// Someone quick may have loaded an id already while the list was on its way. Without a #user=,
// the page opens on someone who is doing something, never on the bot.
const first = _hashUser() || pickInteresting(users.values())?.id;
if (first && !userId) show(first);
else if (userId) {
  // The list arrived after a typed id: the picker and header catch up with it.
  byId("user-select").value = users.has(userId) ? userId : "";
  _summarize(userId);
}

/**
 * Shows one user everywhere: REST panes, live logs, card and widgets.
 * @param {string} id
 */
function show(id) {
  const summary = byId("user-summary");
  if (!SNOWFLAKE.test(id)) {
    summary.textContent = `"${id}" is not a Discord user id (up to 20 digits).`;
    return;
  }
  userId = id;
  byId("user-id").value = id;
  byId("user-select").value = users.has(id) ? id : "";
  history.replaceState(null, "", `#user=${id}`);
  const user = users.get(id);
  _summarize(id);
  demoKey.follow(user?.display_name ?? id);
  loadDialects(id, () => userId);
  socket.follow(id);
  events.follow(id);
  cards.follow(id, user?.display_name);
  widgets.follow(id);
}

// --- internal ---

/** The header line for `id`, with the status the live stream last said. */
function _summarize(id) {
  const user = users.get(id);
  byId("user-summary").replaceChildren(
    ...(user
      ? [h("img", { src: user.avatar_url, alt: "", width: 32, height: 32 }),
        h("strong", {}, user.display_name), ` @${user.username} · `,
        h("span", { className: "status" }, user.discord_status)]
      : [`User ${id} (not in the list: the panes below say whether it is monitored)`]),
  );
}

async function _loadUsers() {
  const select = byId("user-select");
  try {
    const loaded = await loadRoster(select, (user) => user.id === userId && _summarize(user.id));
    for (const [id, user] of loaded) users.set(id, user);
  } catch (error) {
    select.replaceChildren(h("option", { value: "" }, "No list: type an id"));
    byId("user-summary").textContent = `The user list is not available: ${error.message}`;
  }
}

function _hashUser() {
  return new URLSearchParams(location.hash.slice(1)).get("user") ?? "";
}
