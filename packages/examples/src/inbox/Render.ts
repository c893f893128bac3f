/**
 * The inbox as text: digests, transcripts and single messages, times in UTC, email HTML reduced to its text.
 *
 * @since 0.1.0
 */
import type { Conversation, Message } from "@highlevel-effect/client"
import * as DateTime from "effect/DateTime"
import type { Digest } from "./Model.js"

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
