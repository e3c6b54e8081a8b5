import type { Redis } from "ioredis";

/**
 * Makes every command in flight on `client` fail at once when its connection drops.
 *
 * With `enableOfflineQueue: false` ioredis refuses new commands while disconnected, but the ones
 * already sent stay pending: they are re-sent after the reconnect (`autoResendUnfulfilledCommands`)
 * and answer late, so a KV write in flight when Redis died was acknowledged seconds later, after
 * a restart, where it should have been answered 503 at once. The client must be created with
 * `autoResendUnfulfilledCommands: false` (so a refused command is not run later either); the
 * returned wrapper rejects each pending command on the connection's `close`.
 * @example
 * const inFlight = failInFlightOnClose(client);
 * await inFlight(() => client.set("k", "v"));
 */
export function failInFlightOnClose(client: Redis): <T>(command: () => Promise<T>) => Promise<T> {
  const pending = new Set<(error: Error) => void>();
  client.on("close", () => {
    const error = new Error("connection lost with the command in flight");
    for (const reject of [...pending]) reject(error);
    pending.clear();
  });
  return function _inFlight<T>(command: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      pending.add(fail);
      command().then(
        (value) => (pending.delete(fail), resolve(value)),
        (error) => (pending.delete(fail), reject(error)),
      );
    });
  };
}
