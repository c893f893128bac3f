/**
 * A fast path for decoding the hot responses (messages pages, conversations, search pages).
 *
 * The Schemas in `Message.ts` and `Conversation.ts` are the specification. Walking them cost about eight times
 * `JSON.parse` on a 100-message page (struct and union walking, an issue object per failed union member, the class
 * constructors copying the props and visiting every field), which made decoding the largest part of a page request.
 * These functions check the same structure by hand over the parsed JSON and build the same `Schema.Class` instances.
 * They only ever handle the common, valid case: on any deviation from what the Schema accepts (a wrong type, a bad
 * date, an object that is not plain JSON) they return `undefined` and the caller decodes with the Schema, which also
 * produces the error with its path. A property test (test/FastDecode.test.ts) holds the two together.
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
  type ConversationId,
  ConversationSummary,
  SearchConversationsPage
} from "../Conversation.js"
import { Message, type MessageId, type MessageMeta, MessagesPage, MessagesPageFromWire } from "../Message.js"
import { channelFromNumber } from "./schema.js"

// A value that does not match: distinct from `undefined`, which means "absent" for optional fields.
const invalid: unique symbol = Symbol.for("@highlevel-effect/client/fastDecode/invalid")
type Invalid = typeof invalid

type Json = Record<string, unknown>

// `JSON.parse` only makes objects whose prototype is `Object.prototype`. Anything else (class instances, objects
// with an inherited field) is left to the Schema, which reads own properties only for optional fields.
const isPlainObject = (u: unknown): u is Json =>
  typeof u === "object" && u !== null && Object.getPrototypeOf(u) === Object.prototype

const isPlainArray = (u: unknown): u is Array<unknown> =>
  Array.isArray(u) && Object.getPrototypeOf(u) === Array.prototype

// Brands without a refinement (ids) and open enums (a branded string first) accept every string: the `typeof`
// check is the whole of what their Schemas check.
const isString = <S extends string>(u: unknown): u is S => typeof u === "string"

const isStringArray = (u: unknown): u is Array<string> => {
  if (!isPlainArray(u)) return false
  for (let i = 0; i < u.length; i++) {
    if (typeof u[i] !== "string") return false
  }
  return true
}

// An optional field: absent stays absent. JSON never holds `undefined`; a key present with that value is left to the
// Schema, which keeps the key.
const optional = <A>(json: Json, key: string, check: (u: unknown) => A | Invalid): A | undefined | Invalid => {
  const value = json[key]
  if (value === undefined) return Object.hasOwn(json, key) ? invalid : undefined
  return check(value)
}

const string = (u: unknown): string | Invalid => typeof u === "string" ? u : invalid
const number = (u: unknown): number | Invalid => typeof u === "number" ? u : invalid
const boolean = (u: unknown): boolean | Invalid => typeof u === "boolean" ? u : invalid
const stringArray = (u: unknown): ReadonlyArray<string> | Invalid => isStringArray(u) ? u : invalid

// `NumberLenient`: a number, or a string `Number.parse` accepts (the function `Schema.NumberFromString` uses).
const numberLenient = (u: unknown): number | Invalid => {
  if (typeof u === "number") return u
  if (typeof u !== "string") return invalid
  const parsed = Num.parse(u)
  return parsed._tag === "Some" ? parsed.value : invalid
}

// What `Schema.DateTimeUtc` and `Schema.DateTimeUtcFromNumber` call; it throws on an invalid date.
const utc = (input: number | string): DateTime.Utc | Invalid => {
  try {
    return DateTime.unsafeMake(input)
  } catch {
    return invalid
  }
}

// `LenientDateTime`, member by member in the union's order: an epoch-ms number; a string that parses as a number
// (epoch ms, and a valid date); any other string as an ISO date.
const lenientDate = (u: unknown): DateTime.Utc | Invalid => {
  if (typeof u === "number") return utc(u)
  if (typeof u !== "string") return invalid
  const parsed = Num.parse(u)
  if (parsed._tag === "Some") {
    const fromNumber = utc(parsed.value)
    if (fromNumber !== invalid) return fromNumber
  }
  return utc(u)
}

type Mutable<A> = { -readonly [K in keyof A]: A[K] }

type MetaCall = Mutable<NonNullable<MessageMeta["call"]>>
type MetaEmail = Mutable<NonNullable<MessageMeta["email"]>>

const email = (u: unknown): MetaEmail | Invalid => {
  if (!isPlainObject(u)) return invalid
  const messageIds = optional(u, "messageIds", stringArray)
  if (messageIds === invalid) return invalid
  return messageIds === undefined ? {} : { messageIds }
}

// `MessageMetaFromWire`: every wire field is checked (both shapes), then the same normalisation: `call` wins over
// the documented `callDuration` / `callStatus`, and `call` is absent when neither a duration nor a status is.
const meta = (u: unknown): MessageMeta | Invalid => {
  if (!isPlainObject(u)) return invalid
  const callDuration = optional(u, "callDuration", numberLenient)
  const callStatus = optional(u, "callStatus", string)
  if (callDuration === invalid || callStatus === invalid) return invalid
  let duration = callDuration
  let status: string | undefined = callStatus
  const call = u.call
  if (call !== undefined) {
    if (!isPlainObject(call)) return invalid
    const wireDuration = optional(call, "duration", numberLenient)
    const wireStatus = optional(call, "status", string)
    if (wireDuration === invalid || wireStatus === invalid) return invalid
    duration = wireDuration ?? duration
    status = wireStatus ?? status
  } else if (Object.hasOwn(u, "call")) {
    return invalid
  }
  const emailMeta = optional(u, "email", email)
  if (emailMeta === invalid) return invalid
  const out: Mutable<MessageMeta> = {}
  if (duration !== undefined || status !== undefined) {
    const normalised: MetaCall = {}
    if (duration !== undefined) normalised.duration = duration
    if (isString<NonNullable<MetaCall["status"]>>(status)) normalised.status = status
    out.call = normalised
  }
  if (emailMeta !== undefined) out.email = emailMeta
  return out
}

// Schema.Class's constructor, with validation off, copies the props onto a fresh object of the class's prototype
// (after filling in constructor defaults, which these classes do not have). The fast path builds that object
// directly, field by field in the Schema's order: going through the constructor costs a copy of the props and a
// walk over the class's fields per instance, about 1.5 µs per message, more than all the checks together. The
// property test compares prototype, own keys (in order) and values with what the Schema decodes.
const blank = <A extends object>(klass: { readonly prototype: A }): A => Object.create(klass.prototype)

type MessageFields = Mutable<ConstructorParameters<typeof Message>[0]>

/**
 * A `Message` from its wire JSON, or `undefined` when the Schema has to decide.
 *
 * @internal
 */
