import type { LanyardPresence } from "../../server/dialects/lanyard.ts";

/** A presence as the Server-Sent Events stream sends it: Lanyard's presence object plus `user_id`. */
export type Presence = LanyardPresence & { user_id: string };

/** Discord's user id format: the server answers 400 to anything else, so elements never ask. */
export const SNOWFLAKE = /^[1-9]\d{16,19}$/;
