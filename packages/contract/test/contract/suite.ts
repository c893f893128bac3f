/**
 * The contract suite: what the client relies on from the API, stated once and run against every target (the mock
 * in-process, the mock in another process, the real API). Assertions in the first block hold on every target
 * (shapes, ordering, cursors, error kinds); the "mock only" block checks exact seeded values. The last tests check
 * every body the target sent during the file against HighLevel's published schemas plus the overrides D1…D10, after a
 * tour of their own, so that they hold when run alone.
 */
import { describe, expect, layer } from "@effect/vitest"
import { type Conversation, ConversationsClient, Message } from "@highlevel-effect/client"
import * as Chunk from "effect/Chunk"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Conformance from "../../src/Conformance.js"
import {
  badToken,
  client,
  type ClientOptions,
  type Exchange,
  Target,
  withoutAuthorization,
  withoutVersion,
  withUnknownParameter
} from "./Target.js"

// Bounds that keep a run against a large real account short: pages are small (so paging is exercised) and a
// listing stops after this many items.
const pageSize = 5
const maxItems = 60

const withClient = <A, E>(
  f: (service: ConversationsClient.Service) => Effect.Effect<A, E>,
  options?: ClientOptions
): Effect.Effect<A, E, Target> =>
  Effect.flatMap(ConversationsClient.ConversationsClient, f).pipe(Effect.provide(client(options)))

const collect = <A, E>(stream: Stream.Stream<A, E>, max = maxItems): Effect.Effect<Array<A>, E> =>
  Stream.runCollect(Stream.take(stream, max)).pipe(Effect.map(Chunk.toArray))

const epoch = (date: DateTime.Utc | undefined): number | undefined =>
  date === undefined ? undefined : DateTime.toEpochMillis(date)

const sortKey = (conversation: Conversation.ConversationSummary): number | undefined => {
  const first = conversation.sort?.[0]
  return typeof first === "number" ? first : first === undefined ? undefined : Number(first)
}

const isOrdered = (values: ReadonlyArray<number | undefined>, direction: "asc" | "desc"): boolean => {
  const known = values.filter((value): value is number => value !== undefined)
  return known.every((value, index) => {
    const previous = known[index - 1]
    return previous === undefined || (direction === "desc" ? previous >= value : previous <= value)
  })
}

const unique = (ids: ReadonlyArray<string>): boolean => new Set(ids).size === ids.length

const failureOf = <A, E>(effect: Effect.Effect<A, E, Target>) => Effect.flip(effect)

// A well-formed conversation id that no location has.
const unknownId = "zZ9yY8xX7wW6vV5uU4tT"

/** What a target can do, known when the tests are registered. */
export interface Capabilities {
  /** The target is the mock: its seeded values can be asserted exactly. */
  readonly mock: boolean
  /** A token without the messages scope is available. */
  readonly tokenWithoutMessagesScope: boolean
}

