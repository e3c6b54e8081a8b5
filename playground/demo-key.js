// Demo mode only: "get a demo API key" DMs the bot `.apikey` as the shown user, through the
// built-in simulator, and shows the key with a curl command that writes to that user's KV.
import { byId, publicOrigin } from "./dom.js";

/**
 * Wires the demo key panel; hidden unless the server runs its simulator (`data-demo`).
 * @param {() => string} currentUser
 */
export function createDemoKey(currentUser) {
  const panel = byId("demo-key");
  if (document.documentElement.dataset.demo !== "true") return { follow() {} };
  panel.hidden = false;
  const button = byId("demo-key-get");
  const result = byId("demo-key-result");
  button.addEventListener("click", async () => {
    const userId = currentUser();
    button.disabled = true;
    byId("demo-key-status").textContent = "Sending .apikey to the bot…";
    try {
      const res = await fetch(`/playground/demo-key?user_id=${userId}`, { method: "POST" });
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      byId("demo-key-value").textContent = body.data.key;
      byId("demo-key-reply").textContent = body.data.reply;
      byId("demo-key-curl").value = curlFor(body.data.user_id, body.data.key);
      result.hidden = false;
      byId("demo-key-status").textContent = "The bot answered in a DM:";
    } catch (error) {
      byId("demo-key-status").textContent = `No key: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  });
  return {
    /** A new user: their key is another one, so the previous one is hidden. */
    follow(name) {
      result.hidden = true;
      byId("demo-key-status").textContent = "";
      button.textContent = `Get a demo API key for ${name}`;
    },
  };
}

/**
 * A ready-to-paste curl that sets a KV pair with the key, then reads the presence back.
 * @param {string} userId
 * @param {string} key
 */
export function curlFor(userId, key) {
  const origin = publicOrigin();
  return [
    `curl -X PUT -H 'Authorization: ${key}' -d 'hello from curl' \\`,
    `  ${origin}/v1/users/${userId}/kv/greeting`,
    `curl -s ${origin}/v1/users/${userId}   # "kv": { "greeting": "hello from curl" }`,
  ].join("\n");
}
