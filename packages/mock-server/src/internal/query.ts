/**
 * Query-parameter validation (422 bodies in the class-validator phrasing HighLevel's NestJS back end uses) and the
 * search and messages semantics over the indexes.
 *
 * @since 0.1.0
 * @internal
 */
import {
  MESSAGE_TYPE_FILTERS,
  MESSAGE_TYPES,
  MESSAGES_PARAMETERS,
  SEARCH_PARAMETERS,
  SORT_BY,
  STATUSES
} from "./enums.js"
import type { Ordering, SortField, StoredConversation, StoredLocation, StoredMessage } from "./model.js"

/** Default and maximum `limit` of both list routes (the maximum is the mock's, unverified live). */
const DEFAULT_LIMIT = 20
const MAX_LIMIT = 100

/** Validation outcome: a value, or the list of every problem found. */
export type Validated<A> = { readonly ok: true; readonly value: A } | {
  readonly ok: false
  readonly messages: ReadonlyArray<string>
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/

/** Reads query parameters, collecting every problem in class-validator's phrasing. @internal */
export class Reader {
  readonly issues: Array<string> = []
  constructor(readonly params: URLSearchParams, known: ReadonlyArray<string>) {
    const seen = new Set<string>()
    for (const name of params.keys()) {
      if (seen.has(name)) continue
      seen.add(name)
      if (!known.includes(name)) this.issues.push(`property ${name} should not exist`)
    }
  }
  string(name: string): string | undefined {
    const values = this.params.getAll(name)
    if (values.length === 0) return undefined
    const value = values[0]
    if (values.length > 1 || value === undefined) {
      this.issues.push(`${name} must be a string`)
      return undefined
    }
    if (value.trim() === "") {
      this.issues.push(`${name} should not be empty`)
      return undefined
    }
    return value
  }
  number(name: string, integer: boolean, min?: number, max?: number): number | undefined {
    const raw = this.string(name)
    if (raw === undefined) return undefined
    const value = NUMBER.test(raw.trim()) ? Number(raw) : Number.NaN
    if (!Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) {
      this.issues.push(integer ? `${name} must be an integer number` : `${name} must be a number`)
      return undefined
    }
    if (min !== undefined && value < min) {
      this.issues.push(`${name} must not be less than ${min}`)
      return undefined
    }
    if (max !== undefined && value > max) {
      this.issues.push(`${name} must not be greater than ${max}`)
      return undefined
    }
    return value
  }
  oneOf<const A extends string>(name: string, values: ReadonlyArray<A>): A | undefined {
    const raw = this.string(name)
    if (raw === undefined) return undefined
    const found = values.find((v) => v === raw)
    if (found === undefined) this.issues.push(`${name} must be one of the following values: ${values.join(", ")}`)
    return found
  }
  list(name: string): ReadonlyArray<string> | undefined {
    const raw = this.string(name)
    if (raw === undefined) return undefined
    const items = raw.split(",").map((s) => s.trim()).filter((s) => s !== "")
    if (items.length === 0) {
      this.issues.push(`${name} should not be empty`)
      return undefined
    }
    return items
  }
  unsupported(name: string, why: string) {
    if (this.params.has(name)) this.issues.push(`${name} is not supported by the mock server (${why})`)
  }
  done<A>(value: A): Validated<A> {
    return this.issues.length === 0 ? { ok: true, value } : { ok: false, messages: this.issues }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------------------------

/** @internal */
export interface SearchQuery {
  readonly locationId: string
  readonly sort: "asc" | "desc"
  readonly sortBy: SortField
  readonly limit: number
  readonly startAfterDate: number | undefined
  readonly contactId: string | undefined
  readonly id: string | undefined
  readonly assignedTo: ReadonlyArray<string> | undefined
  readonly followers: ReadonlyArray<string> | undefined
  readonly mentions: ReadonlyArray<string> | undefined
  readonly query: string | undefined
  readonly lastMessageType: string | undefined
  readonly lastMessageAction: "automated" | "manual" | undefined
  readonly lastMessageDirection: "inbound" | "outbound" | undefined
  readonly status: typeof STATUSES[number]
  readonly startDate: number | undefined
  readonly endDate: number | undefined
}

/** The `locationId` of a search request, read before validation for the 403 check. @internal */
export const searchLocationId = (params: URLSearchParams): string | undefined => {
  const values = params.getAll("locationId")
  return values.length === 1 && values[0] !== "" ? values[0] : undefined
}

/** @internal */
export const parseSearch = (params: URLSearchParams): Validated<SearchQuery> => {
  const r = new Reader(params, SEARCH_PARAMETERS)
  const locationId = r.string("locationId")
  if (!params.has("locationId")) r.issues.push("locationId should not be empty", "locationId must be a string")
  const sortBy = r.oneOf("sortBy", SORT_BY)
  if (sortBy === "score_profile" || sortBy === "overdue_at" || sortBy === "due_at") {
    r.issues.push(`sortBy ${sortBy} is not supported by the mock server (it has no score profiles or due dates)`)
  }
  for (const name of ["sortScoreProfile", "scoreProfile", "scoreProfileMin", "scoreProfileMax"]) {
    r.unsupported(name, "it has no score profiles")
  }
  const value = {
    locationId: locationId ?? "",
    sort: r.oneOf("sort", ["asc", "desc"]) ?? "desc",
    sortBy: sortBy === "last_manual_message_date" ? "last_manual_message_date" : "last_message_date",
    limit: r.number("limit", true, 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    startAfterDate: r.number("startAfterDate", false),
    contactId: r.string("contactId"),
    id: r.string("id"),
    assignedTo: r.list("assignedTo"),
    followers: r.list("followers"),
    mentions: r.list("mentions"),
    query: r.string("query"),
    lastMessageType: r.oneOf("lastMessageType", MESSAGE_TYPES),
    lastMessageAction: r.oneOf("lastMessageAction", ["automated", "manual"]),
    lastMessageDirection: r.oneOf("lastMessageDirection", ["inbound", "outbound"]),
    status: r.oneOf("status", STATUSES) ?? "all",
    startDate: r.number("startDate", true, 0),
    endDate: r.number("endDate", true, 0)
  } satisfies SearchQuery
  return r.done<SearchQuery>(value)
}

type Predicate = (c: StoredConversation) => boolean

/** Every filter of the query as predicates (empty: no filter) and a signature for the total cache. */
const filtersOf = (q: SearchQuery): { readonly predicates: ReadonlyArray<Predicate>; readonly key: string } => {
  const predicates: Array<Predicate> = []
  const parts: Array<string> = []
  const add = (key: string, p: Predicate) => {
    predicates.push(p)
    parts.push(key)
  }
  const { assignedTo, contactId, endDate, followers, id, lastMessageAction, lastMessageDirection, lastMessageType } = q
  if (contactId !== undefined) add(`contactId=${contactId}`, (c) => c.contactId === contactId)
  if (id !== undefined) add(`id=${id}`, (c) => c.id === id)
  if (assignedTo !== undefined) {
    const users = new Set(assignedTo)
    const unassigned = users.has("unassigned")
    add(
      `assignedTo=${assignedTo.join(",")}`,
      (c) => c.assignedTo === undefined ? unassigned : users.has(c.assignedTo)
    )
  }
  if (followers !== undefined) {
    const users = new Set(followers)
    add(`followers=${followers.join(",")}`, (c) => c.followers.some((u) => users.has(u)))
  }
  if (q.mentions !== undefined) {
    const users = new Set(q.mentions)
    add(`mentions=${q.mentions.join(",")}`, (c) => c.mentions.some((u) => users.has(u)))
  }
  if (q.query !== undefined) {
    const needle = q.query.toLowerCase()
    add(`query=${needle}`, (c) => c.searchText.includes(needle))
  }
  if (lastMessageType !== undefined) add(`lmt=${lastMessageType}`, (c) => c.lastMessageType === lastMessageType)
  if (lastMessageAction !== undefined) {
    add(`lma=${lastMessageAction}`, (c) => c.lastOutboundMessageAction === lastMessageAction)
  }
  if (lastMessageDirection !== undefined) {
    add(`lmd=${lastMessageDirection}`, (c) => c.lastMessageDirection === lastMessageDirection)
  }
  switch (q.status) {
    case "read":
      add("status=read", (c) => c.unreadCount === 0)
      break
    case "unread":
      add("status=unread", (c) => c.unreadCount > 0)
      break
    case "starred":
      add("status=starred", (c) => c.starred)
      break
      // "all" and "recents" (undocumented semantics, taken as every conversation) filter nothing.
  }
  const { startDate } = q
  if (startDate !== undefined) add(`from=${startDate}`, (c) => c.dateAdded >= startDate)
  if (endDate !== undefined) add(`to=${endDate}`, (c) => c.dateAdded <= endDate)
  return { predicates, key: parts.join("&") }
}

const matchesAll = (predicates: ReadonlyArray<Predicate>, c: StoredConversation) => {
  for (const p of predicates) if (!p(c)) return false
  return true
}

/** First index whose key is > x (`strict`) or >= x. */
const lowerBound = (keys: ArrayLike<number>, x: number, strict: boolean): number => {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const k = keys[mid] as number
    if (strict ? k <= x : k < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** @internal */
export interface SearchPage {
  readonly rows: ReadonlyArray<{ readonly conversation: StoredConversation; readonly key: number }>
  readonly total: number
}

/**
 * One page: the documents strictly after `startAfterDate` in the sort direction that pass every filter, and the
 * total of all matches (whatever the cursor). `totalCache` spares the full count when walking pages.
 *
 * @internal
 */
export const search = (
  location: StoredLocation,
  q: SearchQuery,
  totalCache: Map<string, number>
): SearchPage => {
  const ordering: Ordering = location.orderings[q.sortBy]
  const { docs, keys } = ordering
  const { key: filterKey, predicates } = filtersOf(q)
  const rows: Array<{ conversation: StoredConversation; key: number }> = []
  const take = (i: number) => {
    const conversation = docs[i] as StoredConversation
    if (predicates.length === 0 || matchesAll(predicates, conversation)) {
      rows.push({ conversation, key: keys[i] as number })
    }
  }
  if (q.sort === "desc") {
    const start = q.startAfterDate === undefined ? docs.length - 1 : lowerBound(keys, q.startAfterDate, false) - 1
    for (let i = start; i >= 0 && rows.length < q.limit; i--) take(i)
  } else {
    const start = q.startAfterDate === undefined ? 0 : lowerBound(keys, q.startAfterDate, true)
    for (let i = start; i < docs.length && rows.length < q.limit; i++) take(i)
  }
  let total = docs.length
  if (predicates.length > 0) {
    const cacheKey = `${location.locationId}|${filterKey}`
    const cached = totalCache.get(cacheKey)
    if (cached === undefined) {
      total = 0
      for (const c of docs) if (matchesAll(predicates, c)) total++
      if (totalCache.size >= 1_000) totalCache.clear()
      totalCache.set(cacheKey, total)
    } else {
      total = cached
    }
  }
  return { rows, total }
}

// ---------------------------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------------------------

const TYPE_FILTER_VALUES: ReadonlyArray<string> = [...new Set<string>([...MESSAGE_TYPE_FILTERS, ...MESSAGE_TYPES])]

interface MessagesQuery {
  readonly lastMessageId: string | undefined
  readonly limit: number
  readonly types: ReadonlySet<string> | undefined
}

/** @internal */
export const parseMessages = (params: URLSearchParams): Validated<MessagesQuery> => {
  const r = new Reader(params, MESSAGES_PARAMETERS)
  const lastMessageId = r.string("lastMessageId")
  const limit = r.number("limit", true, 1, MAX_LIMIT) ?? DEFAULT_LIMIT
  const list = r.list("type")
  let types: Set<string> | undefined
  if (list !== undefined) {
    const bad = list.filter((t) => !TYPE_FILTER_VALUES.includes(t))
    if (bad.length > 0) {
      r.issues.push(`each value in type must be one of the following values: ${MESSAGE_TYPE_FILTERS.join(", ")}`)
    }
    // The filter list spells TYPE_INTERNAL_COMMENTS where messages carry TYPE_INTERNAL_COMMENT: accept both.
    types = new Set(list.map((t) => t === "TYPE_INTERNAL_COMMENTS" ? "TYPE_INTERNAL_COMMENT" : t))
  }
  return r.done<MessagesQuery>({ lastMessageId, limit, types })
}

interface MessagesSlice {
  readonly messages: ReadonlyArray<StoredMessage>
  readonly nextPage: boolean
}

/**
 * Newest first, starting just after the cursor message (exclusive); `nextPage` tells whether another matching
 * message exists after the page. The cursor must be a message of this conversation (checked by the caller).
 *
 * @internal
 */
export const messagesPage = (
  all: ReadonlyArray<StoredMessage>,
  start: number,
  q: MessagesQuery
): MessagesSlice => {
  const out: Array<StoredMessage> = []
  const { types } = q
  let i = start
  for (; i < all.length && out.length < q.limit; i++) {
    const m = all[i] as StoredMessage
    if (types === undefined || types.has(m.messageType)) out.push(m)
  }
  let nextPage = false
  for (; i < all.length; i++) {
    const m = all[i] as StoredMessage
    if (types === undefined || types.has(m.messageType)) {
      nextPage = true
      break
    }
  }
  return { messages: out, nextPage }
}
