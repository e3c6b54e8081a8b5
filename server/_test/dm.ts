// Talking to the bot as a simulated user: a DM and the bot's reply to it.
import type { SimMessage, Simulator } from "../simulator/index.ts";

/**
 * `userId` DMs the bot through the simulator; resolves with the bot's reply to that message.
 * @throws after `timeoutMs` without a reply (a test failure, not a hang).
 */
export function dmBot(sim: Simulator, userId: string, content: string, timeoutMs = 5000): Promise<SimMessage> {
  const channelId = sim.dmChannel(userId);
  return new Promise((resolve, reject) => {
    let sentId = "";
    const timer = setTimeout(() => (off(), reject(new Error(`no reply to ${JSON.stringify(content.slice(0, 40))}`))), timeoutMs);
    const onMessage = (m: SimMessage) => {
      if (m.channel_id !== channelId || m.message_reference?.message_id !== sentId) return;
      off();
      resolve(m);
    };
    const off = () => (clearTimeout(timer), sim.off("message", onMessage));
    sim.on("message", onMessage);
    sentId = sim.sendDirectMessage(userId, content).id;
  });
}
