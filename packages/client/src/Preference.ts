/**
 * Communication preferences: a location's custom subscription subtypes and a contact's subscription statuses. The
 * models the preference operations decode and the inputs they check (wire field names, as HighLevel's DTOs spell
 * them, so the input Schemas also encode the request bodies).
 *
 * The spec documents no response body for these operations: the shapes decoded here are the project's mock's
 * (`{customSubtypes: [...]}`, `{customSubtype}`, `{statuses: [...]}`), and the bare forms (an array, an unwrapped
 * object) decode as well.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ContactId, LocationId } from "./Ids.js"
import { LenientDateTime, openLiteral, optionalOrNull } from "./internal/schema.js"

const Id = Schema.NonEmptyTrimmedString

/**
 * An email address as the preference operations check it before sending: one `@` with text on both sides, no
 * spaces.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EmailAddress = Schema.String.pipe(
  Schema.pattern(/^[^\s@]+@[^\s@]+$/, { message: () => "must be an email address" })
)

/**
 * The channels a custom subtype belongs to.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomSubtypeChannel = Schema.Literal("email", "sms")

/**
 * @since 0.1.0
 * @category models
 */
export type CustomSubtypeChannel = typeof CustomSubtypeChannel.Type

// The spec's `maxLength: 100` on names and descriptions.
const ShortText = Schema.String.pipe(Schema.maxLength(100))

/**
 * A custom subscription subtype of a location (e.g. a newsletter a contact can unsubscribe from on its own).
 *
 * @since 0.1.0
 * @category models
 */
export class CustomSubtype extends Schema.Class<CustomSubtype>("@highlevel-effect/client/CustomSubtype")({
  id: Schema.String,
  name: Schema.String,
  channel: openLiteral("email", "sms"),
  locationId: optionalOrNull(LocationId),
  description: optionalOrNull(Schema.String),
  language: optionalOrNull(Schema.String),
  archived: optionalOrNull(Schema.Boolean),
  resubscription_legal_form_id: optionalOrNull(Schema.String),
  dateAdded: optionalOrNull(LenientDateTime),
  dateUpdated: optionalOrNull(LenientDateTime)
}) {}

/**
 * The body of `get-all-custom-subtypes`: `{customSubtypes: [...]}`, or a bare array.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomSubtypesFromWire = Schema.Union(
  Schema.transform(
    Schema.Struct({ customSubtypes: Schema.Array(CustomSubtype) }),
    Schema.Array(Schema.typeSchema(CustomSubtype)),
    { strict: true, decode: (body) => body.customSubtypes, encode: (customSubtypes) => ({ customSubtypes }) }
  ),
  Schema.Array(CustomSubtype)
)

/**
 * The body of `create-custom-subtype` and `update-custom-subtype`: `{customSubtype: {...}}`, or the subtype bare.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomSubtypeFromWire = Schema.Union(
  Schema.transform(
    Schema.Struct({ customSubtype: CustomSubtype }),
    Schema.typeSchema(CustomSubtype),
    { strict: true, decode: (body) => body.customSubtype, encode: (customSubtype) => ({ customSubtype }) }
  ),
  CustomSubtype
)

/**
 * The input of `preferences.listCustomSubtypes`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListCustomSubtypesParams = Schema.Struct({
  /** The client's default location when left out. */
  locationId: Schema.optional(Id)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ListCustomSubtypesParams = typeof ListCustomSubtypesParams.Type

/**
 * The body of `create-custom-subtype` (`CreateCustomSubtypeDto`): name and channel required, and the language.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateCustomSubtypeBody = Schema.Struct({
  name: ShortText.pipe(Schema.minLength(1)),
  description: Schema.optional(ShortText),
  channel: CustomSubtypeChannel,
  /** A language code, e.g. `en`. */
  language: Id
})

/**
 * The input of `preferences.createCustomSubtype`: the body, and the location (a query parameter; the client's
 * default when left out).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateCustomSubtypeInput = Schema.Struct({
  ...CreateCustomSubtypeBody.fields,
  locationId: Schema.optional(Id)
})

/**
 * @since 0.1.0
 * @category models
 */
export type CreateCustomSubtypeInput = typeof CreateCustomSubtypeInput.Type

const updateFields = ["name", "description", "archived", "resubscription_legal_form_id"] as const

/**
 * The body of `update-custom-subtype` (`UpdateCustomSubtypeDto`). Every field is optional in the spec; an update
 * that changes nothing is refused before sending (project decision).
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateCustomSubtypeBody = Schema.Struct({
  name: Schema.optional(ShortText.pipe(Schema.minLength(1))),
  description: Schema.optional(ShortText),
  /** `true` archives the subtype. */
  archived: Schema.optional(Schema.Boolean),
  resubscription_legal_form_id: Schema.optional(Id)
})

/**
 * The input of `preferences.updateCustomSubtype`: the fields to change (at least one), and the location.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateCustomSubtypeInput = Schema.Struct({
  ...UpdateCustomSubtypeBody.fields,
  locationId: Schema.optional(Id)
}).pipe(
  Schema.filter((input) =>
    updateFields.some((field) => input[field] !== undefined) ||
    `at least one of ${updateFields.join(", ")} is required`
  )
)

/**
 * @since 0.1.0
 * @category models
 */
