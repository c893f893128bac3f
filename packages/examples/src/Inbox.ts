/**
 * An inbox service built on the client: an unread digest of a location and readable transcripts of conversations.
 * It is an ordinary Effect service (a `Context.Tag` and a `layer`) that depends on the client service, so the same
 * code runs against the mock or the real API depending only on how the client layer was configured.
 *
 * @since 0.1.0
 */
import {
  ConversationsClient,
  type ConversationsError,
  type ConversationsOperations,
  type MessageResults,
  type MessagesInputs,
  type MessagesOperations
} from "@highlevel-effect/client"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { Digest, DigestEntry } from "./inbox/Model.js"
import { renderTranscript } from "./inbox/Render.js"

export {
  /**
   * @since 0.1.0
   * @category models
   */
  Digest,
  /**
   * @since 0.1.0
   * @category models
   */
  DigestEntry
} from "./inbox/Model.js"

export {
  /**
   * @since 0.1.0
   * @category rendering
   */
  arrow,
  /**
   * @since 0.1.0
   * @category rendering
   */
  bodyText,
  /**
   * @since 0.1.0
   * @category rendering
   */
  channelLabel,
  /**
   * @since 0.1.0
   * @category rendering
   */
  formatDuration,
  /**
   * @since 0.1.0
   * @category rendering
   */
  formatTime,
  /**
   * @since 0.1.0
   * @category rendering
   */
  headline,
  /**
   * @since 0.1.0
   * @category rendering
   */
  renderDigest,
  /**
   * @since 0.1.0
   * @category rendering
   */
  renderMessage,
  /**
   * @since 0.1.0
   * @category rendering
   */
  renderTranscript
} from "./inbox/Render.js"

/**
 * Options of {@link Service.unreadDigest}.
 *
 * @since 0.1.0
 * @category models
 */
export interface DigestOptions {
  /** The location; defaults to the client's default location (`HIGHLEVEL_LOCATION_ID`). */
  readonly locationId?: string | undefined
  /** How many conversations, most recent activity first, 1..100 (default 5). */
  readonly conversations?: number | undefined
  /** How many of the latest messages per conversation, 1..100 (default 3). */
  readonly messagesPerConversation?: number | undefined
}

/**
 * Options of {@link Service.transcript}.
 *
 * @since 0.1.0
 * @category models
 */
export interface TranscriptOptions {
  /**
   * At most this many of the latest messages (default 200). A transcript is read oldest first, so the messages it
   * shows are held in memory; the bound keeps a very long conversation from filling it.
   */
  readonly lastMessages?: number | undefined
}

/**
 * The failures of {@link Service.unreadDigest}.
 *
 * @since 0.1.0
 * @category errors
 */
export type DigestError = ConversationsError.SearchConversationsError | ConversationsError.GetMessagesError

/**
 * The failures of {@link Service.transcript}.
 *
 * @since 0.1.0
 * @category errors
 */
export type TranscriptError = ConversationsError.GetConversationError | ConversationsError.ListMessagesError

/**
 * The failures of {@link Service.reply}: the conversation's read, or the send (a `POST`: a timeout or a dropped
 * connection after sending is `WriteOutcomeUnknownError`, never resent).
 *
 * @since 0.1.0
 * @category errors
 */
export type ReplyError = ConversationsError.GetConversationError | MessagesOperations.SendMessageError

/**
 * The failures of {@link Service.markRead}.
 *
 * @since 0.1.0
 * @category errors
 */
export type MarkReadError = ConversationsOperations.UpdateConversationError

