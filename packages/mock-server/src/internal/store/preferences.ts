/**
 * Communication preferences: each location's custom subscription subtypes (seeded, then created, renamed and
 * archived through the API) and each contact's subscription statuses per email address (every subtype is
 * `subscribed` until a user change says otherwise). `reset` returns to the seeded subtypes and no changes.
 *
 * @since 0.1.0
 * @internal
 */
import type { Dataset } from "../model.js"
import * as Prng from "../prng.js"

/** Channels a custom subtype can belong to. @internal */
export const SUBTYPE_CHANNELS = ["email", "sms"] as const

/** @internal */
type SubtypeChannel = typeof SUBTYPE_CHANNELS[number]

/** The one default subscription type the API names. @internal */
export const DEFAULT_SUBTYPES = ["One on One"] as const

/** @internal */
export type SubscriptionStatus = "subscribed" | "unsubscribed"

/** @internal */
export interface CustomSubtype {
  readonly id: string
  readonly locationId: string
  readonly name: string
  readonly description: string | undefined
  readonly channel: SubtypeChannel
  readonly language: string
  readonly archived: boolean
  readonly resubscriptionLegalFormId: string | undefined
  /** Epoch ms. */
  readonly dateAdded: number
  readonly dateUpdated: number
}

/** What a create carries. @internal */
type NewSubtype = Pick<CustomSubtype, "name" | "description" | "channel" | "language">

/** What an update may change. @internal */
type SubtypePatch = Partial<
  Pick<CustomSubtype, "name" | "description" | "archived" | "resubscriptionLegalFormId">
>

/** One subscription of one email: to the default type or to a custom subtype. @internal */
export type Subscription =
  | { readonly type: "default"; readonly name: string; readonly status: SubscriptionStatus }
  | { readonly type: "custom"; readonly subtype: CustomSubtype; readonly status: SubscriptionStatus }

/** A user change, checked by the route. @internal */
export type SubscriptionChange =
  | { readonly type: "default"; readonly name: string; readonly status: SubscriptionStatus }
  | { readonly type: "custom"; readonly subtypeId: string; readonly status: SubscriptionStatus }
  | { readonly type: "resub_all" }

/** @internal */
export interface PreferencesStore {
  /** The location's subtypes, archived ones included, oldest first. */
  readonly subtypes: (locationId: string) => ReadonlyArray<CustomSubtype>
  readonly subtype: (id: string) => CustomSubtype | undefined
  readonly create: (locationId: string, input: NewSubtype, now: number) => CustomSubtype
  /** Undefined for an unknown id. */
  readonly update: (id: string, patch: SubtypePatch, now: number) => CustomSubtype | undefined
  /** The emails of the contact with a recorded change, in the order they were first changed. */
  readonly changedEmails: (contactId: string) => ReadonlyArray<string>
  /** The default type, then every email-channel subtype of the location that is not archived. */
  readonly subscriptions: (locationId: string, contactId: string, email: string) => ReadonlyArray<Subscription>
  readonly change: (contactId: string, email: string, change: SubscriptionChange) => void
  /** Back to the seeded subtypes of `dataset`; no created subtype, no change, the id counter at 0. */
  readonly reset: (dataset: Dataset) => void
}

/** Seeded subtypes of every location: one per channel, so both channels are exercised. */
const SEEDED: ReadonlyArray<NewSubtype> = [
  { name: "Newsletter", description: "Monthly product newsletter", channel: "email", language: "en" },
  { name: "Promotions", description: "Discounts and offers", channel: "sms", language: "en" }
]

// Seeded dates sit before the generated conversations' window, so they never read the clock.
const SEEDED_AT = Date.UTC(2024, 0, 15, 9)

const key = (contactId: string, email: string) => `${contactId}\u0000${email.toLowerCase()}`

