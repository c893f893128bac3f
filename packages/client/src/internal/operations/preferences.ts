/**
 * The preference operations: custom subtypes (list, create, update or archive) and a contact's subscriptions (read,
 * change).
 *
 * @since 0.1.0
 * @internal
 */
import * as Effect from "effect/Effect"
import {
  ChangeSubscriptionBody,
  ChangeSubscriptionInput,
  CreateCustomSubtypeBody,
  CreateCustomSubtypeInput,
  CustomSubtypeFromWire,
  CustomSubtypesFromWire,
  ListCustomSubtypesParams,
  SubscriptionChangeResult,
  UnsubscriptionStatus,
  UnsubscriptionStatusParams,
  UpdateCustomSubtypeBody,
  UpdateCustomSubtypeInput
} from "../../Preference.js"
import type { PreferencesOperations } from "../../PreferencesOperations.js"
import * as Validate from "../validate.js"
import { dieOnNotFound, type GroupContext, locationOf } from "./groupContext.js"
import { idempotent, inputOf, post, responseOf, spanOf } from "./run.js"

const routes = {
  subtypes: "/conversations/preferences/custom-subtypes",
  subtype: "/conversations/preferences/custom-subtypes/{id}",
  status: "/conversations/preferences/unsubscriptions/status",
  change: "/conversations/preferences/unsubscriptions/user-change"
} as const

const subtypesBody = responseOf(CustomSubtypesFromWire)
const subtypeBody = responseOf(CustomSubtypeFromWire)
const statusBody = responseOf(UnsubscriptionStatus)
const changeBody = responseOf(SubscriptionChangeResult)

const checkList = inputOf(ListCustomSubtypesParams)
const checkCreate = inputOf(CreateCustomSubtypeInput)
const checkUpdate = inputOf(UpdateCustomSubtypeInput)
const checkStatus = inputOf(UnsubscriptionStatusParams)
const checkChange = inputOf(ChangeSubscriptionInput)
// The bodies are encoded by their own Schemas, once the input (a superset with the location) has been checked.
const encodeCreate = inputOf(CreateCustomSubtypeBody)
const encodeUpdate = inputOf(UpdateCustomSubtypeBody)
const encodeChange = inputOf(ChangeSubscriptionBody)

// The location's custom subscription subtypes: list, create, rename or archive.
const subtypeOps = (context: GroupContext) => {
  const listCustomSubtypes = Effect.fn(
    "ConversationsClient.preferences.listCustomSubtypes",
    spanOf("GET", routes.subtypes)
  )(function*(params: ListCustomSubtypesParams = {}) {
    const operation = "preferences.listCustomSubtypes"
    const { value } = yield* checkList(operation, params)
    const locationId = yield* locationOf(operation, value.locationId, context.locationId)
    return yield* dieOnNotFound(idempotent(context, {
      operation,
      method: "GET",
      path: routes.subtypes,
      query: [["locationId", locationId]],
      response: subtypesBody
    }, false))
  })

  const createCustomSubtype = Effect.fn(
    "ConversationsClient.preferences.createCustomSubtype",
    spanOf("POST", routes.subtypes)
  )(function*(input: CreateCustomSubtypeInput) {
    const operation = "preferences.createCustomSubtype"
    const { value } = yield* checkCreate(operation, input)
    const { locationId: given, ...fields } = value
    const locationId = yield* locationOf(operation, given, context.locationId)
    const { wire } = yield* encodeCreate(operation, fields)
    return yield* dieOnNotFound(post(context, {
      operation,
      method: "POST",
      path: routes.subtypes,
      query: [["locationId", locationId]],
      body: wire,
      response: subtypeBody
    }, false))
  })

  const updateCustomSubtype = Effect.fn(
    "ConversationsClient.preferences.updateCustomSubtype",
    spanOf("PUT", routes.subtype)
  )(function*(id: string, input: UpdateCustomSubtypeInput) {
    const operation = "preferences.updateCustomSubtype"
    const segment = yield* Validate.pathSegment(operation, "id", id)
    const { value } = yield* checkUpdate(operation, input)
    const { locationId: given, ...fields } = value
    const locationId = yield* locationOf(operation, given, context.locationId)
    const { wire } = yield* encodeUpdate(operation, fields)
    // A 404 is an unknown subtype (or one of another location).
    return yield* idempotent(context, {
      operation,
      method: "PUT",
      path: `${routes.subtypes}/${segment}`,
      query: [["locationId", locationId]],
      body: wire,
      response: subtypeBody
    }, true)
  })

  return { listCustomSubtypes, createCustomSubtype, updateCustomSubtype }
}

// A contact's subscriptions: their statuses, and a user's change.
const subscriptionOps = (context: GroupContext) => {
  const unsubscriptionStatus = Effect.fn(
    "ConversationsClient.preferences.unsubscriptionStatus",
    spanOf("GET", routes.status)
  )(function*(params: UnsubscriptionStatusParams) {
    const operation = "preferences.unsubscriptionStatus"
    const { value } = yield* checkStatus(operation, params)
    const locationId = yield* locationOf(operation, value.locationId, context.locationId)
    const query: Array<readonly [string, string]> = [["locationId", locationId], ["contactId", value.contactId]]
    if (value.email !== undefined) query.push(["email", value.email])
    return yield* dieOnNotFound(idempotent(context, {
      operation,
      method: "GET",
      path: routes.status,
      query,
      response: statusBody
    }, false))
  })

  const changeSubscription = Effect.fn(
    "ConversationsClient.preferences.changeSubscription",
    spanOf("POST", routes.change)
  )(function*(input: ChangeSubscriptionInput) {
    const operation = "preferences.changeSubscription"
    const { value } = yield* checkChange(operation, input)
    const locationId = yield* locationOf(operation, value.locationId, context.locationId)
    const { wire } = yield* encodeChange(operation, { ...value, locationId })
    // A 404 names a custom subtype that does not exist (or is of another location).
    return yield* post(context, {
      operation,
      method: "POST",
      path: routes.change,
      body: wire,
      response: changeBody,
      knownId: value.contactId
    }, true)
  })

  return { unsubscriptionStatus, changeSubscription }
}

/**
 * @internal
 */
export const make = (context: GroupContext): PreferencesOperations => ({
  ...subtypeOps(context),
  ...subscriptionOps(context)
})
