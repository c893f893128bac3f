/**
 * The preference operations: a location's custom subscription subtypes (list, create, update or archive) and a
 * contact's subscription statuses (read, change). The spec declares no scope for them: any valid token of the
 * location may call (API-NOTES). Response bodies are not documented; the shapes here are the mock's (see README).
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockWire from "../../MockWire.js"
import type * as Responses from "../responses.js"
import type {
  CustomSubtype,
  PreferencesStore,
  Subscription,
  SubscriptionChange,
  SubscriptionStatus
} from "../store/preferences.js"
import { DEFAULT_SUBTYPES, SUBTYPE_CHANNELS } from "../store/preferences.js"
import * as Body from "./body.js"
import { type BearerContext, error, json } from "./route.js"

/** A contact of a location, as far as preferences need one. @internal */
interface ContactLookup {
  readonly contact: (
    locationId: string,
    contactId: string
  ) => { readonly contactId: string; readonly email: string } | undefined
}

/** What the preference routes read and change. @internal */
export interface PreferencesState {
  readonly store: PreferencesStore
  readonly contacts: ContactLookup
  /** The mock's data clock: what `dateAdded` / `dateUpdated` stamp. */
  readonly now: () => number
}

const forbidden = (ctx: BearerContext) => error(ctx, 403, "The token does not have access to this location.")

const subtypeNotFound = (ctx: BearerContext, id: string) => error(ctx, 404, `Custom subtype with id ${id} not found`)

/** Wire form of a subtype (snake_case where the DTOs are, ISO dates as the messages carry). */
const wireSubtype = (s: CustomSubtype): MockWire.CustomSubtype => ({
  id: s.id,
  locationId: s.locationId,
  name: s.name,
  ...(s.description === undefined ? {} : { description: s.description }),
  channel: s.channel,
  language: s.language,
  archived: s.archived,
  ...(s.resubscriptionLegalFormId === undefined ? {} : { resubscription_legal_form_id: s.resubscriptionLegalFormId }),
  dateAdded: new Date(s.dateAdded).toISOString(),
  dateUpdated: new Date(s.dateUpdated).toISOString()
})

/** Wire form of a subscription: the fields of `SubscriptionActionDto`, so a status can be sent back as a change. */
const wireSubscription = (s: Subscription): MockWire.Subscription =>
  s.type === "default"
    ? { type: "default", subtype_name: s.name, subtype_status: s.status }
    : { type: "custom", subtype_id: s.subtype.id, subtype_name: s.subtype.name, subtype_status: s.status }

/** The location query parameter plus the others of the operation; 422 first, then 403. */
const locationQuery = (
  ctx: BearerContext,
  known: ReadonlyArray<string>,
  required: ReadonlyArray<string>
): { readonly ok: true; readonly values: Readonly<Record<string, string>> } | {
  readonly ok: false
  readonly answer: Responses.Prepared
} => {
  const parsed = Body.query(ctx.url.searchParams, known, required)
  if (parsed.problems.length > 0) return { ok: false, answer: Body.unprocessable(ctx, parsed.problems) }
  if (parsed.values["locationId"] !== ctx.token.locationId) return { ok: false, answer: forbidden(ctx) }
  return { ok: true, values: parsed.values }
}

const LOCATION_ONLY = ["locationId"] as const

/** GET /conversations/preferences/custom-subtypes?locationId=: every subtype of the location. @internal */
export const listSubtypes = (ctx: BearerContext, state: PreferencesState): Responses.Prepared => {
  const q = locationQuery(ctx, LOCATION_ONLY, LOCATION_ONLY)
  if (!q.ok) return q.answer
  return json(
    ctx,
    200,
    {
      customSubtypes: state.store.subtypes(ctx.token.locationId).map(wireSubtype),
      traceId: ctx.traceId
    } satisfies MockWire.CustomSubtypesResponse
  )
}

const CREATE: Body.Fields = {
  name: { kind: "string", required: true, maxLength: 100 },
  description: { kind: "string", required: false, maxLength: 100 },
  channel: { kind: "enum", required: true, values: SUBTYPE_CHANNELS },
  language: { kind: "string", required: true }
}

const UPDATE: Body.Fields = {
  name: { kind: "string", required: false, maxLength: 100 },
  description: { kind: "string", required: false, maxLength: 100 },
  archived: { kind: "boolean", required: false },
  resubscription_legal_form_id: { kind: "string", required: false }
}

