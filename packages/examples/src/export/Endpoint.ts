/**
 * The endpoint strategy's source: the location export endpoint (`GET /conversations/messages/export`), 500 messages
 * a page, one batch per page. Without `channel` the endpoint leaves emails out, so there are two walks, one after
 * the other: `messages` (every non-email type) and `emails` (`channel=Email`). Each page's batch records where its
 * walk goes on (the page's `nextCursor`, `null` on the last page), so a resumed export continues each walk from its
 * last committed cursor instead of from the start.
 *
 * Why every message comes once:
 * - The two walks are disjoint (email types and the rest), and their union is every type.
 * - Pages are sorted by `createdAt` ascending, which never changes: a message cannot move across the cursor while a
 *   walk runs, as it could sorted by `updatedAt` (an edited message would move behind the cursor and come again). A
 *   message created during the export sorts last, so it is met (or not, when the endpoint's cursor holds a point in
 *   time, as the mock's does), never twice.
 * - A page and its cursor are committed together (see `Pipeline`), so a killed run resumes at the first page it had
 *   not committed.
 *
 * It costs one request per 500 messages of each walk: about 2 per 1,000 messages, against about 28 for the
 * conversations strategy (search pages plus one listing of 100 per conversation).
 *
 * @since 0.1.0
 */
import { ConversationsClient, ConversationsError } from "@highlevel-effect/client"
import type { MessageResults, MessagesOperations } from "@highlevel-effect/client"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { type Resumed, type Walk, walks } from "./Checkpoint.js"
import { ExportError } from "./Model.js"
import type { Settings } from "./Options.js"
import type { Batch, Source, Totals } from "./Source.js"

/**
 * The endpoint's page size: its maximum.
 *
 * @since 0.1.0
 * @category constants
 */
export const pageSize = 500

/**
 * The failures of {@link endpoint}: a page's, a repeated cursor, or a checkpoint's cursor the server refused
 * (`ExportError` of reason `CursorRejected`).
 *
 * @since 0.1.0
 * @category errors
 */
export type EndpointSourceError = MessagesOperations.ExportMessagesError | ExportError

// A fetched page and where its walk goes on from.
interface Fetched {
  readonly walk: Walk
  readonly page: MessageResults.ExportMessagesPage
  readonly next: string | null
}

type Step = Effect.Effect<readonly [Fetched, Option.Option<string>], EndpointSourceError>

// One page of a walk that started at `start` (undefined: its first page), and the cursor after it. A cursor from the
// checkpoint that the server refuses (400, 422: expired, or edited) cannot be recovered from by retrying: it says
// so, naming the checkpoint.
const stepOf =
  (client: ConversationsClient.Service, settings: Settings) =>
  (walk: Walk, start: string | undefined) =>
  (cursor: string | undefined): Step => {
    const locationId = settings.filters.locationId
    const request: Effect.Effect<MessageResults.ExportMessagesPage, EndpointSourceError> = client.messages.exportPage({
      ...(locationId !== undefined ? { locationId } : {}),
      limit: pageSize,
      sortBy: "createdAt",
      sortOrder: "asc",
      ...(walk === "emails" ? { channel: "Email" as const } : {}),
      ...(cursor !== undefined ? { cursor } : {})
    })
    const fetched = cursor !== undefined && cursor === start
      ? Effect.catchTag(request, "InvalidRequestError", (error) =>
        Effect.fail(
          new ExportError({
            reason: "CursorRejected",
            detail: `the server refused the cursor checkpoint ${settings.checkpoint} recorded for the ${walk} walk ` +
              `(${error.message}): that walk cannot go on; delete the checkpoint and the output to start over`
          })
        ))
      : request
    return Effect.flatMap(fetched, (page): Step => {
      // As the client's own stream: no cursor, an empty one or an empty page ends the walk.
      const next = page.nextCursor
      if (next === undefined || next === "" || page.messages.length === 0) {
        return Effect.succeed([{ walk, page, next: null }, Option.none()] as const)
      }
      if (next === cursor) {
        return Effect.fail(
          new ConversationsError.PaginationStalled({ operation: "messages.export", cursor: client.redact(next) })
        )
      }
      return Effect.succeed([{ walk, page, next }, Option.some(next)] as const)
    })
  }

