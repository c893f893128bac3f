/**
 * A fast path for decoding the hot responses (messages pages, conversations, search pages).
 *
 * The Schemas in `Message.ts` and `Conversation.ts` are the specification. Walking them cost about eight times
 * `JSON.parse` on a 100-message page (struct and union walking, an issue object per failed union member, the class
 * constructors copying the props and visiting every field), which made decoding the largest part of a page request
 * and put the 100-message page over its 1.6× target. The fast path checks the same structure over the parsed JSON,
 * one field table per model, and builds the same `Schema.Class` instances. It only ever handles the common, valid
 * case: on any deviation from what the Schema accepts (a wrong type, a bad date, an object that is not plain JSON) it
 * returns `undefined` and the caller decodes with the Schema, which also produces the error with its path. A property
 * test (test/FastDecode.test.ts) holds the two together.
 *
 * @since 0.1.0
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Num from "effect/Number"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import {
  Conversation,
  type ConversationChannel,
  ConversationSummary,
  SearchConversationsPage
} from "../Conversation.js"
import { Message, type MessageMeta, MessagesPage, MessagesPageFromWire } from "../Message.js"
import {
  arrayOf,
  blank,
  boolean,
  type Check,
  entries,
  fill,
  type Invalid,
  invalid,
  isPlainObject,
  isString,
  model,
  nested,
  number,
  optional,
  optionalField,
  required,
  string,
  stringArray,
  type Table
} from "./fieldTable.js"
import { isoMillis } from "./isoDate.js"
import { channelFromNumber } from "./schema.js"

// An element of a search document's `sort`: a number or a string.
const sortValue = (u: unknown): number | string | Invalid =>
  typeof u === "number" || typeof u === "string" ? u : invalid

// `NumberLenient`: a number, or a string `Number.parse` accepts (the function `Schema.NumberFromString` uses).
const numberLenient = (u: unknown): number | Invalid => {
  if (typeof u === "number") return u
  if (typeof u !== "string") return invalid
  const parsed = Num.parse(u)
  return parsed._tag === "Some" ? parsed.value : invalid
}

// What `Schema.DateTimeUtc` and `Schema.DateTimeUtcFromNumber` call (`DateTime.unsafeMake`); it throws on an invalid
// date. For a number, or a string ending in `Z` (a zone: every date HighLevel sends), `unsafeMake` is
// `unsafeFromDate(new Date(input))` after its checks of the input's kind and a regex for the zone; called directly,
// a date took 319 ns instead of 370 (a micro-benchmark of 1,000 ISO dates, interleaved rounds, quiet 2-core machine),
// about 10 µs of the 200 dates of a 100-message page. An ISO date of HighLevel's shape skips the engine's date parser
// too (internal/isoDate.ts, another 50 ns).
const utc = (input: number | string): DateTime.Utc | Invalid => {
  try {
    if (typeof input === "number") return DateTime.unsafeFromDate(new Date(input))
    const millis = isoMillis(input)
    if (!Number.isNaN(millis)) return DateTime.unsafeFromDate(new Date(millis))
    return input.charCodeAt(input.length - 1) === 90
      ? DateTime.unsafeFromDate(new Date(input))
      : DateTime.unsafeMake(input)
  } catch {
    return invalid
  }
}

// `LenientDateTime`: an epoch-ms number; a string that parses as a number (epoch ms, and a valid date); any other
// string as an ISO date.
const lenientDate = (u: unknown): DateTime.Utc | Invalid => {
  if (typeof u === "number") return utc(u)
  if (typeof u !== "string") return invalid
  // An ISO date (`2024-05-01T…`, what messages carry) is never a number: a numeric string has at most two dashes, a
  // sign first and one in the exponent, never one at both the fifth and the eighth character. Skipping the
  // number parse (an `Option` and a `Number()` per date, two dates a message) cut the time per ISO date by about a
  // third (a micro-benchmark of 300k dates, interleaved, at load 6 on 2 cores: 1.3–2.1 µs before, 0.9–1.4 µs after).
  if (u.charCodeAt(4) === 45 && u.charCodeAt(7) === 45) return utc(u)
  const parsed = Num.parse(u)
  if (parsed._tag === "Some") {
    const fromNumber = utc(parsed.value)
    if (fromNumber !== invalid) return fromNumber
  }
  return utc(u)
}

// `ConversationChannelFromWire`: a string as it is, a number through the documented table.
const channel = (u: unknown): ConversationChannel | Invalid => {
  const wire = typeof u === "number" ? channelFromNumber(u) : u
  return isString<ConversationChannel>(wire) ? wire : invalid
}

type Mutable<A> = { -readonly [K in keyof A]: A[K] }
type MetaCall = Mutable<NonNullable<MessageMeta["call"]>>

const metaEmail: Check<NonNullable<MessageMeta["email"]>> = (u) => {
  if (!isPlainObject(u)) return invalid
  const messageIds = optionalField(u, "messageIds", stringArray)
  if (messageIds === invalid) return invalid
  return messageIds === undefined ? {} : { messageIds }
}

// `meta.call` as the wire has it, before the normalisation.
const wireCall: Check<{ readonly duration: number | undefined; readonly status: string | undefined }> = (u) => {
  if (!isPlainObject(u)) return invalid
  const duration = optionalField(u, "duration", numberLenient)
  const status = optionalField(u, "status", string)
  return duration === invalid || status === invalid ? invalid : { duration, status }
}

// `MessageMetaFromWire`: not a table, since it normalises two wire shapes into one. Every wire field is checked
// (both shapes), then the same normalisation: `call` wins over the documented `callDuration` / `callStatus`, and
// `call` is absent when neither a duration nor a status is.
const meta: Check<MessageMeta> = (u) => {
  if (!isPlainObject(u)) return invalid
  let duration = optionalField(u, "callDuration", numberLenient)
  let status = optionalField(u, "callStatus", string)
  if (duration === invalid || status === invalid) return invalid
  const call = optionalField(u, "call", wireCall)
  if (call === invalid) return invalid
  if (call !== undefined) {
    duration = call.duration ?? duration
    status = call.status ?? status
  }
  const email = optionalField(u, "email", metaEmail)
  if (email === invalid) return invalid
  const out: Mutable<MessageMeta> = {}
  if (duration !== undefined || status !== undefined) {
    const normalised: MetaCall = {}
    if (duration !== undefined) normalised.duration = duration
    if (isString<NonNullable<MetaCall["status"]>>(status)) normalised.status = status
    out.call = normalised
  }
  if (email !== undefined) out.email = email
  return out
}

/**
 * A `Message` from its wire JSON, or `undefined` when the Schema has to decide.
 *
 * @internal
 */
