/**
 * The location export (`GET /conversations/messages/export`): pages of a location's messages in `sortBy` /
 * `sortOrder`, filtered, behind an opaque point-in-time cursor (see `store/exportIndex.ts`): a walk is the location
 * as it was on its first page, so messages written during it never repeat or push others out of it.
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredMessage } from "../model.js"
import * as Query from "../query.js"
import type * as Responses from "../responses.js"
import { decodeCursor, encodeCursor, type ExportSortBy } from "../store/exportIndex.js"
import type { MessageReads } from "../store/reads.js"
import * as Wire from "../wire.js"
import { type BearerContext, error, json } from "./route.js"

const PARAMETERS = [
  "locationId",
  "limit",
  "cursor",
  "sortBy",
  "sortOrder",
  "conversationId",
  "contactId",
  "channel",
  "startDate",
  "endDate"
]

const CHANNELS = ["Call", "SMS", "Email", "WhatsApp", "Instagram", "Facebook"] as const

/** The message types of each `channel`. */
const CHANNEL_TYPES: Readonly<Record<typeof CHANNELS[number], ReadonlySet<string>>> = {
  Call: new Set(["TYPE_CALL", "TYPE_IVR_CALL", "TYPE_CUSTOM_CALL", "TYPE_CAMPAIGN_CALL", "TYPE_CAMPAIGN_MANUAL_CALL"]),
  SMS: new Set([
    "TYPE_SMS",
    "TYPE_CAMPAIGN_SMS",
    "TYPE_CUSTOM_SMS",
    "TYPE_CUSTOM_PROVIDER_SMS",
    "TYPE_CAMPAIGN_MANUAL_SMS"
  ]),
  Email: new Set(["TYPE_EMAIL", "TYPE_CAMPAIGN_EMAIL", "TYPE_CUSTOM_EMAIL", "TYPE_CUSTOM_PROVIDER_EMAIL"]),
  WhatsApp: new Set(["TYPE_WHATSAPP", "TYPE_ACTIVITY_WHATSAPP"]),
  Instagram: new Set(["TYPE_INSTAGRAM", "TYPE_INSTAGRAM_COMMENT"]),
  Facebook: new Set(["TYPE_FACEBOOK", "TYPE_FACEBOOK_COMMENT", "TYPE_CAMPAIGN_FACEBOOK"])
}

/** An epoch-ms number or an ISO date, as `startDate` / `endDate` come. */
const dateParam = (r: Query.Reader, name: string): number | undefined => {
  const raw = r.string(name)
  if (raw === undefined) return undefined
  const time = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw)
  if (Number.isNaN(time)) r.issues.push(`${name} must be a valid ISO 8601 date string or epoch milliseconds`)
  return Number.isNaN(time) ? undefined : time
}

interface ExportQuery {
  readonly locationId: string
  readonly limit: number
  readonly cursor: string | undefined
  readonly sortBy: ExportSortBy
  readonly sortOrder: "asc" | "desc"
  readonly conversationId: string | undefined
  readonly contactId: string | undefined
  readonly channel: typeof CHANNELS[number] | undefined
  readonly startDate: number | undefined
  readonly endDate: number | undefined
}

const parse = (params: URLSearchParams): Query.Validated<ExportQuery> => {
  const r = new Query.Reader(params, PARAMETERS)
  const locationId = r.string("locationId")
  if (!params.has("locationId")) r.issues.push("locationId should not be empty", "locationId must be a string")
  return r.done<ExportQuery>({
    locationId: locationId ?? "",
    limit: r.number("limit", true, 10, 500) ?? 100,
    cursor: r.string("cursor"),
    sortBy: r.oneOf("sortBy", ["createdAt", "updatedAt"]) ?? "createdAt",
    sortOrder: r.oneOf("sortOrder", ["asc", "desc"]) ?? "desc",
    conversationId: r.string("conversationId"),
    contactId: r.string("contactId"),
    channel: r.oneOf("channel", CHANNELS),
    startDate: dateParam(r, "startDate"),
    endDate: dateParam(r, "endDate")
  })
}

/** The query's filter: without `channel`, every type but the email ones. */
const matcher = (q: ExportQuery): (m: StoredMessage) => boolean => {
  const { channel, contactId, conversationId, endDate, startDate } = q
  const email = CHANNEL_TYPES.Email
  const types = channel === undefined ? undefined : CHANNEL_TYPES[channel]
  return (m) =>
    (types === undefined ? !email.has(m.messageType) : types.has(m.messageType)) &&
    (conversationId === undefined || m.conversationId === conversationId) &&
    (contactId === undefined || m.contactId === contactId) &&
    (startDate === undefined || m.dateAdded >= startDate) &&
    (endDate === undefined || m.dateAdded <= endDate)
}

/**
 * GET /conversations/messages/export: the parameters (422; `limit` 10..500), the location (403), the cursor (400
 * for one this mock did not hand out), then the page: `{messages, nextCursor?, total}` (`total` counts every
 * matching message of the walk's point in time; `nextCursor` is absent on the last page).
 *
 * @internal
 */
export const exportMessages = (ctx: BearerContext, messages: MessageReads): Responses.Prepared => {
  const parsed = parse(ctx.url.searchParams)
  if (!parsed.ok) return error(ctx, 422, parsed.messages, { error: "Unprocessable Entity" })
  const q = parsed.value
  const location = messages.location(q.locationId)
  if (q.locationId !== ctx.token.locationId || location === undefined) {
    return error(ctx, 403, "The token does not have access to this location.")
  }
  const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor)
  if (q.cursor !== undefined && (cursor === undefined || cursor.snapshot > messages.version())) {
    return error(ctx, 400, "The cursor is invalid: pass the nextCursor of the previous page")
  }
  const snapshot = cursor?.snapshot ?? messages.version()
  const index = messages.exportOf(location)
  const matches = matcher(q)
  const page = index.page({
    sortBy: q.sortBy,
    order: q.sortOrder,
    limit: q.limit,
    snapshot,
    after: cursor,
    matches
  })
  const filter = `${q.channel}|${q.conversationId}|${q.contactId}|${q.startDate}|${q.endDate}`
  const total = index.count(snapshot, filter, matches)
  return json(ctx, 200, {
    messages: page.messages.map(Wire.message),
    ...(page.next === undefined ? {} : { nextCursor: encodeCursor(page.next) }),
    total,
    traceId: ctx.traceId
  })
}