// The walk's cursor an earlier run committed: `null` when the walk is complete, undefined when it has not started.
const recordedOf = (resumed: Option.Option<Resumed>) => (walk: Walk): string | null | undefined =>
  Option.match(resumed, { onNone: () => undefined, onSome: (r) => r.walks.get(walk) })

// The messages expected: the complete walks' committed messages plus each pending walk's `total` (the endpoint's
// count of the whole walk), unknown when a page carried none or with a type filter (the endpoint counts every type,
// so the total would never be reached).
const totalsOf = (
  resumed: Option.Option<Resumed>,
  filtered: boolean,
  firsts: ReadonlyArray<{ readonly first: Fetched }>
): Totals => {
  if (filtered) return { conversations: 0, messages: undefined }
  const recorded = recordedOf(resumed)
  const done = walks.filter((walk) => recorded(walk) === null).reduce(
    (sum, walk) => sum + Option.match(resumed, { onNone: () => 0, onSome: (r) => r.walkMessages.get(walk) ?? 0 }),
    0
  )
  const reported = firsts.map(({ first }) => first.page.total)
  return {
    conversations: 0,
    messages: reported.every((total) => typeof total === "number")
      ? reported.reduce<number>((sum, total) => sum + (total ?? 0), done)
      : undefined
  }
}

/**
 * The location's messages through the export endpoint, less the pages an earlier run committed: a complete walk is
 * skipped, a started one continues from its cursor. Only `settings.messageTypes` are kept (the endpoint filters by
 * channel, not by type).
 *
 * @since 0.1.0
 * @category constructors
 */
export const endpoint = (
  settings: Settings,
  resumed: Option.Option<Resumed>
): Effect.Effect<Source<EndpointSourceError>, never, ConversationsClient.ConversationsClient> =>
  Effect.gen(function*() {
    const step = stepOf(yield* ConversationsClient.ConversationsClient, settings)
    const recorded = recordedOf(resumed)
    const wanted = settings.messageTypes !== undefined ? new Set<string>(settings.messageTypes) : undefined
    const pending = walks.filter((walk) => recorded(walk) !== null)
    // Each pending walk's first page, fetched before the export starts: it carries the walk's total for progress,
    // and the walk goes on from its cursor. Fetched once, whichever asks first.
    const firstPages = yield* Effect.cached(
      Effect.forEach(pending, (walk) => {
        const start = recorded(walk) ?? undefined
        return Effect.map(step(walk, start)(start), ([first, next]) => ({ walk, start, first, next }))
      })
    )
    const total: Effect.Effect<Totals, EndpointSourceError, Scope.Scope> = Effect.map(
      firstPages,
      (firsts) => totalsOf(resumed, wanted !== undefined, firsts)
    )
    const batches = Stream.unwrap(
      Effect.map(
        firstPages,
        (firsts) =>
          Stream.concatAll(Chunk.fromIterable(firsts.map(({ first, next, start, walk }) =>
            Stream.concat(
              Stream.make(first),
              Option.match(next, {
                onNone: () => Stream.empty,
                onSome: (cursor) => Stream.paginateEffect(cursor, step(walk, start))
              })
            )
          )))
      )
    ).pipe(
      Stream.map(({ next, page, walk }): Batch<EndpointSourceError> => ({
        position: { _tag: "Page", walk, cursor: next },
        messages: Stream.fromIterable(
          wanted === undefined ? page.messages : page.messages.filter((message) => wanted.has(message.messageType))
        )
      }))
    )
    const source: Source<EndpointSourceError> = { total, batches }
    return source
  })