/** Registers the suite for one target. */
export const contractSuite = (name: string, target: Layer.Layer<Target, unknown>, capabilities: Capabilities) =>
  layer(target, { timeout: "120 seconds", excludeTestServices: true })(name, (it) => {
    // The conversations of the location in the default order, read once (every page) and shared by the tests.
    let everyConversation: Array<Conversation.ConversationSummary> = []
    let firstPageTotal = 0

    const conversations = Effect.gen(function*() {
      if (everyConversation.length > 0) return everyConversation
      const first = yield* withClient((c) => c.searchConversationsPage({ limit: pageSize }))
      firstPageTotal = first.total
      everyConversation = yield* withClient((c) => collect(c.searchConversations({ limit: pageSize })))
      return everyConversation
    })

    const someConversation = (predicate: (c: Conversation.ConversationSummary) => boolean, what: string) =>
      Effect.flatMap(conversations, (all) =>
        Option.match(Option.fromNullable(all.find(predicate)), {
          onNone: () => Effect.dieMessage(`the target's location has no conversation ${what}`),
          onSome: Effect.succeed
        }))

    const searchAll = (params: Parameters<ConversationsClient.Service["searchConversations"]>[0]) =>
      withClient((c) => collect(c.searchConversations({ limit: pageSize, ...params })))

    describe("search", () => {
      it.effect("a page holds documents of the location, newest first, and a total of every match", () =>
        Effect.gen(function*() {
          const { locationId } = yield* Target
          const page = yield* withClient((c) => c.searchConversationsPage({ limit: pageSize }))
          expect(page.conversations.length).toBeGreaterThan(0)
          expect(page.conversations.length).toBeLessThanOrEqual(pageSize)
          expect(page.total).toBeGreaterThanOrEqual(page.conversations.length)
          for (const conversation of page.conversations) expect(conversation.locationId).toBe(locationId)
          expect(isOrdered(page.conversations.map(sortKey), "desc")).toBe(true)
          expect(page.conversations.every((conversation) => conversation.sort !== undefined)).toBe(true)
        }))

      it.effect("paging to the end (keyset on sort[0]) visits every match once, in order", () =>
        Effect.gen(function*() {
          const all = yield* conversations
          expect(unique(all.map((conversation) => conversation.id))).toBe(true)
          expect(isOrdered(all.map(sortKey), "desc")).toBe(true)
          if (firstPageTotal <= maxItems) expect(all.length).toBe(firstPageTotal)
          else expect(all.length).toBe(maxItems)
        }))

      it.effect("sort asc pages oldest first", () =>
        Effect.gen(function*() {
          const ascending = yield* searchAll({ sort: "asc" })
          expect(ascending.length).toBeGreaterThan(0)
          expect(unique(ascending.map((conversation) => conversation.id))).toBe(true)
          expect(isOrdered(ascending.map(sortKey), "asc")).toBe(true)
        }))

      it.effect("sortBy last_manual_message_date pages in that order", () =>
        Effect.gen(function*() {
          const byManual = yield* searchAll({ sortBy: "last_manual_message_date" })
          expect(unique(byManual.map((conversation) => conversation.id))).toBe(true)
          expect(isOrdered(byManual.map(sortKey), "desc")).toBe(true)
        }))

      it.effect("startAfterDate starts strictly after the given sort value", () =>
        Effect.gen(function*() {
          const all = yield* conversations
          const pivot = all[Math.min(2, all.length - 1)]
          const cursor = pivot === undefined ? undefined : sortKey(pivot)
          if (cursor === undefined) return yield* Effect.dieMessage("no document with a sort value")
          const after = yield* searchAll({ startAfterDate: cursor })
          expect(after.every((conversation) => (sortKey(conversation) ?? Infinity) < cursor)).toBe(true)
          expect(after.map((conversation) => conversation.id)).not.toContain(pivot?.id)
        }))

      it.effect("limit caps the page", () =>
        Effect.gen(function*() {
          const page = yield* withClient((c) => c.searchConversationsPage({ limit: 2 }))
          expect(page.conversations.length).toBeLessThanOrEqual(2)
        }))

      it.effect("contactId and id select the conversation", () =>
        Effect.gen(function*() {
          const known = yield* someConversation(() => true, "at all")
          const byContact = yield* searchAll({ contactId: known.contactId })
          expect(byContact.map((conversation) => conversation.id)).toContain(known.id)
          expect(byContact.every((conversation) => conversation.contactId === known.contactId)).toBe(true)
          const byId = yield* searchAll({ id: known.id })
          expect(byId.map((conversation) => conversation.id)).toEqual([known.id])
        }))

      // Filter values come from the location's own data. When no document carries a value (a real account may have
      // no mention at all), the filter is still sent with some known user and every result must still satisfy it.
      const userOf = (pick: (c: Conversation.ConversationSummary) => string | undefined) =>
        Effect.map(conversations, (all) => {
          const sample = all.find((c) => pick(c) !== undefined)
          const anyUser = all.flatMap((c) => [c.assignedTo, ...(c.followers ?? []), ...(c.mentions ?? [])])
            .find((user) => user !== undefined)
          return { sample, user: (sample === undefined ? undefined : pick(sample)) ?? anyUser ?? "noSuchUser" }
        })

      it.effect("assignedTo selects the assignee's conversations, `unassigned` those of nobody", () =>
        Effect.gen(function*() {
          const { sample, user } = yield* userOf((c) => c.assignedTo)
          const mine = yield* searchAll({ assignedTo: [user] })
          if (sample !== undefined) expect(mine.map((conversation) => conversation.id)).toContain(sample.id)
          expect(mine.every((conversation) => conversation.assignedTo === user)).toBe(true)
          const nobody = yield* searchAll({ assignedTo: "unassigned" })
          expect(nobody.every((conversation) => conversation.assignedTo === undefined)).toBe(true)
        }))

      it.effect("followers and mentions select conversations listing one of the users", () =>
        Effect.gen(function*() {
          const followed = yield* userOf((c) => c.followers?.[0])
          const byFollower = yield* searchAll({ followers: [followed.user] })
          if (followed.sample !== undefined) {
            expect(byFollower.map((conversation) => conversation.id)).toContain(followed.sample.id)
          }
          expect(byFollower.every((conversation) => (conversation.followers ?? []).includes(followed.user))).toBe(true)
          const mentioned = yield* userOf((c) => c.mentions?.[0])
          const byMention = yield* searchAll({ mentions: [mentioned.user] })
          if (mentioned.sample !== undefined) {
            expect(byMention.map((conversation) => conversation.id)).toContain(mentioned.sample.id)
          }
          expect(byMention.every((conversation) => (conversation.mentions ?? []).includes(mentioned.user))).toBe(true)
        }))

      it.effect("query finds a conversation by its contact's name", () =>
        Effect.gen(function*() {
          const named = yield* someConversation((c) => (c.fullName ?? "").length > 3, "with a contact name")
          const found = yield* searchAll({ query: named.fullName ?? "" })
          expect(found.map((conversation) => conversation.id)).toContain(named.id)
        }))

      it.effect("lastMessageType, lastMessageAction and lastMessageDirection select on the last message", () =>
        Effect.gen(function*() {
          const typed = yield* someConversation((c) => c.lastMessageType !== undefined, "with a last message type")
          const lastMessageType = yield* Schema.decodeUnknown(Message.MessageTypeFilter)(typed.lastMessageType)
          const byType = yield* searchAll({ lastMessageType })
          expect(byType.map((conversation) => conversation.id)).toContain(typed.id)
          expect(byType.every((conversation) => conversation.lastMessageType === lastMessageType)).toBe(true)
          for (const direction of ["inbound", "outbound"] as const) {
            const byDirection = yield* searchAll({ lastMessageDirection: direction })
            expect(byDirection.every((conversation) => conversation.lastMessageDirection === direction)).toBe(true)
          }
          for (const action of ["manual", "automated"] as const) {
            const byAction = yield* searchAll({ lastMessageAction: action })
            expect(byAction.every((conversation) => conversation.lastOutboundMessageAction === action)).toBe(true)
          }
        }))

      it.effect("status read / unread / starred / all / recents", () =>
        Effect.gen(function*() {
          const unread = yield* searchAll({ status: "unread" })
          expect(unread.every((conversation) => (conversation.unreadCount ?? 0) > 0)).toBe(true)
          const read = yield* searchAll({ status: "read" })
          expect(read.every((conversation) => conversation.unreadCount === 0)).toBe(true)
          const starred = yield* searchAll({ status: "starred" })
          expect(starred.every((conversation) => conversation.starred === true)).toBe(true)
          const all = yield* withClient((c) => c.searchConversationsPage({ status: "all", limit: pageSize }))
          yield* conversations
          expect(all.total).toBe(firstPageTotal)
          const recents = yield* withClient((c) => c.searchConversationsPage({ status: "recents", limit: pageSize }))
          expect(recents.conversations.length).toBeLessThanOrEqual(pageSize)
        }))

      it.effect("startDate / endDate bound dateAdded", () =>
        Effect.gen(function*() {
          const all = yield* conversations
          const dates = all.flatMap((conversation) => {
            const added = epoch(conversation.dateAdded)
            return added === undefined ? [] : [added]
          }).sort((a, b) => a - b)
          const startDate = dates[Math.floor(dates.length / 4)] ?? 0
          const endDate = dates[Math.floor((dates.length * 3) / 4)] ?? Date.now()
          const inRange = yield* searchAll({ startDate, endDate })
          expect(inRange.length).toBeGreaterThan(0)
          for (const conversation of inRange) {
            const added = epoch(conversation.dateAdded) ?? startDate
            expect(added).toBeGreaterThanOrEqual(startDate)
            expect(added).toBeLessThanOrEqual(endDate)
          }
        }))
    })

    describe("get conversation", () => {
      it.effect("returns the conversation a search listed, with the same ids and channel", () =>
        Effect.gen(function*() {
          const listed = (yield* conversations).slice(0, 3)
          for (const summary of listed) {
            const conversation = yield* withClient((c) => c.getConversation(summary.id))
            expect(conversation.id).toBe(summary.id)
            expect(conversation.contactId).toBe(summary.contactId)
            expect(conversation.locationId).toBe(summary.locationId)
            if (summary.type !== undefined) expect(conversation.type).toBe(summary.type)
          }
        }))
    })

    describe("messages", () => {
      let busiestFound: Conversation.ConversationSummary | undefined
      const busiest = Effect.flatMap(conversations, (all) =>
        Effect.gen(function*() {
          if (busiestFound !== undefined) return busiestFound
          // The first conversation with more than one page of messages, else the first with any.
          let fallback: Conversation.ConversationSummary | undefined
          for (const conversation of all.slice(0, 10)) {
            const page = yield* withClient((c) => c.getMessagesPage(conversation.id, { limit: pageSize }))
            if (page.nextPage) {
              busiestFound = conversation
              return conversation
            }
            if (fallback === undefined && page.messages.length > 0) fallback = conversation
          }
          busiestFound = fallback
          return fallback ?? (yield* Effect.dieMessage("no conversation with messages"))
        }))

      it.effect("paging to the end (lastMessageId cursor) yields every message once, newest first", () =>
        Effect.gen(function*() {
          const conversation = yield* busiest
          const paged = yield* withClient((c) => collect(c.listMessages(conversation.id, { limit: 3 }), 300))
          expect(paged.length).toBeGreaterThan(0)
          expect(unique(paged.map((message) => message.id))).toBe(true)
          expect(paged.every((message) => message.conversationId === conversation.id)).toBe(true)
          expect(isOrdered(paged.map((message) => epoch(message.dateAdded)), "desc")).toBe(true)
          if (paged.length < 100) {
            const whole = yield* withClient((c) => c.getMessagesPage(conversation.id, { limit: 100 }))
            expect(whole.nextPage).toBe(false)
            expect(whole.messages.map((message) => message.id)).toEqual(paged.map((message) => message.id))
          }
        }))

      it.effect("each page ends at its lastMessageId; the last page says nextPage false", () =>
        Effect.gen(function*() {
          const conversation = yield* busiest
          let cursor: string | undefined
          const seen: Array<Message.Message> = []
          for (let pages = 0; pages < 100; pages++) {
            const page = yield* withClient((c) =>
              c.getMessagesPage(conversation.id, {
                limit: 4,
                ...(cursor !== undefined ? { lastMessageId: cursor } : {})
              })
            )
            expect(page.messages.length).toBeLessThanOrEqual(4)
            seen.push(...page.messages)
            if (!page.nextPage) break
            expect(page.lastMessageId).toBe(page.messages.at(-1)?.id)
            expect(page.lastMessageId).not.toBe(cursor)
            cursor = page.lastMessageId
          }
          expect(unique(seen.map((message) => message.id))).toBe(true)
        }))

      it.effect("the type filter keeps only messages of those types", () =>
        Effect.gen(function*() {
          const conversation = yield* busiest
          const all = yield* withClient((c) => collect(c.listMessages(conversation.id, { limit: 50 }), 300))
          const type = all.find((message) => message.messageType === "TYPE_SMS") !== undefined
            ? "TYPE_SMS"
            : "TYPE_CALL"
          const filtered = yield* withClient((c) =>
            collect(c.listMessages(conversation.id, { limit: 3, type: [type] }), 300)
          )
          expect(filtered.every((message) => message.messageType === type)).toBe(true)
          expect(filtered.map((message) => message.id)).toEqual(
            all.filter((message) => message.messageType === type).map((message) => message.id)
          )
        }))
    })

    describe("errors a client can cause", () => {
      it.effect("unknown conversation id: NotFoundError (get and messages)", () =>
        Effect.gen(function*() {
          const get = yield* failureOf(withClient((c) => c.getConversation(unknownId)))
          expect([get._tag, "status" in get ? get.status : 0]).toEqual(["NotFoundError", 404])
          const messages = yield* failureOf(withClient((c) => c.getMessagesPage(unknownId)))
          expect(messages._tag).toBe("NotFoundError")
        }))

      it.effect("no token: UnauthorizedError (401)", () =>
        Effect.gen(function*() {
          const error = yield* failureOf(
            withClient((c) => c.searchConversationsPage({ limit: 1 }), { tweak: withoutAuthorization })
          )
          expect(error._tag === "UnauthorizedError" ? [error.status, error.reason] : error._tag).toEqual([
            401,
            "invalid_token"
          ])
        }))

      it.effect("bad token: UnauthorizedError (401, invalid_token)", () =>
        Effect.gen(function*() {
          const error = yield* failureOf(
            withClient((c) => c.searchConversationsPage({ limit: 1 }), { token: badToken })
          )
          expect(error._tag === "UnauthorizedError" ? [error.status, error.reason] : error._tag).toEqual([
            401,
            "invalid_token"
          ])
        }))

      it.effect("token of another location: ForbiddenError (403)", () =>
        Effect.gen(function*() {
          const { otherLocationId } = yield* Target
          const error = yield* failureOf(
            withClient((c) => c.searchConversationsPage({ locationId: otherLocationId, limit: 1 }))
          )
          expect(error._tag === "ForbiddenError" ? error.status : error._tag).toBe(403)
        }))

      it.effect("missing Version header: InvalidRequestError (400)", () =>
        Effect.gen(function*() {
          const error = yield* failureOf(
            withClient((c) => c.searchConversationsPage({ limit: 1 }), { tweak: withoutVersion })
          )
          expect(error._tag === "InvalidRequestError" ? error.status : error._tag).toBe(400)
        }))

      it.effect("unknown query parameter: InvalidRequestError (422)", () =>
        Effect.gen(function*() {
          const error = yield* failureOf(
            withClient((c) => c.searchConversationsPage({ limit: 1 }), { tweak: withUnknownParameter })
          )
          expect(error._tag === "InvalidRequestError" ? error.status : error._tag).toBe(422)
        }))

      it.effect("a parameter the client can check (limit 0) fails before anything is sent", () =>
        Effect.gen(function*() {
          const { exchanges } = yield* Target
          const before = exchanges.length
          const error = yield* failureOf(withClient((c) => c.searchConversationsPage({ limit: 0 })))
          expect(error._tag).toBe("InvalidInputError")
          expect(exchanges.length).toBe(before)
        }))

      if (capabilities.tokenWithoutMessagesScope) {
        it.effect("token without the messages scope: UnauthorizedError (missing_scope) on messages only", () =>
          Effect.gen(function*() {
            const target = yield* Target
            const token = yield* target.tokenWithoutMessagesScope
            const conversation = yield* someConversation(() => true, "at all")
            const error = yield* failureOf(withClient((c) => c.getMessagesPage(conversation.id), { token }))
            expect(error._tag === "UnauthorizedError" ? [error.status, error.reason] : error._tag).toEqual([
              401,
              "missing_scope"
            ])
            const search = yield* withClient((c) => c.searchConversationsPage({ limit: 1 }), { token })
            expect(search.conversations.length).toBe(1)
          }))
      }
    })

    if (capabilities.mock) {
      describe("mock only: exact seeded values", () => {
        const view = Effect.flatMap(
          Target,
          (target) =>
            Effect.map(target.mock, (mock) => ({ target, mock })).pipe(Effect.orDieWith(() => "not a mock target"))
        )

        it.effect("search walks exactly the seeded conversations, in the seeded order", () =>
          Effect.gen(function*() {
            const found = yield* view
            const seeded = found.mock.store.conversationsOf(found.target.locationId)
            const walked = yield* withClient((c) => collect(c.searchConversations({ limit: 7 }), 10_000))
            expect(walked.map((conversation) => conversation.id)).toEqual(seeded.map((conversation) => conversation.id))
            const starred = yield* withClient((c) => collect(c.searchConversations({ status: "starred" }), 10_000))
            expect(starred.map((conversation) => conversation.id)).toEqual(
              seeded.filter((conversation) => conversation.starred).map((conversation) => conversation.id)
            )
          }))

        it.effect("get conversation and every message match the seed", () =>
          Effect.gen(function*() {
            const found = yield* view
            const [first] = found.mock.store.conversationsOf(found.target.locationId)
            if (first === undefined) return yield* Effect.dieMessage("the seed has no conversation")
            const conversation = yield* withClient((c) => c.getConversation(first.id))
            const seeded = found.mock.store.conversation(first.id)
            expect([conversation.contactId, conversation.unreadCount, conversation.starred]).toEqual([
              seeded?.contactId,
              seeded?.unreadCount,
              seeded?.starred
            ])
            const messages = yield* withClient((c) => collect(c.listMessages(first.id, { limit: 7 }), 10_000))
            expect(messages.map((message) => message.id)).toEqual(
              found.mock.store.messagesOf(first.id).map((message) => message.id)
            )
          }))

        it.effect("the other location answers its own token, and score-profile filters are refused (422)", () =>
          Effect.gen(function*() {
            const found = yield* view
            const other = found.mock.locations.find((location) => location.locationId === found.target.otherLocationId)
            if (other === undefined) return yield* Effect.dieMessage("no second location")
            const page = yield* withClient(
              (c) => c.searchConversationsPage({ locationId: other.locationId, limit: 100 }),
              { token: Redacted.make(other.tokens.full) }
            )
            expect(page.total).toBe(found.mock.store.conversationsOf(other.locationId).length)
            const refused = yield* failureOf(withClient((c) => c.searchConversationsPage({ scoreProfile: "sp1" })))
            expect(refused._tag === "InvalidRequestError" ? refused.status : refused._tag).toBe(422)
          }))
      })
    }

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
        for (const summary of (yield* conversations).slice(0, 10)) {
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

      it.effect("every body the target sent in this file matches the published schemas with D1…D10", () =>
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
              ["the body is not JSON"]).map((problem) =>
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
  })
