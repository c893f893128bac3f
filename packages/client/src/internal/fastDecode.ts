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
import { channelFromNumber } from "./schema.js"

// A value that does not match: distinct from `undefined`, which means "absent" for optional fields.
const invalid: unique symbol = Symbol.for("@highlevel-effect/client/fastDecode/invalid")
type Invalid = typeof invalid

type Json = Record<string, unknown>

/** What a field's Schema does to one wire value: its decoded value, or `invalid`. */
type Check<A> = (u: unknown) => A | Invalid

// ---------------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------------

// `JSON.parse` only makes objects whose prototype is `Object.prototype`. Anything else (class instances, objects
// with an inherited field) is left to the Schema, which reads own properties only for optional fields.
const isPlainObject = (u: unknown): u is Json =>
  typeof u === "object" && u !== null && Object.getPrototypeOf(u) === Object.prototype

const isPlainArray = (u: unknown): u is Array<unknown> =>
  Array.isArray(u) && Object.getPrototypeOf(u) === Array.prototype

// Brands without a refinement (ids) and open enums (a branded string first) accept every string: the `typeof`
// check is the whole of what their Schemas check.
const isString = <S extends string>(u: unknown): u is S => typeof u === "string"
const string = (u: unknown): string | Invalid => typeof u === "string" ? u : invalid
const number = (u: unknown): number | Invalid => typeof u === "number" ? u : invalid
const boolean = (u: unknown): boolean | Invalid => typeof u === "boolean" ? u : invalid

// A plain array whose every element passes `check`, decoded element by element.
const arrayOf = <A>(check: Check<A>): Check<ReadonlyArray<A>> => (u) => {
  if (!isPlainArray(u)) return invalid
  const out: Array<A> = new Array(u.length)
  for (let i = 0; i < u.length; i++) {
    const decoded = check(u[i])
    if (decoded === invalid) return invalid
    out[i] = decoded
  }
  return out
}

// The element checks of the arrays below return the element itself: the decoded array is a copy, as the Schema's.
const stringArray = arrayOf(string)
const sortValue = (u: unknown): number | string | Invalid =>
  typeof u === "number" || typeof u === "string" ? u : invalid

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

// `LenientDateTime`: an epoch-ms number; a string that parses as a number (epoch ms, and a valid date); any other
// string as an ISO date.
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

// `ConversationChannelFromWire`: a string as it is, a number through the documented table.
const channel = (u: unknown): ConversationChannel | Invalid => {
  const wire = typeof u === "number" ? channelFromNumber(u) : u
  return isString<ConversationChannel>(wire) ? wire : invalid
}

// ---------------------------------------------------------------------------------------------------------------
// Field tables
// ---------------------------------------------------------------------------------------------------------------

/** How one field of a model is read: required or optional, and its check. */
interface Field<A> {
  readonly optional: boolean
  readonly check: Check<A>
}

const required = <A>(check: Check<A>): Field<A> => ({ optional: false, check })
const optional = <A>(check: Check<A>): Field<A> => ({ optional: true, check })

// The check a field's type needs. Every string-typed field (ids, open enums, plain strings) takes `string`: their
// Schemas check only `typeof`, as said above.
type CheckOf<T> = [T] extends [string] ? string : T

/**
 * A model's table: one entry per field of its Schema, required fields with `required`, optional ones with `optional`,
 * each with a check of the field's type (the types insist on all three).
 */
type Table<A> = {
  readonly [K in keyof A]-?: {} extends Pick<A, K> ? Field<CheckOf<Exclude<A[K], undefined>>> : Field<CheckOf<A[K]>>
}

interface Entry extends Field<unknown> {
  readonly key: string
}

// The table's entries in the order of `keys`, the Schema's own order (`Schema.Class.fields`): the instance gets its
// fields in that order, as the Schema's would.
const entries = <A>(keys: ReadonlyArray<string>, table: Table<A>): ReadonlyArray<Entry> => {
  const byKey: Readonly<Record<string, Field<unknown>>> = table
  return keys.map((key) => {
    const field = byKey[key]
    // A field of the Schema missing from its table is a bug here, caught when the module loads.
    if (field === undefined) throw new Error(`fastDecode: no table entry for ${key}`)
    return { key, ...field }
  })
}

