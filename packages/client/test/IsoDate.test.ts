/**
 * The ISO date reader of the fast decoder (internal/isoDate.ts) is `new Date(text).getTime()` on the one shape it
 * reads, and steps aside (`NaN`, the caller parses) on everything else: every string of that shape, with fields in
 * and out of range, gets either the engine's own value or `NaN`, and every such string the engine accepts (years from
 * 100 on) is read.
 */
import { describe, expect, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"
import { isoMillis } from "../src/internal/isoDate.js"
import { isoShaped } from "./utils/isoShaped.js"

describe("isoMillis", () => {
  it("reads what the engine reads, on every string of the shape", () => {
    FastCheck.assert(
      FastCheck.property(isoShaped, (text) => {
        const engine = new Date(text).getTime()
        const read = isoMillis(text)
        if (Number.isNaN(read)) {
          // Stepped aside: only where the engine refuses too, or for a year before 100.
          expect(Number.isNaN(engine) || Number(text.slice(0, 4)) < 100).toBe(true)
        } else {
          expect(read).toBe(engine)
        }
      }),
      { numRuns: 5000 }
    )
  })

  it("reads every date toISOString writes from year 100 to 9999", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.integer({ min: -59_011_459_200_000, max: 253_402_300_799_999 }), (millis) => {
        expect(isoMillis(new Date(millis).toISOString())).toBe(millis)
      }),
      { numRuns: 2000 }
    )
  })

  it("steps aside on the engine's edge cases and on any other shape", () => {
    expect(isoMillis("2024-02-30T00:00:00.000Z")).toBe(new Date("2024-02-30T00:00:00.000Z").getTime())
    expect(isoMillis("2024-01-01T24:00:00.000Z")).toBe(Date.UTC(2024, 0, 2))
    for (
      const text of [
        "2024-01-01T24:00:01.000Z",
        "2024-01-01T23:60:00.000Z",
        "2024-01-01T23:59:60.000Z",
        "2024-13-01T00:00:00.000Z",
        "2024-01-32T00:00:00.000Z",
        "0099-01-01T00:00:00.000Z",
        "2024-01-01T00:00:00.000+",
        "2024-01-01T00:00:00Z",
        "2024-01-01 00:00:00.000Z",
        "2024-0a-01T00:00:00.000Z",
        "+012024-01-01T00:00:00.000Z",
        ""
      ]
    ) expect([text, isoMillis(text)]).toEqual([text, Number.NaN])
  })
})
