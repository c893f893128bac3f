/**
 * On the mock: the preference writes. A custom subtype created, renamed and archived is read back by the list; a
 * subscription change is read back by the contact's statuses; a duplicate name is a 400, an unknown subtype a
 * NotFoundError (update, and a change naming it), and a resubscription without `legal_reason` is refused before
 * sending.
 */
import { describe, expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { failureOf, type It, unknownId, withClient } from "./support.js"
import type { Target } from "./Target.js"
import { marker, sentCount, type WriteSubjects } from "./writeSupport.js"

/** Registers these tests in the writes suite of one mock target. */
export const preferenceWrites = (it: It, subjects: Effect.Effect<WriteSubjects, never, Target>) => {
  const listed = (id: string) =>
    Effect.map(withClient((c) => c.preferences.listCustomSubtypes()), (all) => all.find((subtype) => subtype.id === id))

  describe("mock only: preferences", () => {
    it.effect("a custom subtype created, renamed, then archived: the list shows each step", () =>
      Effect.gen(function*() {
        const name = `${marker} news`.slice(0, 100)
        const created = yield* withClient((c) =>
          c.preferences.createCustomSubtype({ name, channel: "email", language: "en" })
        )
        expect([(yield* listed(created.id))?.name, (yield* listed(created.id))?.archived]).toEqual([name, false])
        yield* withClient((c) => c.preferences.updateCustomSubtype(created.id, { name: `${name} (weekly)` }))
        expect((yield* listed(created.id))?.name).toBe(`${name} (weekly)`)
        yield* withClient((c) => c.preferences.updateCustomSubtype(created.id, { archived: true }))
        expect((yield* listed(created.id))?.archived).toBe(true)
      }))

    it.effect("a second subtype of the same name and channel is a 400; an unknown one a NotFoundError", () =>
      Effect.gen(function*() {
        const input = { name: `${marker} dup`, channel: "sms", language: "en" } as const
        yield* withClient((c) => c.preferences.createCustomSubtype(input))
        const duplicate = yield* failureOf(withClient((c) => c.preferences.createCustomSubtype(input)))
        const unknown = yield* failureOf(withClient((c) => c.preferences.updateCustomSubtype(unknownId, { name: "x" })))
        expect([duplicate._tag, unknown._tag]).toEqual(["InvalidRequestError", "NotFoundError"])
      }))

    it.effect("an unsubscription from a custom subtype is read back in the contact's statuses for that email", () =>
      Effect.gen(function*() {
        const { contactId } = yield* subjects
        const email = "ada.contract@example.com"
        const subtype = yield* withClient((c) =>
          c.preferences.createCustomSubtype({ name: `${marker} offers`, channel: "email", language: "en" })
        )
        const action = { type: "custom", subtype_id: subtype.id, subtype_status: "unsubscribed" } as const
        yield* withClient((c) => c.preferences.changeSubscription({ contactId, email, subscription_action: action }))
        const status = yield* withClient((c) => c.preferences.unsubscriptionStatus({ contactId, email }))
        const entry = status.statuses.find((one) => one.email === email)?.subscriptions.find((subscription) =>
          subscription.subtype_id === subtype.id
        )
        expect(entry?.subtype_status).toBe("unsubscribed")
      }))

    it.effect("a change naming an unknown subtype is a NotFoundError; a resubscription needs legal_reason", () =>
      Effect.gen(function*() {
        const { contactId } = yield* subjects
        const email = "ada.contract@example.com"
        const unknown = yield* failureOf(withClient((c) =>
          c.preferences.changeSubscription({
            contactId,
            email,
            subscription_action: { type: "custom", subtype_id: unknownId, subtype_status: "unsubscribed" }
          })
        ))
        expect(unknown._tag).toBe("NotFoundError")
        const before = yield* sentCount
        const resubscribe = yield* failureOf(withClient((c) =>
          c.preferences.changeSubscription({
            contactId,
            email,
            subscription_action: { type: "resub_all", subtype_status: "subscribed" }
          })
        ))
        expect(resubscribe._tag).toBe("InvalidInputError")
        expect(yield* sentCount).toBe(before)
      }))
  })
}
