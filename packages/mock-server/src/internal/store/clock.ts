/**
 * The mock's data clock: what writes stamp (`dateAdded`, `dateUpdated`, `lastMessageDate`) and what scheduled
 * messages wait for. It runs with the base clock (the `now` option) plus an offset the control API sets or
 * advances, so a test moves time by hand and never sleeps. Reset puts the offset back to 0.
 *
 * @since 0.1.0
 * @internal
 */

/** @internal */
export interface MockClock {
  readonly now: () => number
  /** From now on `now()` reads `time` (and runs on from there with the base clock). */
  readonly set: (time: number) => void
  readonly advance: (ms: number) => void
  readonly reset: () => void
}

/** @internal */
export const makeClock = (base: () => number): MockClock => {
  let offset = 0
  return {
    now: () => base() + offset,
    set: (time) => {
      offset = time - base()
    },
    advance: (ms) => {
      offset += ms
    },
    reset: () => {
      offset = 0
    }
  }
}
