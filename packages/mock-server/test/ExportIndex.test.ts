/**
 * The export index's totals (internal/store/exportIndex.ts) follow every write without starting over: whatever the
 * order messages arrive in (several in one millisecond, ids out of order, dated in the past), the total a first page
 * reports at a snapshot is the number of matching messages that exist at it, as a count from scratch gives.
 */
import { describe, expect, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"
import type { StoredMessage } from "../src/internal/model.js"
import { LocationExport } from "../src/internal/store/exportIndex.js"

const message = (id: string, dateAdded: number, type: number): StoredMessage => ({
  id,
  conversationId: "c1",
  locationId: "loc1",
  contactId: "k1",
  messageType: type === 1 ? "TYPE_SMS" : "TYPE_EMAIL",
  type,
  direction: "inbound",
  dateAdded,
  contentType: "text/plain",
  body: "hi",
  status: undefined,
  attachments: [],
  source: undefined,
  userId: undefined,
  conversationProviderId: undefined,
  call: undefined,
  emailMessageIds: undefined,
  position: 0
})

const isSms = (m: StoredMessage) => m.type === 1

// A write: a message dated `offset` ms around "now" (negative: in the past), with a random id and type.
const write = FastCheck.record({
  offset: FastCheck.integer({ min: -3, max: 1 }),
  id: FastCheck.string({ minLength: 1, maxLength: 3 }),
  sms: FastCheck.boolean(),
  countAfter: FastCheck.boolean()
})

describe("the export index's totals", () => {
  it("equal a count from scratch at every snapshot, however the writes are ordered", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.array(write, { maxLength: 40 }), (writes) => {
        const seeded = [message("s1", 1_000, 1), message("s2", 1_001, 2), message("s3", 1_002, 1)]
        const index = new LocationExport(seeded)
        const all = [...seeded]
        let now = 1_002
        let version = 0
        let n = 0
        for (const w of writes) {
          version++
          now += w.offset > 0 ? w.offset : 0
          const m = message(`${w.id}-${n++}`, now + Math.min(0, w.offset), w.sms ? 1 : 2)
          index.added(m, version)
          all.push(m)
          if (w.countAfter) expect(index.count(version, "sms", isSms)).toBe(all.filter(isSms).length)
        }
        expect(index.count(version, "sms", isSms)).toBe(all.filter(isSms).length)
        expect(index.count(version, "all", () => true)).toBe(all.length)
      }),
      { numRuns: 300 }
    )
  })

  it("a message placed before the end (same millisecond, smaller id) is counted on the next page's total", () => {
    const index = new LocationExport([message("m", 5_000, 1)])
    expect(index.count(0, "sms", isSms)).toBe(1)
    index.added(message("z", 6_000, 1), 1)
    expect(index.count(1, "sms", isSms)).toBe(2)
    // Same millisecond as "z", an id before it: it lands before the end of the ordering.
    index.added(message("a", 6_000, 1), 2)
    expect(index.count(2, "sms", isSms)).toBe(3)
    // An older snapshot still counts what existed then.
    expect(index.count(1, "sms", isSms)).toBe(2)
  })
})
