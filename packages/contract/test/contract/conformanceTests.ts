/**
 * The last tests of a file: every body the target sent during it validates against the published schemas with the
 * overrides (a body that is not JSON carries the documented media type), and every query the client sent against the
 * published parameter schemas, after a tour of their own (so they hold when run alone: `vitest run -t conformance`).
 */
import { describe, expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Conformance from "../../src/Conformance.js"
import { collect, type Conversations, type It, unknownId, withClient } from "./support.js"
import {
  badToken,
  type ClientOptions,
  type Exchange,
  Target,
  withoutAuthorization,
  withoutVersion,
  withUnknownParameter
} from "./Target.js"

/** Registers these tests in the suite of one target. */
export const conformanceTests = (it: It, conversations: Conversations) => {
  describe("conformance", () => {
    const api = (exchange: Exchange) =>
      Option.map(
        Conformance.endpointOf(exchange.method, exchange.url.pathname),
        (endpoint) => ({ exchange, endpoint })
      )

    // The conformance cases make traffic of their own, once per file, so that they hold when run alone
    // (`vitest run -t conformance`): the search walked, some conversations and their messages, and each error
    // status a client can cause. Run with the rest of the file, they check every other test's exchanges too.
    let toured = false
    const tour = Effect.gen(function*() {
      if (toured) return
      const { otherLocationId } = yield* Target
      for (const summary of (yield* conversations.all).slice(0, 10)) {
        yield* withClient((c) => c.getConversation(summary.id))
        yield* withClient((c) => collect(c.listMessages(summary.id, { limit: 3 }), 30))
      }
      const search = (options?: ClientOptions, locationId?: string) =>
        Effect.exit(withClient(
          (c) => c.searchConversationsPage({ limit: 1, ...(locationId !== undefined ? { locationId } : {}) }),
          options
        ))
      yield* Effect.exit(withClient((c) => c.getConversation(unknownId))) // 404
      yield* Effect.exit(withClient((c) => c.getMessagesPage(unknownId))) // 404
      yield* search({ token: badToken }) // 401
      yield* search({ tweak: withoutAuthorization }) // 401
      yield* search({}, otherLocationId) // 403
      yield* search({ tweak: withoutVersion }) // 400
      yield* search({ tweak: withUnknownParameter }) // 422
      toured = true
    })

    it.effect("every body the target sent in this file matches the published schemas, or its media type", () =>
      Effect.gen(function*() {
        yield* tour
        const { exchanges } = yield* Target
        const checked = exchanges.flatMap((exchange) => Option.toArray(api(exchange)))
        expect(checked.length).toBeGreaterThan(50)
        const statuses = new Set(checked.map(({ exchange }) => exchange.status))
        for (const status of [200, 400, 401, 403, 404, 422]) expect(statuses).toContain(status)
        const problems = checked.flatMap(({ endpoint, exchange }) =>
          (exchange.json ?
            Conformance.validateResponse(endpoint, exchange.status, exchange.body) :
            // A recording, a text download: the media type the spec names for the status.
            Conformance.validator().validateMedia(endpoint, exchange.status, exchange.contentType)).map((problem) =>
              `${exchange.status} ${exchange.method} ${exchange.url.pathname}${exchange.url.search}: ${problem}`
            )
        )
        expect(problems).toEqual([])
      }))

    it.effect("every query the client sent matches the published parameter schemas", () =>
      Effect.gen(function*() {
        yield* tour
        const { exchanges } = yield* Target
        expect(exchanges.filter((exchange) => Option.isSome(api(exchange))).length).toBeGreaterThan(50)
        const problems = exchanges.flatMap((exchange) =>
          Option.toArray(api(exchange)).flatMap(({ endpoint }) =>
            exchange.url.searchParams.has("pageNumber") ?
              [] :
              Conformance.validateQuery(endpoint, exchange.url.searchParams).map((problem) =>
                `${exchange.url.pathname}${exchange.url.search}: ${problem}`
              )
          )
        )
        expect(problems).toEqual([])
      }))
  })
}
