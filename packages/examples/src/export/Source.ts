/**
 * Where the exported messages come from. The pipeline commits them in batches, each with the position the checkpoint
 * journal records for it (so a resumed run starts after it) and streamed page by page. A source is built from what
 * an earlier run committed and yields only what is left. Two strategies: {@link conversations} (a search, one batch
 * per matching conversation) here, and the location export endpoint (one batch per page) in `Endpoint.ts`.
 *
 * @since 0.1.0
 */
import { ConversationsClient, type ConversationsError, type Message } from "@highlevel-effect/client"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as HashSet from "effect/HashSet"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"
import type { Resumed, Walk } from "./Checkpoint.js"
import type { Settings } from "./Options.js"

/**
 * A batch vanished at the source after it was listed (a conversation deleted mid-export): it is committed empty,
 * with a warning, rather than failing the whole export. `detail` says which and why.
 *
 * @since 0.1.0
 * @category errors
 */
export class BatchGone extends Data.TaggedError("BatchGone")<{ readonly detail: string }> {}

/**
 * Where a batch ends, as the checkpoint journal records it: the conversation committed, or the endpoint walk and the
 * cursor it goes on from (`null`: the walk is complete).
 *
 * @since 0.1.0
 * @category models
 */
export type Position =
  | { readonly _tag: "Conversation"; readonly conversationId: string }
  | { readonly _tag: "Page"; readonly walk: Walk; readonly cursor: string | null }

/**
 * Messages committed together: all of them or none.
 *
 * @since 0.1.0
 * @category models
 */
export interface Batch<E> {
  readonly position: Position
  readonly messages: Stream.Stream<Message.Message, E | BatchGone>
}

/**
 * What a source expects, for progress: conversations (the conversations strategy) or messages (the endpoint's
 * walks, earlier runs included; undefined when the endpoint does not say).
 *
 * @since 0.1.0
 * @category models
 */
export interface Totals {
  readonly conversations: number
  readonly messages: number | undefined
}

/**
 * A source: the batches left to export in export order (a fixed order, each batch once) and how many there are.
 *
 * @since 0.1.0
 * @category models
 */
export interface Source<E> {
  /**
   * The totals, for progress; they may change while the export runs. It may start the listing (the first page
   * carries the total), whose rest then lives in the scope.
   */
  readonly total: Effect.Effect<Totals, E, Scope.Scope>
  readonly batches: Stream.Stream<Batch<E>, E>
}

/**
 * The failures of {@link conversations}.
 *
 * @since 0.1.0
 * @category errors
 */
export type ConversationsSourceError = ConversationsError.SearchAllError | ConversationsError.ListMessagesError

// `Stream.peel` (effect 3.22) hands on a failure of the rest of the stream as a defect, a `ChannelException`
// wrapping the stream's own error: a search page failing after the first would crash the export instead of failing
// it with the typed error the command maps to its exit code. The wrapped error is the stream's `E`, restored here.
const failuresRestored = <A, E>(stream: Stream.Stream<A, E>): Stream.Stream<A, E> =>
  Stream.catchAllCause(stream, (cause) =>
    Option.match(Cause.dieOption(cause), {
      onNone: () => Stream.failCause(cause),
      onSome: (defect) => Channel.isChannelException(defect) ? Stream.fail(defect.error as E) : Stream.failCause(cause)
    }))

/**
 * Every conversation matching `settings.filters` (up to `settings.limit`), one batch each, with its messages of
 * `settings.messageTypes`, less those an earlier run committed. Conversations come sorted by `last_message_date`
 * ascending: a conversation that gets a new message during the export moves *behind* the cursor and is met again
 * (and skipped: ids are deduplicated), where in descending order it would jump ahead of the cursor and be missed.
 *
 * @since 0.1.0
 * @category constructors
 */
export const conversations = (
  settings: Settings,
  resumed: Option.Option<Resumed>
): Effect.Effect<Source<ConversationsSourceError>, never, ConversationsClient.ConversationsClient> =>
  Effect.gen(function*() {
    const client = yield* ConversationsClient.ConversationsClient
    const completed = Option.match(resumed, { onNone: () => new Set<string>(), onSome: (r) => r.completed })
    const listOptions = settings.messageTypes !== undefined ? { type: settings.messageTypes } : {}
    // The search's first page carries `total` (every match): the progress line reads it there, and the listing goes
    // on from the same stream, instead of a separate one-row search. Peeled once, whichever asks first.
    const opened = yield* Effect.cached(
      Stream.peel(
        client.searchConversationsPages({ ...settings.filters, sort: "asc", sortBy: "last_message_date" }),
        Sink.head()
      )
    )
    const matching = Stream.unwrapScoped(
      Effect.map(
        opened,
        ([first, rest]) =>
          Stream.concat(Stream.fromIterable(Option.toArray(first)), failuresRestored(rest)).pipe(
            Stream.mapConcat((page) => page.conversations)
          )
      )
    ).pipe(
      // A conversation updated mid-export is listed again further on: keep its first occurrence.
      Stream.mapAccum(HashSet.empty<string>(), (seen, conversation) =>
        HashSet.has(seen, conversation.id)
          ? [seen, Option.none()]
          : [HashSet.add(seen, conversation.id), Option.some(conversation)]),
      Stream.filterMap((conversation) => conversation)
    )
    const source: Source<ConversationsSourceError> = {
      total: Effect.map(opened, ([first]) => {
        const total = Option.match(first, { onNone: () => 0, onSome: (page) => page.total })
        return {
          conversations: settings.limit !== undefined ? Math.min(total, settings.limit) : total,
          messages: undefined
        }
      }),
      // The limit counts the conversations of earlier runs too: taken before the committed ones are dropped.
      batches: (settings.limit !== undefined ? Stream.take(matching, settings.limit) : matching).pipe(
        Stream.filter((conversation) => !completed.has(conversation.id)),
        Stream.map((conversation): Batch<ConversationsSourceError> => ({
          position: { _tag: "Conversation", conversationId: conversation.id },
          messages: client.listMessages(conversation.id, listOptions).pipe(
            // Deleted after the search listed it: nothing left to export. The id came from the server, which may
            // have handed the token back as one: the warning prints it through the client's redaction (the error's
            // message is redacted already).
            Stream.catchTag("NotFoundError", (error) =>
              Stream.fail(
                new BatchGone({ detail: `conversation ${client.redact(conversation.id)}: ${error.message}` })
              ))
          )
        }))
      )
    }
    return source
  })
