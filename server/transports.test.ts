// Every real-time transport through the one conformance suite.
import { testTransport } from "./_test/transport.ts";
import { openSse } from "./_test/sse-client.ts";
import { openWs } from "./_test/ws-client.ts";

testTransport("Lanyard WebSocket (/socket)", async (stack, userId) => {
  const c = await openWs(`${stack.server.url.replace("http", "ws")}/socket`);
  await c.next(); // Hello
  c.send({ op: 2, d: { subscribe_to_id: userId } });
  const init = (await c.next()).d;
  return {
    init: { ...init, user_id: userId },
    next: async () => (await c.until((m) => m.t === "PRESENCE_UPDATE")).d,
    close: () => c.close(),
  };
});

testTransport("Server-Sent Events (/v1/users/:id/events)", async (stack, userId) => {
  const s = await openSse(`${stack.server.url}/v1/users/${userId}/events`);
  const init = (await s.next()).json();
  return {
    init,
    next: async () => (await s.until((m) => m.event === "presence")).json(),
    close: () => s.close(),
  };
});

testTransport("Server-Sent Events (/v1/events?ids=)", async (stack, userId) => {
  const s = await openSse(`${stack.server.url}/v1/events?ids=${userId}`);
  const init = (await s.next()).json()[userId];
  return {
    init,
    next: async () => (await s.until((m) => m.event === "presence")).json(),
    close: () => s.close(),
  };
});
