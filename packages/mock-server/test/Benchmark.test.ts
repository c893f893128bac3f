import { describe, expect, it } from "@effect/vitest"
import { MockBenchmark } from "../src/index.js"

describe("MockBenchmark.latency", () => {
  it("runs end to end at a tiny size and reports every route (figures are not asserted)", async () => {
    const report = await MockBenchmark.latency({
      conversations: 25,
      messages: 300,
      requestsPerRoute: 15,
      warmupPerRoute: 2,
      maxSeconds: 20
    })
    expect(report).toMatchObject({ seed: 42, conversations: 30, messages: 320 })
    for (const route of [report.search, report.search_filtered, report.getConversation, report.getMessages]) {
      expect(route.requests).toBe(15)
      expect(route.median_ms).toBeGreaterThan(0)
      expect(route.p99_ms).toBeGreaterThanOrEqual(route.median_ms)
    }
    expect(report.seed_s).toBeGreaterThan(0)
  })
})
