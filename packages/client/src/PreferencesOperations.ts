/**
 * The `preferences` group of the client: a location's custom subscription subtypes and a contact's subscriptions.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { NotFoundError, RequestError, WriteOutcomeUnknownError } from "./ConversationsError.js"
import type {
  ChangeSubscriptionInput,
  CreateCustomSubtypeInput,
  CustomSubtype,
  ListCustomSubtypesParams,
  SubscriptionChangeResult,
  UnsubscriptionStatus,
  UnsubscriptionStatusParams,
  UpdateCustomSubtypeInput
} from "./Preference.js"

/**
 * The failures of `preferences.listCustomSubtypes`.
 *
 * @since 0.1.0
 * @category errors
 */
export type ListCustomSubtypesError = RequestError

/**
 * The failures of `preferences.createCustomSubtype`: a name already taken on the channel is an
 * `InvalidRequestError` (400); `WriteOutcomeUnknownError` when the request was sent and its answer never came (it
 * is not resent).
 *
 * @since 0.1.0
 * @category errors
 */
export type CreateCustomSubtypeError = RequestError | WriteOutcomeUnknownError

/**
 * The failures of `preferences.updateCustomSubtype`: `NotFoundError` for an unknown subtype (or one of another
 * location).
 *
 * @since 0.1.0
 * @category errors
 */
export type UpdateCustomSubtypeError = RequestError | NotFoundError

/**
 * The failures of `preferences.unsubscriptionStatus`: an unknown contact is an `InvalidRequestError` (400).
 *
 * @since 0.1.0
 * @category errors
 */
export type UnsubscriptionStatusError = RequestError

/**
 * The failures of `preferences.changeSubscription`: `NotFoundError` for an unknown custom subtype;
 * `WriteOutcomeUnknownError` when the request was sent and its answer never came (it is not resent).
 *
 * @since 0.1.0
 * @category errors
 */
export type ChangeSubscriptionError = RequestError | NotFoundError | WriteOutcomeUnknownError

/**
 * The preference operations. The spec declares no scope for them (any valid token of the location); the location
 * is the client's default when left out. Every input is checked before sending, each issue naming its field.
 *
 * @since 0.1.0
 * @category models
 */
export interface PreferencesOperations {
  /** `GET /conversations/preferences/custom-subtypes`: every subtype of the location, archived ones included. */
  readonly listCustomSubtypes: (
    params?: ListCustomSubtypesParams
  ) => Effect.Effect<ReadonlyArray<CustomSubtype>, ListCustomSubtypesError>
  /** `POST /conversations/preferences/custom-subtypes`: a new subtype. Never resent once it may have arrived. */
  readonly createCustomSubtype: (
    input: CreateCustomSubtypeInput
  ) => Effect.Effect<CustomSubtype, CreateCustomSubtypeError>
  /** `PUT /conversations/preferences/custom-subtypes/{id}`: rename, redescribe or archive; retried like a read. */
  readonly updateCustomSubtype: (
    id: string,
    input: UpdateCustomSubtypeInput
  ) => Effect.Effect<CustomSubtype, UpdateCustomSubtypeError>
  /** `GET /conversations/preferences/unsubscriptions/status`: the contact's subscriptions per email. */
  readonly unsubscriptionStatus: (
    params: UnsubscriptionStatusParams
  ) => Effect.Effect<UnsubscriptionStatus, UnsubscriptionStatusError>
  /** `POST /conversations/preferences/unsubscriptions/user-change`: one change for one email of a contact. */
  readonly changeSubscription: (
    input: ChangeSubscriptionInput
  ) => Effect.Effect<SubscriptionChangeResult, ChangeSubscriptionError>
}