/**
 * The operations of the inbox.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The most recent unread conversations of a location, each with its last messages. Read-only. */
  readonly unreadDigest: (options?: DigestOptions) => Effect.Effect<Digest, DigestError>
  /** A conversation rendered as readable text: one block per message, oldest first, times in UTC. */
  readonly transcript: (conversationId: string, options?: TranscriptOptions) => Effect.Effect<string, TranscriptError>
  /**
   * Replies `text` to the conversation's contact, on the channel of the conversation (an SMS for a phone
   * conversation, an email with subject "Re: your message" for an email one, …). The reply comes first in the
   * conversation's messages.
   */
  readonly reply: (conversationId: string, text: string) => Effect.Effect<MessageResults.SentMessage, ReplyError>
  /** Marks the conversation read (`unreadCount` 0): it leaves the unread digest. */
  readonly markRead: (conversationId: string) => Effect.Effect<void, MarkReadError>
}

// The send type of a conversation's channel; a channel with no send type of its own gets an SMS.
const replyType = (channel: string): MessagesInputs.SendMessageType => {
  switch (channel) {
    case "TYPE_EMAIL":
      return "Email"
    case "TYPE_FB_MESSENGER":
      return "FB"
    default:
      return "SMS"
  }
}

/**
 * The inbox service.
 *
 * @since 0.1.0
 * @category tags
 */
export class Inbox extends Context.Tag("@highlevel-effect/examples/Inbox")<Inbox, Service>() {}

/**
 * Builds the service from the client in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, ConversationsClient.ConversationsClient> = Effect.gen(function*() {
  const client = yield* ConversationsClient.ConversationsClient

  const unreadDigest = Effect.fn("Inbox.unreadDigest")(function*(options: DigestOptions = {}) {
    const page = yield* client.searchConversationsPage({
      ...(options.locationId !== undefined ? { locationId: options.locationId } : {}),
      status: "unread",
      sort: "desc",
      sortBy: "last_message_date",
      limit: options.conversations ?? 5
    })
    const entries = yield* Effect.forEach(
      page.conversations,
      (conversation) =>
        client.getMessagesPage(conversation.id, { limit: options.messagesPerConversation ?? 3 }).pipe(
          // Pages come newest first; a digest reads oldest first.
          Effect.map((messages) =>
            new DigestEntry({ conversation, lastMessages: [...messages.messages].reverse() }, {
              disableValidation: true
            })
          )
        ),
      // Bounded: the client's rate limiter also paces these, but a digest of 100 should not open 100 sockets.
      { concurrency: 4 }
    )
    const locationId = options.locationId ?? page.conversations[0]?.locationId
    return new Digest({
      ...(locationId !== undefined ? { locationId } : {}),
      unreadTotal: page.total,
      entries
    }, { disableValidation: true })
  })

  const transcript = Effect.fn("Inbox.transcript")(
    function*(conversationId: string, options: TranscriptOptions = {}) {
      const max = Math.max(1, options.lastMessages ?? 200)
      const [conversation, latest] = yield* Effect.all([
        client.getConversation(conversationId),
        // One more than shown tells whether older messages were left out.
        client.listMessages(conversationId).pipe(Stream.take(max + 1), Stream.runCollect)
      ], { concurrency: 2 })
      const shown = Chunk.toReadonlyArray(Chunk.take(latest, max)).slice().reverse()
      return renderTranscript(conversation, shown, Chunk.size(latest) > max)
    }
  )

  const reply = Effect.fn("Inbox.reply")(function*(conversationId: string, text: string) {
    const conversation = yield* client.conversations.get(conversationId)
    const type = replyType(conversation.type)
    return yield* client.messages.send(
      type === "Email"
        ? { type, contactId: conversation.contactId, subject: "Re: your message", message: text }
        : { type, contactId: conversation.contactId, message: text }
    )
  })

  const markRead = Effect.fn("Inbox.markRead")(function*(conversationId: string) {
    yield* client.conversations.update(conversationId, { unreadCount: 0 })
  })

  return Inbox.of({ unreadDigest, transcript, reply, markRead })
})

/**
 * The inbox as a Layer; it needs the client, so compose it once with `ConversationsClient.layerConfig()` (or
 * `ConversationsClient.layer(options)`) and an `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Inbox, never, ConversationsClient.ConversationsClient> = Layer.effect(Inbox, make)
