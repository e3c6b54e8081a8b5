/** Discord snowflakes: milliseconds since 2015 (42 bits), worker, process, increment. */

/** Discord's epoch (2015-01-01T00:00:00.000Z) in milliseconds. */
export const DISCORD_EPOCH = 1_420_070_400_000;

/** Builds a snowflake for a wall-clock time; worker 1, process 0, as Discord's API workers do. */
export function toSnowflake(ms: number, increment = 0): string {
  const stamp = BigInt(ms - DISCORD_EPOCH) << 22n;
  return (stamp | (1n << 17n) | BigInt(increment & 0xfff)).toString();
}

/** The creation time encoded in a snowflake, in milliseconds since the Unix epoch. */
export function snowflakeTime(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}
