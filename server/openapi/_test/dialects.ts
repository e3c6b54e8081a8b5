/**
 * The simulator personas and every dialect REST route the conformance suite runs: its schema, the
 * seed's example and its error shape.
 */

import { lanyardReadmeData } from "../../presence/_fixtures/lanyard-readme.ts";
import { gruxSeedUser, originoidSeedData, tetherSeedData } from "../_fixtures/seed-examples.ts";
import type { DialectRoute } from "./conformance.ts";

/** Every simulator persona. */
export const PERSONAS = [
  "293673602384003625",
  "463338282680454615",
  "244581933252739979",
  "545507915071620158",
  "697252410556547946",
  "198116691148933539",
  "885482464477317847",
  "761195711692934601",
];
/** A snowflake no persona has. */
export const UNKNOWN = "1234567890123456789";
const notMonitored = { status: 404, code: "user_not_monitored" };
const invalid = { status: 400, code: "invalid_user_id" };

/** The dialects' REST routes, by name. */
export const DIALECTS: Record<string, DialectRoute> = {
  lanyard: {
    route: "GET /v1/users/{id}",
    path: (id) => `/v1/users/${id}`,
    schema: "LanyardResponse",
    // The README predates the embedded/vr flags; last_seen is presence-kit's addition.
    seed: () => ({
      success: true,
      data: {
        ...lanyardReadmeData(),
        active_on_discord_embedded: false,
        active_on_discord_web: false,
        active_on_discord_vr: false,
        last_seen: 0,
      },
    }),
    errorSchema: "ErrorEnvelope",
    badId: notMonitored,
    unknown: notMonitored,
    nullable: true,
    open: ["data.activities[]", "data.discord_user", "data.kv"],
  },
  tether: {
    route: "GET /v1/presence/{id}",
    path: (id) => `/v1/presence/${id}`,
    schema: "TetherResponse",
    seed: () => ({ success: true, data: tetherSeedData() }),
    errorSchema: "ErrorEnvelope",
    badId: invalid,
    unknown: notMonitored,
    nullable: false,
    // Tether's Timestamps struct has `end`; the example's activity only shows `start`.
    documented: ["data.activities[].timestamps.end"],
  },
  originoid: {
    route: "GET /v1/{id}",
    path: (id) => `/v1/${id}`,
    schema: "OriginoidPresence",
    seed: originoidSeedData,
    errorSchema: "OriginoidError",
    badId: invalid,
    unknown: notMonitored,
    nullable: true,
  },
  "grux user": {
    route: "GET /user/{id}",
    path: (id) => `/user/${id}`,
    schema: "GruxUserResponse",
    seed: gruxSeedUser,
    errorSchema: "ErrorEnvelope",
    badId: invalid,
    unknown: notMonitored,
    nullable: true,
    // Grux's timestamps are Discord's (its spotify example has `end`).
    documented: ["data.activity[].timestamps.end"],
  },
  "grux activity": {
    route: "GET /activity/{id}",
    path: (id) => `/activity/${id}`,
    schema: "GruxActivityResponse",
    seed: () => {
      const { status, spotify, activity } = gruxSeedUser().data;
      return { data: { status, spotify, activity }, success: true };
    },
    errorSchema: "ErrorEnvelope",
    badId: invalid,
    unknown: notMonitored,
    nullable: true,
    documented: ["data.activity[].timestamps.end"],
  },
};