export const message = (u: unknown): Message | undefined => {
  if (!isPlainObject(u)) return undefined
  const { contactId, conversationId, direction, id, locationId, messageType, type } = u
  if (
    !isString<MessageId>(id) || typeof type !== "number" || !isString<MessageFields["messageType"]>(messageType) ||
    typeof locationId !== "string" || typeof contactId !== "string" ||
    !isString<MessageFields["conversationId"]>(conversationId) || !isString<MessageFields["direction"]>(direction)
  ) return undefined
  const dateAdded = lenientDate(u.dateAdded)
  if (dateAdded === invalid) return undefined
  const out = blank(Message)
  const m: MessageFields = out
  m.id = id
  m.type = type
  m.messageType = messageType
  m.locationId = locationId
  m.contactId = contactId
  m.conversationId = conversationId
  m.dateAdded = dateAdded
  m.direction = direction
  const status = optional(u, "status", string)
  if (status === invalid) return undefined
  if (isString<NonNullable<MessageFields["status"]>>(status)) m.status = status
  const contentType = optional(u, "contentType", string)
  if (contentType === invalid) return undefined
  if (contentType !== undefined) m.contentType = contentType
  const body = optional(u, "body", string)
  if (body === invalid) return undefined
  if (body !== undefined) m.body = body
  const attachments = optional(u, "attachments", stringArray)
  if (attachments === invalid) return undefined
  if (attachments !== undefined) m.attachments = attachments
  const metaValue = optional(u, "meta", meta)
  if (metaValue === invalid) return undefined
  if (metaValue !== undefined) m.meta = metaValue
  const source = optional(u, "source", string)
  if (source === invalid) return undefined
  if (isString<NonNullable<MessageFields["source"]>>(source)) m.source = source
  const userId = optional(u, "userId", string)
  if (userId === invalid) return undefined
  if (userId !== undefined) m.userId = userId
  const conversationProviderId = optional(u, "conversationProviderId", string)
  if (conversationProviderId === invalid) return undefined
  if (conversationProviderId !== undefined) m.conversationProviderId = conversationProviderId
  const chatWidgetId = optional(u, "chatWidgetId", string)
  if (chatWidgetId === invalid) return undefined
  if (chatWidgetId !== undefined) m.chatWidgetId = chatWidgetId
  const altId = optional(u, "altId", string)
  if (altId === invalid) return undefined
  if (altId !== undefined) m.altId = altId
  const dateUpdated = optional(u, "dateUpdated", lenientDate)
  if (dateUpdated === invalid) return undefined
  if (dateUpdated !== undefined) m.dateUpdated = dateUpdated
  return out
}

