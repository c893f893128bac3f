/**
 * Where a sync reads from, behind one small interface so the engine does not care which API path feeds it:
 *
 * - `conversations`: every conversation of the location, page by page (the search, newest last message first).
 *   Walked whole on every run: HighLevel signals neither a deletion nor a conversation being read anywhere else
 *   (neither moves `last_message_date`), so the roster is how the sync sees both, at one request per 100.
 * - `messages(walk, since)`: the messages changed at or after `since` (epoch ms; everything when undefined), page by
 *   page. A page may carry the watermark that is safe to commit with it: every message changed before it has been
 *   read.
 *
 * `perConversation` lists each conversation's messages (the path of the export's `--strategy conversations`); the
 * location export endpoint is `Endpoint.source`.
 *
 * @since 0.1.0
 */
import type { Conversation, ConversationsError, Message } from "@highlevel-effect/client"
import { ConversationsClient } from "@highlevel-effect/client"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Rows from "./Rows.js"

/**
 * A page of messages and the watermark it completes, if any.
 *
 * @since 0.1.0
 * @category models
 */
export interface MessagePage {
  readonly messages: ReadonlyArray<Message.Message>
  /** Safe to commit with this page: every message changed before it has been read by now. */
  readonly watermark: number | undefined
  /** The walk's total, when the API says (the first page of the export). */
  readonly total: number | undefined
}

/**
 * The failures of a source.
 *
 * @since 0.1.0
 * @category errors
 */
export type SourceError =
  | ConversationsError.SearchAllError
  | ConversationsError.ListMessagesError
  | ConversationsError.RequestError
  | ConversationsError.PaginationStalled

/**
 * A source of conversations and messages.
 *
 * @since 0.1.0
 * @category models
 */
export interface Source {
  readonly strategy: "endpoint" | "conversations"
  /** The message walks, each with a watermark of its own (`emails` for the endpoint's separate email walk). */
  readonly walks: ReadonlyArray<"messages" | "emails">
  readonly messages: (walk: "messages" | "emails", since: number | undefined) => Stream.Stream<MessagePage, SourceError>
  readonly conversations: Stream.Stream<ReadonlyArray<Conversation.ConversationSummary>, SourceError>
}

/**
 * Every conversation of the location, page by page, newest last message first (shared by the sources).
 *
 * @since 0.1.0
 * @category constructors
 */
export const roster = (client: ConversationsClient.Service, locationId: string) =>
  client.searchConversationsPages({ locationId, sort: "desc", sortBy: "last_message_date", limit: 100 }).pipe(
    Stream.map((page) => page.conversations)
  )

/**
 * Messages read one conversation at a time: the conversations whose last message is at or after `since` (all of
 * them on a first run), each listed whole. The watermark (the newest change seen) comes with a final empty page, once
 * every conversation has been read; an edit to an older message that does not move its conversation's last message
 * date is only seen by a full run. Costs one search page per 100 conversations plus one request per conversation
 * (per 100 messages).
 *
 * @since 0.1.0
 * @category constructors
 */
export const perConversation = (
  locationId: string
): Effect.Effect<Source, never, ConversationsClient.ConversationsClient> =>
  Effect.map(ConversationsClient.ConversationsClient, (client): Source => ({
    strategy: "conversations",
    walks: ["messages"],
    conversations: roster(client, locationId),
    messages: (_walk, since) => {
      let newest: number | undefined
      const pages = client.searchConversations({ locationId, sort: "asc", sortBy: "last_message_date", limit: 100 })
        .pipe(
          Stream.filter((conversation) =>
            since === undefined || conversation.lastMessageDate === undefined ||
            conversation.lastMessageDate === null || DateTime.toEpochMillis(conversation.lastMessageDate) >= since
          ),
          Stream.mapEffect((conversation) =>
            client.listMessages(conversation.id, { limit: 100 }).pipe(
              Stream.runCollect,
              Effect.map((chunk): MessagePage => {
                const messages = [...chunk]
                for (const message of messages) newest = Math.max(newest ?? 0, Rows.updatedAt(message))
                return { messages, watermark: undefined, total: undefined }
              }),
              // Deleted between the search and its listing: nothing to read; the roster removes it.
              Effect.catchTag("NotFoundError", () =>
                Effect.succeed<MessagePage>({ messages: [], watermark: undefined, total: undefined }))
            ), { concurrency: 4 })
        )
      const last = Stream.fromEffect(Effect.sync((): MessagePage => ({
        messages: [],
        watermark: newest ?? since,
        total: undefined
      })))
      return Stream.concat(pages, last)
    }
  }))
