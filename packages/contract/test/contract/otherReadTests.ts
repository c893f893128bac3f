/**
 * The contract of the other reads on every target (GET only, so the real API runs them too): get-message agrees with
 * the conversation's page, get-email-by-id returns an email's body, the location export walks every message once by
 * `nextCursor` with its filters holding, and the preference reads (custom subtypes, a contact's subscriptions) answer
 * for the location. Each with the errors a caller can cause (an unknown id, a `limit` the client refuses).
 */
import { describe, expect } from "@effect/vitest"
import type { Message } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import {
  type Capabilities,
  collect,
  type Conversations,
  epoch,
  failureOf,
  isOrdered,
  type It,
  unique,
  unknownId,
  withClient
} from "./support.js"
import { Target } from "./Target.js"

/** Registers these tests in the suite of one target. */
export const otherReadTests = (it: It, conversations: Conversations, capabilities: Capabilities) => {
  // A conversation whose first page holds messages: what get-message and the export filters are checked against.
  const withMessages = Effect.gen(function*() {
    for (const conversation of (yield* conversations.all).slice(0, 10)) {
      const page = yield* withClient((c) => c.messages.listPage(conversation.id, { limit: 20 }))
      if (page.messages.length > 0) return { conversation, page }
    }
    return yield* Effect.dieMessage("the target's location has no conversation with messages")
  })

  describe("get message", () => {
    it.effect("returns each message of a page as the page lists it", () =>
      Effect.gen(function*() {
        const { page } = yield* withMessages
        for (const listed of page.messages.slice(0, 3)) {
          const message = yield* withClient((c) => c.messages.get(listed.id))
          expect([message.id, message.conversationId, message.messageType, message.direction]).toEqual([
            listed.id,
            listed.conversationId,
            listed.messageType,
            listed.direction
          ])
        }
      }))

    it.effect("an unknown message id is a NotFoundError", () =>
      Effect.gen(function*() {
        const error = yield* failureOf(withClient((c) => c.messages.get(unknownId)))
        expect(error._tag).toBe("NotFoundError")
      }))
  })

  describe("export messages by location", () => {
    it.effect("a page holds messages of the location, newest first; paging by nextCursor repeats none", () =>
      Effect.gen(function*() {
        const { locationId } = yield* Target
        const first = yield* withClient((c) => c.messages.exportPage({ limit: 10 }))
        expect(first.messages.length).toBeGreaterThan(0)
        expect(first.messages.length).toBeLessThanOrEqual(10)
        expect(first.messages.every((message) => message.locationId === locationId)).toBe(true)
        expect(isOrdered(first.messages.map((message) => epoch(message.dateAdded)), "desc")).toBe(true)
        const walked = yield* withClient((c) => collect(c.messages.export({ limit: 10 }), 120))
        expect(unique(walked.map((message) => message.id))).toBe(true)
        expect(walked.slice(0, first.messages.length).map((message) => message.id)).toEqual(
          first.messages.map((message) => message.id)
        )
      }))

    it.effect("without a channel no email is exported; channel Email exports emails only", () =>
      Effect.gen(function*() {
        const all = yield* withClient((c) => collect(c.messages.export({ limit: 50 }), 100))
        expect(all.some((message) => message.messageType === "TYPE_EMAIL")).toBe(false)
        const emails = yield* withClient((c) => collect(c.messages.export({ limit: 10, channel: "Email" }), 30))
        expect(emails.every((message) => message.messageType === "TYPE_EMAIL")).toBe(true)
      }))

    it.effect("conversationId exports that conversation's messages: those get-messages lists, of the same types", () =>
      Effect.gen(function*() {
        const { conversation, page } = yield* withMessages
        const exported = yield* withClient((c) =>
          collect(c.messages.export({ limit: 100, conversationId: conversation.id }), 300)
        )
        expect(exported.every((message) => message.conversationId === conversation.id)).toBe(true)
        // get-messages lists emails too; the export leaves them out without `channel: "Email"`.
        const listed = page.messages.filter((message) => message.messageType !== "TYPE_EMAIL")
        const ids = new Set(exported.map((message) => message.id))
        if (!page.nextPage) expect(listed.every((message) => ids.has(message.id))).toBe(true)
      }))

    it.effect("a limit outside 10..500 fails before anything is sent", () =>
      Effect.gen(function*() {
        const { exchanges } = yield* Target
        const before = exchanges.length
        const error = yield* failureOf(withClient((c) => c.messages.exportPage({ limit: 5 })))
        expect(error._tag).toBe("InvalidInputError")
        expect(exchanges.length).toBe(before)
      }))
  })

  describe("get email by id", () => {
    it.effect("an exported email's thread id returns the email with its body; an unknown id is a NotFoundError", () =>
      Effect.gen(function*() {
        const [email] = yield* withClient((c) => collect(c.messages.export({ limit: 10, channel: "Email" }), 10))
        const emailId = (email satisfies Message.Message | undefined)?.meta?.email?.messageIds?.[0]
        if (capabilities.mock) expect(emailId).toBeDefined()
        if (email !== undefined && emailId !== undefined) {
          const read = yield* withClient((c) => c.messages.getEmail(emailId))
          expect([read.id, read.conversationId]).toEqual([emailId, email.conversationId])
          expect(read.body ?? "").not.toBe("")
        }
        const error = yield* failureOf(withClient((c) => c.messages.getEmail(unknownId)))
        expect(error._tag).toBe("NotFoundError")
      }))
  })

  describe("preferences (reads)", () => {
    it.effect("the custom subtypes listed are the location's", () =>
      Effect.gen(function*() {
        const { locationId } = yield* Target
        const subtypes = yield* withClient((c) => c.preferences.listCustomSubtypes())
        expect(subtypes.every((subtype) => subtype.locationId === undefined || subtype.locationId === locationId))
          .toBe(true)
        expect(unique(subtypes.map((subtype) => subtype.id))).toBe(true)
      }))

    it.effect("a contact's subscription statuses name that contact and each email once", () =>
      Effect.gen(function*() {
        const { conversation } = yield* withMessages
        const status = yield* withClient((c) =>
          c.preferences.unsubscriptionStatus({ contactId: conversation.contactId })
        )
        expect(status.contactId ?? conversation.contactId).toBe(conversation.contactId)
        expect(unique(status.statuses.map((entry) => entry.email.toLowerCase()))).toBe(true)
      }))

    it.effect("another location: ForbiddenError on the export, the custom subtypes and the statuses", () =>
      Effect.gen(function*() {
        const { otherLocationId } = yield* Target
        const { conversation } = yield* withMessages
        const tags = [
          (yield* failureOf(withClient((c) => c.messages.exportPage({ limit: 10, locationId: otherLocationId }))))._tag,
          (yield* failureOf(withClient((c) => c.preferences.listCustomSubtypes({ locationId: otherLocationId }))))._tag,
          (yield* failureOf(
            withClient((c) =>
              c.preferences.unsubscriptionStatus({ contactId: conversation.contactId, locationId: otherLocationId })
            )
          ))._tag
        ]
        expect(tags).toEqual(["ForbiddenError", "ForbiddenError", "ForbiddenError"])
      }))

    it.effect("an email that is not an address fails before anything is sent", () =>
      Effect.gen(function*() {
        const { exchanges } = yield* Target
        const before = exchanges.length
        const error = yield* failureOf(
          withClient((c) => c.preferences.unsubscriptionStatus({ contactId: unknownId, email: "not-an-email" }))
        )
        expect(error._tag).toBe("InvalidInputError")
        expect(exchanges.length).toBe(before)
      }))
  })
}