const sameName = (a: CustomSubtype, name: string, channel: string) =>
  !a.archived && a.channel === channel && a.name.toLowerCase() === name.toLowerCase()

/**
 * POST /conversations/preferences/custom-subtypes?locationId=: 201 with the new subtype; 400 when a subtype of the
 * same channel (not archived) already has that name.
 *
 * @internal
 */
export const createSubtype = (ctx: BearerContext, state: PreferencesState): Responses.Prepared => {
  const q = locationQuery(ctx, LOCATION_ONLY, LOCATION_ONLY)
  if (!q.ok) return q.answer
  const body = Body.decode(ctx, CREATE)
  if (!body.ok) return body.answer
  const name = Body.text(body.value, "name") ?? ""
  const channel = Body.text(body.value, "channel") === "sms" ? "sms" : "email"
  if (state.store.subtypes(ctx.token.locationId).some((s) => sameName(s, name, channel))) {
    return error(ctx, 400, `A custom subtype named ${name} already exists for channel ${channel}`, {
      error: "Bad Request"
    })
  }
  const created = state.store.create(ctx.token.locationId, {
    name,
    description: Body.text(body.value, "description"),
    channel,
    language: Body.text(body.value, "language") ?? ""
  }, state.now())
  return json(ctx, 201, { customSubtype: wireSubtype(created), traceId: ctx.traceId })
}

/**
 * PUT /conversations/preferences/custom-subtypes/{id}?locationId=: renames, redescribes or archives (`archived:
 * true`) a subtype of the location; 404 for an unknown id or one of another location.
 *
 * @internal
 */
export const updateSubtype = (ctx: BearerContext, state: PreferencesState): Responses.Prepared => {
  const q = locationQuery(ctx, LOCATION_ONLY, LOCATION_ONLY)
  if (!q.ok) return q.answer
  const body = Body.decode(ctx, UPDATE)
  if (!body.ok) return body.answer
  const id = ctx.params.id ?? ""
  const current = state.store.subtype(id)
  if (current === undefined || current.locationId !== ctx.token.locationId) return subtypeNotFound(ctx, id)
  const name = Body.text(body.value, "name")
  if (
    name !== undefined &&
    state.store.subtypes(ctx.token.locationId).some((s) => s.id !== id && sameName(s, name, current.channel))
  ) {
    return error(ctx, 400, `A custom subtype named ${name} already exists for channel ${current.channel}`, {
      error: "Bad Request"
    })
  }
  const archived = body.value["archived"]
  const description = Body.text(body.value, "description")
  const legalForm = Body.text(body.value, "resubscription_legal_form_id")
  const updated = state.store.update(id, {
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
    ...(typeof archived === "boolean" ? { archived } : {}),
    ...(legalForm === undefined ? {} : { resubscriptionLegalFormId: legalForm })
  }, state.now())
  if (updated === undefined) return subtypeNotFound(ctx, id)
  return json(ctx, 200, { customSubtype: wireSubtype(updated), traceId: ctx.traceId })
}

const contactNotFound = (ctx: BearerContext) => error(ctx, 400, "Contact not found", { error: "Bad Request" })

const statusesOf = (state: PreferencesState, locationId: string, contactId: string, email: string) => ({
  email,
  subscriptions: state.store.subscriptions(locationId, contactId, email).map(wireSubscription)
})

/**
 * GET /conversations/preferences/unsubscriptions/status?locationId=&contactId=&email=: the statuses of the contact
 * per email: the given one, or the contact's own plus every other email a change was recorded for.
 *
 * @internal
 */
export const unsubscriptionStatus = (ctx: BearerContext, state: PreferencesState): Responses.Prepared => {
  const q = locationQuery(ctx, ["locationId", "contactId", "email"], ["locationId", "contactId"])
  if (!q.ok) return q.answer
  const contact = state.contacts.contact(ctx.token.locationId, q.values["contactId"] ?? "")
  if (contact === undefined) return contactNotFound(ctx)
  const asked = q.values["email"]
  const emails = asked !== undefined
    ? [asked]
    : [
      contact.email,
      ...state.store.changedEmails(contact.contactId).filter((e) => e.toLowerCase() !== contact.email.toLowerCase())
    ]
  return json(
    ctx,
    200,
    {
      contactId: contact.contactId,
      locationId: ctx.token.locationId,
      statuses: emails.map((email) => statusesOf(state, ctx.token.locationId, contact.contactId, email)),
      traceId: ctx.traceId
    } satisfies MockWire.UnsubscriptionStatusResponse
  )
}

