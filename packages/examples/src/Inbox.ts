/**
 * An inbox service built on the client: an unread digest of a location and readable transcripts of conversations.
 * It is an ordinary Effect service (a `Context.Tag` and a `layer`) that depends on the client service, so the same
 * code runs against the mock or the real API depending only on how the client layer was configured.
 *
 * @since 0.1.0
 */
import {
  Conversation,
  ConversationsClient,
  type ConversationsError,
  type ConversationsOperations,
  Message,
  type MessageResults,
  type MessagesInputs,
  type MessagesOperations
} from "@highlevel-effect/client"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

/**
 * One conversation of a digest with its most recent messages, oldest first (reading order).
 *
 * @since 0.1.0
 * @category models
 */
export class DigestEntry extends Schema.Class<DigestEntry>("DigestEntry")({
  conversation: Conversation.ConversationSummary,
  lastMessages: Schema.Array(Message.Message)
}) {}

/**
 * The most recent unread conversations of a location. `unreadTotal` is the number of unread conversations the
 * search reported, which can exceed the number of entries.
 *
 * @since 0.1.0
 * @category models
 */
export class Digest extends Schema.Class<Digest>("Digest")({
  locationId: Schema.optional(Schema.String),
  unreadTotal: Schema.Number,
  entries: Schema.Array(DigestEntry)
}) {}

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

// -------------------------------------------------------------------------------------------------------------------
// Rendering
// -------------------------------------------------------------------------------------------------------------------

/**
 * A time as `YYYY-MM-DD HH:MM` in UTC: sortable, unambiguous, and the same on every machine (tests included).
 *
 * @since 0.1.0
 * @category rendering
 */
export const formatTime = (dateTime: DateTime.DateTime): string => {
  const iso = DateTime.formatIso(DateTime.toUtc(dateTime))
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
}

/**
 * A call duration in seconds as `1h 02m 05s`, `2m 05s` or `45s`.
 *
 * @since 0.1.0
 * @category rendering
 */
export const formatDuration = (seconds: number): string => {
  const total = Math.max(0, Math.round(seconds))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number) => String(n).padStart(2, "0")
  return h > 0 ? `${h}h ${pad(m)}m ${pad(s)}s` : m > 0 ? `${m}m ${pad(s)}s` : `${s}s`
}

/**
 * The arrow of a direction: `←` inbound (the contact wrote), `→` outbound (the business did).
 *
 * @since 0.1.0
 * @category rendering
 */
export const arrow = (direction: string): string => direction === "inbound" ? "←" : direction === "outbound" ? "→" : "·"

/**
 * The channel of a message for display: its `messageType` without the `TYPE_` prefix (`SMS`, `CALL`, `EMAIL`, …).
 *
 * @since 0.1.0
 * @category rendering
 */
export const channelLabel = (messageType: string): string =>
  messageType.startsWith("TYPE_") ? messageType.slice(5) : messageType

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: " " }

/**
 * The text of a message body: email bodies are often HTML, so tags are dropped (block tags become line breaks) and
 * the common entities decoded. Good enough to read, not an HTML renderer.
 *
 * @since 0.1.0
 * @category rendering
 */
export const bodyText = (body: string): string =>
  body
    .replace(/<\s*(br|\/p|\/div|\/li|\/h[1-6]|\/tr)\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#\d+|[a-z]+);/gi, (match, name: string) =>
      name.startsWith("#") ? String.fromCodePoint(Number(name.slice(1))) : entities[name.toLowerCase()] ?? match)
    .split("\n")
    .map((line) =>
      line.replace(/[ \t\r\f\v]+/g, " ").trim()
    )
    .filter((line) => line !== "")
    .join("\n")

const isCall = (message: Message.Message) => message.messageType.includes("CALL") || message.meta?.call !== undefined

const isEmail = (message: Message.Message) => message.messageType.includes("EMAIL")

const truncate = (text: string, width: number) => text.length <= width ? text : `${text.slice(0, width - 1)}…`

// A salutation ("Hello,", "Hi Jane,") says nothing about an email; the line after it does.
const isSalutation = (line: string) => line.length <= 30 && /,$/.test(line)

// The first sentence of a line (up to the first ".", "!" or "?" followed by a space).
const firstSentence = (line: string) => {
  const match = /^.*?[.!?](?=\s|$)/.exec(line)
  return match !== null ? match[0] : line
}

