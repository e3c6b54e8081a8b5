/**
 * A process-wide budget of work per event-loop turn, shared by every initial state being written
 * (WebSocket `INIT_STATE` and SSE `init` alike). Each writer yielding on its own turn is not
 * enough: the immediates of N writers all run in the same turn, so a request waiting for the
 * loop waited for N chunks. Through the budget it waits for at most `bytesPerTurn` of them,
 * however many clients subscribe at once; the others take their chunks in later turns, in turn.
 * @see README.md#large-member-sets
 */

/** Bytes of initial-state JSON produced per event-loop turn, all writers together. */
export const INIT_BYTES_PER_TURN = 256 * 1024;

/** Grants work in event-loop turns; see {@link createTurnBudget}. */
export interface TurnBudget {
  /**
   * Resolves in a later turn (never in this one, so I/O is polled in between), once `bytes` of
   * work fit in that turn's budget. The first grant of a turn always fits, so a chunk larger than
   * the budget still goes, alone. Grants are first come, first served.
   */
  take(bytes: number): Promise<void>;
  /** Callers waiting for a turn. */
  readonly waiting: number;
}

/**
 * Creates a budget. Callers await `take(bytes)` before producing each chunk, and produce it in
 * the microtask that follows: nothing else runs between the grant and the work.
 * @example
 * const turns = createTurnBudget({ bytesPerTurn: 256 * 1024 });
 * for (;;) {
 *   await turns.take(64 * 1024);
 *   write(nextChunk());
 * }
 */
export function createTurnBudget(options: { bytesPerTurn?: number } = {}): TurnBudget {
  const { bytesPerTurn = INIT_BYTES_PER_TURN } = options;
  if (!(bytesPerTurn > 0)) throw new RangeError(`bytesPerTurn must be positive, got ${bytesPerTurn}`);
  const queue: Array<{ bytes: number; grant: () => void }> = [];
  let scheduled = false;

  function _schedule() {
    if (!scheduled) (scheduled = true), setImmediate(_turn);
  }

  function _turn() {
    scheduled = false;
    let spent = queue[0].bytes;
    let count = 1;
    while (count < queue.length && spent + queue[count].bytes <= bytesPerTurn) spent += queue[count++].bytes;
    const granted = queue.splice(0, count);
    // Callers granted now and asking again go behind those still waiting.
    if (queue.length > 0) _schedule();
    for (const caller of granted) caller.grant();
  }

  return {
    take(bytes) {
      return new Promise((grant) => {
        queue.push({ bytes, grant });
        _schedule();
      });
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** The budget the initial-state writers share (one per process). */
export const initTurns: TurnBudget = createTurnBudget();