const messages = (u: unknown): Array<Message> | undefined => {
  if (!isPlainArray(u)) return undefined
  const out: Array<Message> = new Array(u.length)
  for (let i = 0; i < u.length; i++) {
    const decoded = message(u[i])
    if (decoded === undefined) return undefined
    out[i] = decoded
  }
  return out
}

type PageFields = Mutable<ConstructorParameters<typeof MessagesPage>[0]>

// A page, flat or from inside the wrapper (`inner`); `traceId` is read from the body.
const page = (inner: Json, body: Json): MessagesPage | undefined => {
  const { nextPage } = inner
  if (typeof nextPage !== "boolean") return undefined
  const lastMessageId = optional(inner, "lastMessageId", string)
  if (lastMessageId === invalid) return undefined
  const traceId = optional(body, "traceId", string)
  if (traceId === invalid) return undefined
  const decoded = messages(inner.messages)
  if (decoded === undefined) return undefined
  const out = blank(MessagesPage)
  const p: PageFields = out
  if (isString<MessageId>(lastMessageId)) p.lastMessageId = lastMessageId
  p.nextPage = nextPage
  p.messages = decoded
  if (traceId !== undefined) p.traceId = traceId
  return out
}

/**
 * A `MessagesPage` from either wire shape (`MessagesPageFromWire`): wrapped `{ messages: {…}, traceId }` when
 * `messages` is an object, flat when it is an array (the Schema's two members cannot both match one body).
 *
 * @internal
 */
export const messagesPage = (u: unknown): MessagesPage | undefined => {
  if (!isPlainObject(u)) return undefined
  const inner = u.messages
  return isPlainObject(inner) ? page(inner, u) : isPlainArray(inner) ? page(u, u) : undefined
}

// `ConversationChannelFromWire`: a string as it is, a number through the documented table.
const channel = (u: unknown): ConversationChannel | Invalid => {
  const wire = typeof u === "number" ? channelFromNumber(u) : u
  return isString<ConversationChannel>(wire) ? wire : invalid
}

type ConversationFields = Mutable<ConstructorParameters<typeof Conversation>[0]>

/**
 * A `Conversation` (Get Conversation) from its wire JSON, or `undefined` when the Schema has to decide.
 *
 * @internal
 */