/**
 * The headline of a message: for a call its duration and status; for an email a subject-like line (the message
 * carries no subject, so the first sentence after the salutation stands in for one, in quotes); otherwise the first
 * line of the body.
 *
 * @since 0.1.0
 * @category rendering
 */
export const headline = (message: Message.Message): string => {
  const attachments = message.attachments !== undefined && message.attachments.length > 0
    ? ` [${message.attachments.length} attachment${message.attachments.length === 1 ? "" : "s"}]`
    : ""
  if (isCall(message)) {
    const call = message.meta?.call
    const parts = [
      call?.duration !== undefined ? formatDuration(call.duration) : undefined,
      call?.status ?? message.status
    ].filter((part) => part !== undefined)
    return `call${parts.length > 0 ? `, ${parts.join(", ")}` : ""}${attachments}`
  }
  const lines = message.body !== undefined ? bodyText(message.body).split("\n") : []
  if (isEmail(message)) {
    const subject = lines.find((line) => !isSalutation(line)) ?? lines[0]
    return `${subject === undefined ? "(no text)" : `"${firstSentence(subject)}"`}${attachments}`
  }
  return `${lines[0] ?? "(no text)"}${attachments}`
}

/**
 * One message as text: a header line (time, arrow, channel, headline, status) and, when `full`, the body below it,
 * indented (for an email the whole text, for other messages the lines after the first).
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderMessage = (
  message: Message.Message,
  options: { readonly full?: boolean; readonly width?: number } = {}
): Array<string> => {
  const status = !isCall(message) && message.status !== undefined ? ` (${message.status})` : ""
  const head = `${formatTime(message.dateAdded)}  ${arrow(message.direction)} ${
    channelLabel(message.messageType).padEnd(9)
  } ${headline(message)}${status}`
  if (options.full !== true) return [truncate(head, options.width ?? 120)]
  const lines = message.body !== undefined && !isCall(message) ? bodyText(message.body).split("\n") : []
  const rest = isEmail(message) ? lines : lines.slice(1)
  return [head, ...rest.map((line) => `${" ".repeat(20)}${line}`)]
}

const contactOf = (summary: Conversation.ConversationSummary): string =>
  summary.fullName ?? summary.contactName ?? summary.email ?? summary.phone ?? `contact ${summary.contactId}`

/**
 * A digest as text, one block per conversation.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderDigest = (digest: Digest): string => {
  const location = digest.locationId !== undefined ? ` in location ${digest.locationId}` : ""
  const lines = [
    digest.entries.length === 0
      ? `No unread conversations${location}.`
      : `${digest.entries.length} most recent of ${digest.unreadTotal} unread conversations${location} (times UTC)`
  ]
  for (const { conversation, lastMessages } of digest.entries) {
    const last = conversation.lastMessageDate !== undefined
      ? `, last message ${formatTime(conversation.lastMessageDate)}`
      : ""
    const channel = conversation.type !== undefined ? ` · ${channelLabel(conversation.type)}` : ""
    lines.push(
      "",
      `● ${contactOf(conversation)}${channel} · ${conversation.unreadCount ?? 0} unread${last}  [${conversation.id}]`
    )
    for (const message of lastMessages) lines.push(...renderMessage(message).map((line) => `  ${line}`))
    if (lastMessages.length === 0) lines.push("  (no messages)")
  }
  return lines.join("\n")
}

/**
 * A conversation as text: a header, then every given message oldest first. `omitted` says older messages exist
 * that are not shown.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderTranscript = (
  conversation: Conversation.Conversation,
  messages: ReadonlyArray<Message.Message>,
  omitted: boolean
): string => {
  const flags = [
    `${conversation.unreadCount} unread`,
    conversation.starred === true ? "starred" : undefined,
    conversation.assignedTo !== undefined ? `assigned to ${conversation.assignedTo}` : undefined,
    conversation.deleted ? "deleted" : undefined
  ].filter((flag) => flag !== undefined)
  const lines = [
    `Conversation ${conversation.id} · ${channelLabel(conversation.type)} · contact ${conversation.contactId} · ${
      flags.join(" · ")
    }`,
    `${messages.length} message${messages.length === 1 ? "" : "s"}${
      omitted ? " (the latest ones; older messages omitted)" : ""
    }, oldest first, times UTC`,
    ""
  ]
  for (const message of messages) lines.push(...renderMessage(message, { full: true }))
  if (messages.length === 0) lines.push("(no messages)")
  return lines.join("\n")
}
