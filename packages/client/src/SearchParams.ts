/**
 * The parameters of the operations: the query of Search Conversations typed (enums as literal unions, comma lists as
 * arrays, dates as epoch ms), a messages page's options, and the options of the listings.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { MessageTypeFilter } from "./Message.js"

const Id = Schema.NonEmptyTrimmedString
const IdList = Schema.NonEmptyArray(Id)
const EpochMillis = Schema.Number.pipe(Schema.finite())

/**
 * The page size every listing accepts: 1 to 100.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PageLimit = Schema.Int.pipe(Schema.between(1, 100))

/**
 * The sort fields of Search Conversations.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SortBy = Schema.Literal(
  "last_message_date",
  "last_manual_message_date",
  "score_profile",
  "overdue_at",
  "due_at"
)

/**
 * The parameters of a search. `locationId` may be left out when the client was given a default location.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SearchConversationsParams = Schema.Struct({
  locationId: Schema.optional(Id),
  contactId: Schema.optional(Id),
  /** User ids the conversations are assigned to, or `"unassigned"`. */
  assignedTo: Schema.optional(Schema.Union(Schema.Literal("unassigned"), IdList)),
  followers: Schema.optional(IdList),
  mentions: Schema.optional(IdList),
  /** Free text over contact name, email, phone and last message. */
  query: Schema.optional(Schema.String),
  sort: Schema.optional(Schema.Literal("asc", "desc")),
  sortBy: Schema.optional(SortBy),
  /** The keyset cursor: the `sort[0]` value of the last document of the previous page. */
  startAfterDate: Schema.optional(EpochMillis),
  id: Schema.optional(Id),
  limit: Schema.optional(PageLimit),
  lastMessageType: Schema.optional(MessageTypeFilter),
  lastMessageAction: Schema.optional(Schema.Literal("automated", "manual")),
  lastMessageDirection: Schema.optional(Schema.Literal("inbound", "outbound")),
  status: Schema.optional(Schema.Literal("all", "read", "unread", "starred", "recents")),
  /** Start of the `dateAdded` range, epoch ms. */
  startDate: Schema.optional(EpochMillis),
  /** End of the `dateAdded` range, epoch ms. */
  endDate: Schema.optional(EpochMillis),
  sortScoreProfile: Schema.optional(Id),
  scoreProfile: Schema.optional(Id),
  scoreProfileMin: Schema.optional(Schema.Number),
  scoreProfileMax: Schema.optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export type SearchConversationsParams = typeof SearchConversationsParams.Type

/**
 * Options of a messages page: the exclusive cursor, the page size and a message-type filter.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MessagesPageParams = Schema.Struct({
  lastMessageId: Schema.optional(Id),
  limit: Schema.optional(PageLimit),
  type: Schema.optional(Schema.NonEmptyArray(MessageTypeFilter))
})

/**
 * @since 0.1.0
 * @category models
 */
export type MessagesPageParams = typeof MessagesPageParams.Type

/**
 * Options of the message listings: page size and a message-type filter.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListMessagesOptions {
  /** Messages per request, 1..100 (default: the client's `pageSize`, 100). */
  readonly limit?: number | undefined
  /** Only these message types. */
  readonly type?: ReadonlyArray<MessageTypeFilter> | undefined
}

/**
 * Options of `listAllMessages`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListAllMessagesOptions extends ListMessagesOptions {
  /** How many conversations are read at once (default 4). Their messages interleave in the output. */
  readonly concurrency?: number | undefined
}