export const conversation = (u: unknown): Conversation | undefined => {
  if (!isPlainObject(u)) return undefined
  const { contactId, deleted, id, inbox, locationId, unreadCount } = u
  if (
    !isString<ConversationId>(id) || typeof contactId !== "string" || typeof locationId !== "string" ||
    typeof deleted !== "boolean" || typeof inbox !== "boolean" || typeof unreadCount !== "number"
  ) return undefined
  const type = channel(u.type)
  const assignedTo = optional(u, "assignedTo", string)
  const starred = optional(u, "starred", boolean)
  const traceId = optional(u, "traceId", string)
  if (type === invalid || assignedTo === invalid || starred === invalid || traceId === invalid) return undefined
  const out = blank(Conversation)
  const c: ConversationFields = out
  c.id = id
  c.contactId = contactId
  c.locationId = locationId
  c.deleted = deleted
  c.inbox = inbox
  c.type = type
  c.unreadCount = unreadCount
  if (assignedTo !== undefined) c.assignedTo = assignedTo
  if (starred !== undefined) c.starred = starred
  if (traceId !== undefined) c.traceId = traceId
  return out
}

type SummaryFields = Mutable<ConstructorParameters<typeof ConversationSummary>[0]>

const isSortArray = (u: unknown): u is Array<number | string> => {
  if (!isPlainArray(u)) return false
  for (let i = 0; i < u.length; i++) {
    const value = u[i]
    if (typeof value !== "number" && typeof value !== "string") return false
  }
  return true
}

const sortValues = (u: unknown): ReadonlyArray<number | string> | Invalid => isSortArray(u) ? u : invalid

// Open enums accept every string.
const openString = <S extends string>(u: unknown): S | Invalid => isString<S>(u) ? u : invalid

/**
 * A `ConversationSummary` (a search document) from its wire JSON, or `undefined` when the Schema has to decide.
 * Fields are checked and set in the Schema's order.
 *
 * @internal
 */