const ACTION: Body.Fields = {
  type: { kind: "enum", required: true, values: ["default", "custom", "resub_all"] },
  subtype_name: { kind: "enum", required: false, values: DEFAULT_SUBTYPES },
  subtype_id: { kind: "string", required: false },
  subtype_status: { kind: "enum", required: true, values: ["subscribed", "unsubscribed"] }
}

const CHANGE: Body.Fields = {
  locationId: { kind: "string", required: true },
  contactId: { kind: "string", required: true },
  email: { kind: "email", required: true },
  subscription_action: { kind: "object", required: true, fields: ACTION },
  legal_reason: { kind: "string", required: false },
  legal_description: { kind: "string", required: false }
}

/** The conditional rules of `SubscriptionActionDto` (`@ValidateIf` in the DTO): what each type needs. */
const changeOf = (
  action: Readonly<Record<string, unknown>>,
  legalReason: string | undefined
): { readonly ok: true; readonly change: SubscriptionChange } | {
  readonly ok: false
  readonly problems: ReadonlyArray<string>
} => {
  const status: SubscriptionStatus = action["subtype_status"] === "subscribed" ? "subscribed" : "unsubscribed"
  const resubscribing = action["type"] === "resub_all" || status === "subscribed"
  const problems: Array<string> = []
  if (resubscribing && (legalReason === undefined || legalReason === "")) {
    problems.push("legal_reason should not be empty")
  }
  const name = action["subtype_name"]
  const id = action["subtype_id"]
  if (action["type"] === "default" && typeof name !== "string") {
    problems.push(
      `subscription_action.subtype_name must be one of the following values: ${DEFAULT_SUBTYPES.join(", ")}`
    )
  }
  if (action["type"] === "custom" && (typeof id !== "string" || id === "")) {
    problems.push("subscription_action.subtype_id should not be empty")
  }
  if (problems.length > 0) return { ok: false, problems }
  switch (action["type"]) {
    case "default":
      return { ok: true, change: { type: "default", name: String(name), status } }
    case "custom":
      return { ok: true, change: { type: "custom", subtypeId: String(id), status } }
    default:
      return { ok: true, change: { type: "resub_all" } }
  }
}

/**
 * POST /conversations/preferences/unsubscriptions/user-change: one change (default type, one custom subtype, or
 * resubscribe all) for an email of a contact; 201 with that email's statuses after it. A resubscription needs a
 * `legal_reason` (422); a custom subtype must be of the location (404) and not archived (400).
 *
 * @internal
 */
export const changeSubscription = (ctx: BearerContext, state: PreferencesState): Responses.Prepared => {
  const unknown = [...new Set(ctx.url.searchParams.keys())]
  if (unknown.length > 0) return Body.unprocessable(ctx, unknown.map((k) => `property ${k} should not exist`))
  const body = Body.decode(ctx, CHANGE)
  if (!body.ok) return body.answer
  const action = body.value["subscription_action"]
  // `decode` has checked it is an object; this narrows the type.
  if (!Body.isObject(action)) {
    return Body.unprocessable(ctx, ["nested property subscription_action must be either object or array"])
  }
  const checked = changeOf(action, Body.text(body.value, "legal_reason"))
  if (!checked.ok) return Body.unprocessable(ctx, checked.problems)
  if (Body.text(body.value, "locationId") !== ctx.token.locationId) return forbidden(ctx)
  const contact = state.contacts.contact(ctx.token.locationId, Body.text(body.value, "contactId") ?? "")
  if (contact === undefined) return contactNotFound(ctx)
  const change = checked.change
  if (change.type === "custom") {
    const subtype = state.store.subtype(change.subtypeId)
    if (subtype === undefined || subtype.locationId !== ctx.token.locationId) {
      return subtypeNotFound(ctx, change.subtypeId)
    }
    if (subtype.archived) {
      return error(ctx, 400, `Custom subtype with id ${subtype.id} is archived`, { error: "Bad Request" })
    }
  }
  const email = Body.text(body.value, "email") ?? ""
  state.store.change(contact.contactId, email, change)
  return json(
    ctx,
    201,
    {
      success: true,
      contactId: contact.contactId,
      ...statusesOf(state, ctx.token.locationId, contact.contactId, email),
      traceId: ctx.traceId
    } satisfies MockWire.SubscriptionChangeResponse
  )
}
