/**
 * Strings of the ISO date shape HighLevel sends (`YYYY-MM-DDTHH:MM:SS.sssZ`) with every field a little past its range
 * on both sides: the near misses of the fast decoder's own ISO reader (internal/isoDate.ts).
 */
import * as FastCheck from "effect/FastCheck"

const pad = (value: number, width: number) => String(value).padStart(width, "0")

/** Year 0–9999, month 0–13, day 0–32, hour 0–25, minute and second 0–60, milliseconds 0–999. */
export const isoShaped: FastCheck.Arbitrary<string> = FastCheck.tuple(
  FastCheck.integer({ min: 0, max: 9999 }),
  FastCheck.integer({ min: 0, max: 13 }),
  FastCheck.integer({ min: 0, max: 32 }),
  FastCheck.integer({ min: 0, max: 25 }),
  FastCheck.integer({ min: 0, max: 60 }),
  FastCheck.integer({ min: 0, max: 60 }),
  FastCheck.integer({ min: 0, max: 999 })
).map(([year, month, day, hour, minute, second, millis]) =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${
    pad(millis, 3)
  }Z`
)