/** Each contact's subscription statuses per email address: `subscribed` until a change says otherwise. */
const makeStatuses = () => {
  // contactId+email → subscription key (`default:<name>` or `custom:<id>`) → status
  let statuses = new Map<string, Map<string, SubscriptionStatus>>()
  let emails = new Map<string, Array<string>>()
  return {
    statusOf: (contactId: string, email: string, subscription: string): SubscriptionStatus =>
      statuses.get(key(contactId, email))?.get(subscription) ?? "subscribed",
    changedEmails: (contactId: string): ReadonlyArray<string> => [...(emails.get(contactId) ?? [])],
    change: (contactId: string, email: string, change: SubscriptionChange): void => {
      const k = key(contactId, email)
      const map = statuses.get(k) ?? new Map<string, SubscriptionStatus>()
      statuses.set(k, map)
      const known = emails.get(contactId) ?? []
      if (!known.some((e) => e.toLowerCase() === email.toLowerCase())) known.push(email)
      emails.set(contactId, known)
      switch (change.type) {
        case "default":
          map.set(`default:${change.name}`, change.status)
          return
        case "custom":
          map.set(`custom:${change.subtypeId}`, change.status)
          return
        case "resub_all":
          // Every subscription of this email, whether changed before or not, is subscribed again.
          for (const name of map.keys()) map.set(name, "subscribed")
          return
      }
    },
    clear: () => {
      statuses = new Map()
      emails = new Map()
    }
  }
}

/** @internal */
export const makePreferencesStore = (dataset: Dataset): PreferencesStore => {
  let byLocation = new Map<string, Array<CustomSubtype>>()
  let byId = new Map<string, CustomSubtype>()
  const statuses = makeStatuses()
  let seed = dataset.seed
  let created = 0

  // Ids depend only on the seed and a counter: the same requests give the same ids after every reset.
  const nextId = (stream: number, n: number) => Prng.id(Prng.make(seed ^ 0x5b7e, stream * 100_003 + n))

  const add = (subtype: CustomSubtype) => {
    byId.set(subtype.id, subtype)
    const list = byLocation.get(subtype.locationId) ?? []
    list.push(subtype)
    byLocation.set(subtype.locationId, list)
  }

  const reset = (next: Dataset) => {
    seed = next.seed
    byLocation = new Map()
    byId = new Map()
    statuses.clear()
    created = 0
    next.locations.forEach((location, l) => {
      SEEDED.forEach((input, i) => {
        const at = SEEDED_AT + (l * SEEDED.length + i) * 86_400_000
        add({
          ...input,
          id: nextId(1, l * SEEDED.length + i),
          locationId: location.locationId,
          archived: false,
          resubscriptionLegalFormId: undefined,
          dateAdded: at,
          dateUpdated: at
        })
      })
    })
  }
  reset(dataset)

  const { statusOf } = statuses

  const subscriptions = (locationId: string, contactId: string, email: string): ReadonlyArray<Subscription> => [
    ...DEFAULT_SUBTYPES.map((name): Subscription => ({
      type: "default",
      name,
      status: statusOf(contactId, email, `default:${name}`)
    })),
    ...(byLocation.get(locationId) ?? []).filter((s) => s.channel === "email" && !s.archived).map((
      subtype
    ): Subscription => ({ type: "custom", subtype, status: statusOf(contactId, email, `custom:${subtype.id}`) }))
  ]

  return {
    subtypes: (locationId) => [...(byLocation.get(locationId) ?? [])],
    subtype: (id) => byId.get(id),
    create: (locationId, input, now) => {
      const subtype: CustomSubtype = {
        ...input,
        id: nextId(2, created++),
        locationId,
        archived: false,
        resubscriptionLegalFormId: undefined,
        dateAdded: now,
        dateUpdated: now
      }
      add(subtype)
      return subtype
    },
    update: (id, patch, now) => {
      const current = byId.get(id)
      if (current === undefined) return undefined
      const next: CustomSubtype = { ...current, ...patch, dateUpdated: now }
      byId.set(id, next)
      const list = byLocation.get(current.locationId) ?? []
      const at = list.findIndex((s) => s.id === id)
      if (at >= 0) list[at] = next
      return next
    },
    changedEmails: statuses.changedEmails,
    subscriptions,
    change: statuses.change,
    reset
  }
}