export type UpdateCustomSubtypeInput = typeof UpdateCustomSubtypeInput.Type

/**
 * The input of `preferences.unsubscriptionStatus`: the contact, and one of its emails (all of them when left out).
 *
 * @since 0.1.0
 * @category schemas
 */
export const UnsubscriptionStatusParams = Schema.Struct({
  contactId: Id,
  email: Schema.optional(EmailAddress),
  locationId: Schema.optional(Id)
})

/**
 * @since 0.1.0
 * @category models
 */
export type UnsubscriptionStatusParams = typeof UnsubscriptionStatusParams.Type

/**
 * A subscription action (`SubscriptionActionDto`): to the default type (`subtype_name`, "One on One"), to one custom
 * subtype (`subtype_id`), or resubscribe to all (`resub_all`, `subtype_status: "subscribed"`). Which field each type
 * needs is checked before sending, each failure naming the field.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SubscriptionAction = Schema.Struct({
  type: Schema.Literal("default", "custom", "resub_all"),
  subtype_name: Schema.optional(Schema.Literal("One on One")),
  subtype_id: Schema.optional(Id),
  subtype_status: Schema.Literal("subscribed", "unsubscribed")
}).pipe(
  Schema.filter((action) =>
    action.type === "default" && action.subtype_name === undefined
      ? { path: ["subtype_name"], message: "is required for a default action (\"One on One\")" }
      : action.type === "custom" && action.subtype_id === undefined
      ? { path: ["subtype_id"], message: "is required for a custom action" }
      : action.type === "resub_all" && action.subtype_status !== "subscribed"
      ? { path: ["subtype_status"], message: "must be \"subscribed\" for resub_all" }
      : true
  )
)

/**
 * @since 0.1.0
 * @category models
 */
export type SubscriptionAction = typeof SubscriptionAction.Type

const ChangeSubscriptionFields = {
  contactId: Id,
  email: EmailAddress,
  subscription_action: SubscriptionAction,
  /** Required for a resubscription (`subtype_status: "subscribed"`, or `resub_all`). */
  legal_reason: Schema.optional(Id),
  legal_description: Schema.optional(Schema.String)
}

// A resubscription needs its legal reason (the spec: "required only for resubscribe and resub_all actions").
const legalReasonRule = (change: {
  readonly subscription_action: SubscriptionAction
  readonly legal_reason?: string | undefined
}) =>
  change.subscription_action.subtype_status === "subscribed" && change.legal_reason === undefined
    ? { path: ["legal_reason"], message: "is required for a resubscription" }
    : true

/**
 * The body of `user-subscription-change` (`UserSubscriptionChangeDto`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ChangeSubscriptionBody = Schema.Struct({ ...ChangeSubscriptionFields, locationId: Id }).pipe(
  Schema.filter(legalReasonRule)
)

/**
 * The input of `preferences.changeSubscription`: the body, its `locationId` the client's default when left out.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ChangeSubscriptionInput = Schema.Struct({
  ...ChangeSubscriptionFields,
  locationId: Schema.optional(Id)
}).pipe(Schema.filter(legalReasonRule))

/**
 * @since 0.1.0
 * @category models
 */
export type ChangeSubscriptionInput = typeof ChangeSubscriptionInput.Type

/**
 * One subscription of an email: to the default type or to a custom subtype, and its status.
 *
 * @since 0.1.0
 * @category models
 */
export class SubscriptionEntry extends Schema.Class<SubscriptionEntry>("@highlevel-effect/client/SubscriptionEntry")({
  type: openLiteral("default", "custom"),
  subtype_status: openLiteral("subscribed", "unsubscribed"),
  subtype_name: optionalOrNull(Schema.String),
  subtype_id: optionalOrNull(Schema.String)
}) {}

/**
 * The subscriptions of one email address of a contact.
 *
 * @since 0.1.0
 * @category models
 */
export class EmailSubscriptions extends Schema.Class<EmailSubscriptions>(
  "@highlevel-effect/client/EmailSubscriptions"
)({
  email: Schema.String,
  subscriptions: Schema.Array(SubscriptionEntry)
}) {}

/**
 * The body of `get-contact-unsubscription-status`: the contact's subscriptions per email address.
 *
 * @since 0.1.0
 * @category models
 */
export class UnsubscriptionStatus extends Schema.Class<UnsubscriptionStatus>(
  "@highlevel-effect/client/UnsubscriptionStatus"
)({
  statuses: Schema.Array(EmailSubscriptions),
  contactId: optionalOrNull(ContactId),
  locationId: optionalOrNull(LocationId),
  traceId: optionalOrNull(Schema.String)
}) {}

/**
 * The body of `user-subscription-change`: whether it succeeded and, when the server says, the email's subscriptions
 * after the change.
 *
 * @since 0.1.0
 * @category models
 */
export class SubscriptionChangeResult extends Schema.Class<SubscriptionChangeResult>(
  "@highlevel-effect/client/SubscriptionChangeResult"
)({
  success: optionalOrNull(Schema.Boolean),
  contactId: optionalOrNull(ContactId),
  email: optionalOrNull(Schema.String),
  subscriptions: optionalOrNull(Schema.Array(SubscriptionEntry)),
  traceId: optionalOrNull(Schema.String)
}) {}