// Reads every entry from `json` into `target`; absent optional fields stay absent. JSON never holds `undefined`: a
// key present with that value is left to the Schema, which keeps the key. The commonest checks are made inline: a
// call through `entry.check` for every field (one call site for a dozen functions) cost about a fifth of the page.
const fill = (target: Json, json: Json, table: ReadonlyArray<Entry>): boolean => {
  for (const entry of table) {
    const value = json[entry.key]
    if (value === undefined) {
      if (!entry.optional || Object.hasOwn(json, entry.key)) return false
      continue
    }
    const check = entry.check
    if (check === string) {
      if (typeof value !== "string") return false
      target[entry.key] = value
    } else {
      const decoded = check(value)
      if (decoded === invalid) return false
      target[entry.key] = decoded
    }
  }
  return true
}

// Schema.Class's constructor, with validation off, copies the props onto a fresh object of the class's prototype
// (after filling in constructor defaults, which these classes do not have). The fast path builds that object
// directly: going through the constructor costs a copy of the props and a walk over the class's fields per
// instance, about 1.5 µs per message, more than all the checks together. The property test compares prototype, own
// keys (in order) and values with what the Schema decodes. `Object.create` is typed `any`: the one object is both
// the instance returned and the record its fields are set on.
const blank = <A extends object>(klass: { readonly prototype: A }): A & Json => Object.create(klass.prototype)

/** A model's decoder from its table: an instance of the class, or `undefined` when the Schema has to decide. */
const model = <A extends object>(klass: { readonly prototype: A; readonly fields: object }, table: Table<A>) => {
  const compiled = entries(Object.keys(klass.fields), table)
  return (u: unknown): A | undefined => {
    if (!isPlainObject(u)) return undefined
    const instance = blank(klass)
    return fill(instance, u, compiled) ? instance : undefined
  }
}

// A model's decoder as a field check, for models inside others.
const nested = <A>(decode: (u: unknown) => A | undefined): Check<A> => (u) => decode(u) ?? invalid

// ---------------------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------------------

type Mutable<A> = { -readonly [K in keyof A]: A[K] }
type MetaCall = Mutable<NonNullable<MessageMeta["call"]>>

// One optional field of a plain object, for the normalising decoder below: `undefined` when absent.
const optionalField = <A>(json: Json, key: string, check: Check<A>): A | undefined | Invalid => {
  const value = json[key]
  if (value === undefined) return Object.hasOwn(json, key) ? invalid : undefined
  return check(value)
}

const metaEmail: Check<NonNullable<MessageMeta["email"]>> = (u) => {
  if (!isPlainObject(u)) return invalid
  const messageIds = optionalField(u, "messageIds", stringArray)
  if (messageIds === invalid) return invalid
  return messageIds === undefined ? {} : { messageIds }
}

// `MessageMetaFromWire`: not a table, since it normalises two wire shapes into one. Every wire field is checked
// (both shapes), then the same normalisation: `call` wins over the documented `callDuration` / `callStatus`, and
// `call` is absent when neither a duration nor a status is.
const meta: Check<MessageMeta> = (u) => {
  if (!isPlainObject(u)) return invalid
  let duration = optionalField(u, "callDuration", numberLenient)
  let status = optionalField(u, "callStatus", string)
  if (duration === invalid || status === invalid) return invalid
  const call = u.call
  if (call !== undefined) {
    if (!isPlainObject(call)) return invalid
    const wireDuration = optionalField(call, "duration", numberLenient)
    const wireStatus = optionalField(call, "status", string)
    if (wireDuration === invalid || wireStatus === invalid) return invalid
    duration = wireDuration ?? duration
    status = wireStatus ?? status
  } else if (Object.hasOwn(u, "call")) {
    return invalid
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

// ---------------------------------------------------------------------------------------------------------------
// Decoders
// ---------------------------------------------------------------------------------------------------------------

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