export const message = model(Message, {
  id: required(string),
  type: required(number),
  messageType: required(string),
  locationId: required(string),
  contactId: required(string),
  conversationId: required(string),
  dateAdded: required(lenientDate),
  direction: required(string),
  status: optional(string),
  contentType: optional(string),
  body: optional(string),
  attachments: optional(stringArray),
  meta: optional(meta),
  source: optional(string),
  userId: optional(string),
  conversationProviderId: optional(string),
  chatWidgetId: optional(string),
  altId: optional(string),
  dateUpdated: optional(lenientDate)
})

const messages = arrayOf(nested(message))

// The page inside the wrapper has the page's fields but `traceId`, which the wrapper carries.
const pageTable: Table<MessagesPage> = {
  lastMessageId: optional(string),
  nextPage: required(boolean),
  messages: required(messages),
  traceId: optional(string)
}
const pageKeys = Object.keys(MessagesPage.fields)
const flatPage = entries(pageKeys, pageTable)
const innerPage = entries(pageKeys.filter((key) => key !== "traceId"), pageTable)
const wrapperOfPage = entries(["traceId"], pageTable)

/**
 * A `MessagesPage` from either wire shape (`MessagesPageFromWire`): wrapped `{ messages: {…}, traceId }` when
 * `messages` is an object, flat when it is an array (the Schema's two members cannot both match one body).
 *
 * @internal
 */
export const messagesPage = (u: unknown): MessagesPage | undefined => {
  if (!isPlainObject(u)) return undefined
  const inner = u.messages
  const instance = blank(MessagesPage)
  const filled = isPlainObject(inner)
    ? fill(instance, inner, innerPage) && fill(instance, u, wrapperOfPage)
    : fill(instance, u, flatPage)
  return filled ? instance : undefined
}

/**
 * A `Conversation` (Get Conversation) from its wire JSON, or `undefined` when the Schema has to decide.
 *
 * @internal
 */
export const conversation = model(Conversation, {
  id: required(string),
  contactId: required(string),
  locationId: required(string),
  deleted: required(boolean),
  inbox: required(boolean),
  type: required(channel),
  unreadCount: required(number),
  assignedTo: optional(string),
  starred: optional(boolean),
  traceId: optional(string)
})

/**
 * A `ConversationSummary` (a search document) from its wire JSON, or `undefined` when the Schema has to decide.
 *
 * @internal
 */
export const conversationSummary = model(ConversationSummary, {
  id: required(string),
  contactId: required(string),
  locationId: required(string),
  type: optional(channel),
  lastMessageBody: optional(string),
  lastMessageType: optional(string),
  lastMessageDirection: optional(string),
  lastOutboundMessageAction: optional(string),
  unreadCount: optional(number),
  fullName: optional(string),
  contactName: optional(string),
  companyName: optional(string),
  email: optional(string),
  phone: optional(string),
  dateAdded: optional(lenientDate),
  dateUpdated: optional(lenientDate),
  lastMessageDate: optional(lenientDate),
  lastManualMessageDate: optional(lenientDate),
  inbox: optional(boolean),
  starred: optional(boolean),
  deleted: optional(boolean),
  assignedTo: optional(string),
  followers: optional(stringArray),
  mentions: optional(stringArray),
  tags: optional(stringArray),
  isLastMessageInternalComment: optional(boolean),
  sort: optional(arrayOf(sortValue))
})

/**
 * A `SearchConversationsPage` from its wire JSON, or `undefined` when the Schema has to decide.
 *
 * @internal
 */
export const searchPage = model(SearchConversationsPage, {
  conversations: required(arrayOf(nested(conversationSummary))),
  total: required(number),
  traceId: optional(string)
})

// Tries `fast` first and falls back to the Schema, which stays the specification and produces the error with its
// path. Same signature and results as `Schema.decodeUnknownEither(schema)`.
const withFastPath = <A, I>(
  fast: (u: unknown) => A | undefined,
  schema: Schema.Schema<A, I>
): (u: unknown) => Either.Either<A, ParseResult.ParseError> => {
  const slow = Schema.decodeUnknownEither(schema)
  return (u) => {
    const decoded = fast(u)
    return decoded === undefined ? slow(u) : Either.right(decoded)
  }
}

/**
 * The client's decoder of Get Conversation bodies.
 *
 * @internal
 */
export const decodeConversation = withFastPath(conversation, Conversation)

/**
 * The client's decoder of messages pages, wrapped or flat.
 *
 * @internal
 */
export const decodeMessagesPage = withFastPath(messagesPage, MessagesPageFromWire)

/**
 * The client's decoder of search pages.
 *
 * @internal
 */
export const decodeSearchPage = withFastPath(searchPage, SearchConversationsPage)
