/**
 * What the parts of the contract suite share: a client per call (against the file's target), bounded listings, the
 * ordering checks, and the location's conversations read once per file.
 */
import type { Vitest } from "@effect/vitest"
import { type Conversation, ConversationsClient } from "@highlevel-effect/client"
import * as Chunk from "effect/Chunk"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { client, type ClientOptions, type Target } from "./Target.js"

/** The `it` of a suite's file: its tests run against the target, on the real clock. */
export type It = Vitest.MethodsNonLive<Target, true>

// Bounds that keep a run against a large real account short: pages are small (so paging is exercised) and a
// listing stops after this many items.
export const pageSize = 5
export const maxItems = 60

/** Runs `f` with a client of the target (options: another token, a tweak, a page size). */
export const withClient = <A, E>(
  f: (service: ConversationsClient.Service) => Effect.Effect<A, E>,
  options?: ClientOptions
): Effect.Effect<A, E, Target> =>
  Effect.flatMap(ConversationsClient.ConversationsClient, f).pipe(Effect.provide(client(options)))

/** The first `max` items of a stream. */
export const collect = <A, E>(stream: Stream.Stream<A, E>, max = maxItems): Effect.Effect<Array<A>, E> =>
  Stream.runCollect(Stream.take(stream, max)).pipe(Effect.map(Chunk.toArray))

/** Epoch ms of a date, if any. */
export const epoch = (date: DateTime.Utc | undefined): number | undefined =>
  date === undefined ? undefined : DateTime.toEpochMillis(date)

/** The search sort value of a document. */
export const sortKey = (conversation: Conversation.ConversationSummary): number | undefined => {
  const first = conversation.sort?.[0]
  return typeof first === "number" ? first : first === undefined ? undefined : Number(first)
}

/** Whether the known values are in `direction` order. */
export const isOrdered = (values: ReadonlyArray<number | undefined>, direction: "asc" | "desc"): boolean => {
  const known = values.filter((value): value is number => value !== undefined)
  return known.every((value, index) => {
    const previous = known[index - 1]
    return previous === undefined || (direction === "desc" ? previous >= value : previous <= value)
  })
}

/** Whether no id repeats. */
export const unique = (ids: ReadonlyArray<string>): boolean => new Set(ids).size === ids.length

/** The failure of an effect expected to fail. */
export const failureOf = <A, E>(effect: Effect.Effect<A, E, Target>) => Effect.flip(effect)

// A well-formed conversation id that no location has.
export const unknownId = "zZ9yY8xX7wW6vV5uU4tT"

/** What a target can do, known when the tests are registered. */
export interface Capabilities {
  /** The target is the mock: its seeded values can be asserted exactly. */
  readonly mock: boolean
  /** A token without the messages scope is available. */
  readonly tokenWithoutMessagesScope: boolean
}

/** The location's conversations in the default order, read once per file (every page) and shared by its tests. */
export interface Conversations {
  readonly all: Effect.Effect<Array<Conversation.ConversationSummary>, unknown, Target>
  /** The `total` of the first page (set once `all` ran). */
  readonly firstPageTotal: () => number
  readonly some: (
    predicate: (c: Conversation.ConversationSummary) => boolean,
    what: string
  ) => Effect.Effect<Conversation.ConversationSummary, unknown, Target>
  readonly searchAll: (
    params: Parameters<ConversationsClient.Service["searchConversations"]>[0]
  ) => Effect.Effect<Array<Conversation.ConversationSummary>, unknown, Target>
}

/** A fresh cache of the conversations (one per registered suite). */
export const makeConversations = (): Conversations => {
  let everyConversation: Array<Conversation.ConversationSummary> = []
  let firstPageTotal = 0

  const all = Effect.gen(function*() {
    if (everyConversation.length > 0) return everyConversation
    const first = yield* withClient((c) => c.searchConversationsPage({ limit: pageSize }))
    firstPageTotal = first.total
    everyConversation = yield* withClient((c) => collect(c.searchConversations({ limit: pageSize })))
    return everyConversation
  })

  const some = (predicate: (c: Conversation.ConversationSummary) => boolean, what: string) =>
    Effect.flatMap(all, (list) =>
      Option.match(Option.fromNullable(list.find(predicate)), {
        onNone: () => Effect.dieMessage(`the target's location has no conversation ${what}`),
        onSome: Effect.succeed
      }))

  const searchAll = (params: Parameters<ConversationsClient.Service["searchConversations"]>[0]) =>
    withClient((c) => collect(c.searchConversations({ limit: pageSize, ...params })))

  return { all, firstPageTotal: () => firstPageTotal, some, searchAll }
}

/** The HTTP status an error was built from, if it was built from a response. */
export const statusOf = (error: unknown): number | undefined =>
  typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ?
    error.status :
    undefined