export const conversationSummary = (u: unknown): ConversationSummary | undefined => {
  if (!isPlainObject(u)) return undefined
  const { contactId, id, locationId } = u
  if (!isString<ConversationId>(id) || typeof contactId !== "string" || typeof locationId !== "string") {
    return undefined
  }
  const out = blank(ConversationSummary)
  const s: SummaryFields = out
  s.id = id
  s.contactId = contactId
  s.locationId = locationId
  const type = optional(u, "type", channel)
  if (type === invalid) return undefined
  if (type !== undefined) s.type = type
  const lastMessageBody = optional(u, "lastMessageBody", string)
  if (lastMessageBody === invalid) return undefined
  if (lastMessageBody !== undefined) s.lastMessageBody = lastMessageBody
  const lastMessageType = optional(u, "lastMessageType", openString<NonNullable<SummaryFields["lastMessageType"]>>)
  if (lastMessageType === invalid) return undefined
  if (lastMessageType !== undefined) s.lastMessageType = lastMessageType
  const lastMessageDirection = optional(
    u,
    "lastMessageDirection",
    openString<NonNullable<SummaryFields["lastMessageDirection"]>>
  )
  if (lastMessageDirection === invalid) return undefined
  if (lastMessageDirection !== undefined) s.lastMessageDirection = lastMessageDirection
  const lastOutboundMessageAction = optional(
    u,
    "lastOutboundMessageAction",
    openString<NonNullable<SummaryFields["lastOutboundMessageAction"]>>
  )
  if (lastOutboundMessageAction === invalid) return undefined
  if (lastOutboundMessageAction !== undefined) s.lastOutboundMessageAction = lastOutboundMessageAction
  const unreadCount = optional(u, "unreadCount", number)
  if (unreadCount === invalid) return undefined
  if (unreadCount !== undefined) s.unreadCount = unreadCount
  const fullName = optional(u, "fullName", string)
  if (fullName === invalid) return undefined
  if (fullName !== undefined) s.fullName = fullName
  const contactName = optional(u, "contactName", string)
  if (contactName === invalid) return undefined
  if (contactName !== undefined) s.contactName = contactName
  const companyName = optional(u, "companyName", string)
  if (companyName === invalid) return undefined
  if (companyName !== undefined) s.companyName = companyName
  const email = optional(u, "email", string)
  if (email === invalid) return undefined
  if (email !== undefined) s.email = email
  const phone = optional(u, "phone", string)
  if (phone === invalid) return undefined
  if (phone !== undefined) s.phone = phone
  const dateAdded = optional(u, "dateAdded", lenientDate)
  if (dateAdded === invalid) return undefined
  if (dateAdded !== undefined) s.dateAdded = dateAdded
  const dateUpdated = optional(u, "dateUpdated", lenientDate)
  if (dateUpdated === invalid) return undefined
  if (dateUpdated !== undefined) s.dateUpdated = dateUpdated
  const lastMessageDate = optional(u, "lastMessageDate", lenientDate)
  if (lastMessageDate === invalid) return undefined
  if (lastMessageDate !== undefined) s.lastMessageDate = lastMessageDate
  const lastManualMessageDate = optional(u, "lastManualMessageDate", lenientDate)
  if (lastManualMessageDate === invalid) return undefined
  if (lastManualMessageDate !== undefined) s.lastManualMessageDate = lastManualMessageDate
  const inbox = optional(u, "inbox", boolean)
  if (inbox === invalid) return undefined
  if (inbox !== undefined) s.inbox = inbox
  const starred = optional(u, "starred", boolean)
  if (starred === invalid) return undefined
  if (starred !== undefined) s.starred = starred
  const deleted = optional(u, "deleted", boolean)
  if (deleted === invalid) return undefined
  if (deleted !== undefined) s.deleted = deleted
  const assignedTo = optional(u, "assignedTo", string)
  if (assignedTo === invalid) return undefined
  if (assignedTo !== undefined) s.assignedTo = assignedTo
  const followers = optional(u, "followers", stringArray)
  if (followers === invalid) return undefined
  if (followers !== undefined) s.followers = followers
  const mentions = optional(u, "mentions", stringArray)
  if (mentions === invalid) return undefined
  if (mentions !== undefined) s.mentions = mentions
  const tags = optional(u, "tags", stringArray)
  if (tags === invalid) return undefined
  if (tags !== undefined) s.tags = tags
  const isLastMessageInternalComment = optional(u, "isLastMessageInternalComment", boolean)
  if (isLastMessageInternalComment === invalid) return undefined
  if (isLastMessageInternalComment !== undefined) s.isLastMessageInternalComment = isLastMessageInternalComment
  const sort = optional(u, "sort", sortValues)
  if (sort === invalid) return undefined
  if (sort !== undefined) s.sort = sort
  return out
}

/**
 * A `SearchConversationsPage` from its wire JSON, or `undefined` when the Schema has to decide.
 *
 * @internal
 */
export const searchPage = (u: unknown): SearchConversationsPage | undefined => {
  if (!isPlainObject(u)) return undefined
  const { conversations, total } = u
  if (typeof total !== "number" || !isPlainArray(conversations)) return undefined
  const traceId = optional(u, "traceId", string)
  if (traceId === invalid) return undefined
  const decoded: Array<ConversationSummary> = new Array(conversations.length)
  for (let i = 0; i < conversations.length; i++) {
    const summary = conversationSummary(conversations[i])
    if (summary === undefined) return undefined
    decoded[i] = summary
  }
  const out = blank(SearchConversationsPage)
  const p: Mutable<ConstructorParameters<typeof SearchConversationsPage>[0]> = out
  p.conversations = decoded
  p.total = total
  if (traceId !== undefined) p.traceId = traceId
  return out
}

/**
 * A decoder that tries `fast` first and falls back to the Schema, which stays the specification and produces the
 * error with its path. Same signature and results as `Schema.decodeUnknownEither(schema)`.
 *
 * @internal
 */
export const withFastPath = <A, I>(
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
