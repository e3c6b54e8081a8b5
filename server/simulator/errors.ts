/** The simulator's error type: thrown in-process, mapped to HTTP by `control.ts`. */

/** Snake_case error codes of the control surface (`{ success: false, error: { code } }`). */
export const errorCodes = {
  InvalidJson: "invalid_json",
  InvalidBody: "invalid_body",
  PayloadTooLarge: "payload_too_large",
  UnknownUser: "unknown_user",
  UnknownGuild: "unknown_guild",
  UnknownRole: "unknown_role",
  NotFound: "not_found",
  MethodNotAllowed: "method_not_allowed",
  Internal: "internal_error",
} as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];

/** A bad simulator call: unknown user or guild, or input that is not valid. */
export class SimulatorError extends Error {
  readonly code: ErrorCode;
  /** The HTTP status the control surface answers with. */
  readonly status: number;

  constructor(code: ErrorCode, message: string, status = 400) {
    super(message);
    this.name = "SimulatorError";
    this.code = code;
    this.status = status;
  }
}
