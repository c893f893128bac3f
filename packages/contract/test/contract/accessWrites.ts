/**
 * On the mock: every one of the 29 operations, called through the client with a token that was never issued, fails
 * with UnauthorizedError `invalid_token`; with the location's read-only token every write the spec gives a scope to
 * fails with `missing_scope` (the preference writes declare none: a valid token of the location may call them). The
 * ids are well-formed but unknown: authentication comes before them.
 */
import { describe, expect } from "@effect/vitest"
import type { ConversationsClient } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type { Endpoint } from "../../src/PublishedSchemas.js"
import { endpoints, load } from "../../src/PublishedSchemas.js"
import { failureOf, type It, unknownId, withClient } from "./support.js"
import { badToken } from "./Target.js"
import { mockLocation } from "./writeSupport.js"

type Call = (client: ConversationsClient.Service) => Effect.Effect<unknown, unknown>

const bytes = new Uint8Array([1, 2, 3])

/** One client call per operation (the signed upload's PUT is no API operation: `initiate` and `complete` stand in). */
const calls = (contactId: string): Record<Endpoint, Call> => ({
  "search-conversation": (c) => c.conversations.searchPage({ limit: 1 }),
  "get-conversation": (c) => c.conversations.get(unknownId),
  "get-messages": (c) => c.messages.listPage(unknownId),
  "update-conversation": (c) => c.conversations.update(unknownId, { starred: true }),
  "delete-conversation": (c) => c.conversations.delete(unknownId),
  "get-all-custom-subtypes": (c) => c.preferences.listCustomSubtypes(),
  "create-custom-subtype": (c) => c.preferences.createCustomSubtype({ name: "x", channel: "sms", language: "en" }),
  "update-custom-subtype": (c) => c.preferences.updateCustomSubtype(unknownId, { name: "x" }),
  "get-contact-unsubscription-status": (c) => c.preferences.unsubscriptionStatus({ contactId }),
  "user-subscription-change": (c) =>
    c.preferences.changeSubscription({
      contactId,
      email: "ada@example.com",
      subscription_action: { type: "default", subtype_name: "One on One", subtype_status: "unsubscribed" }
    }),
  "get-email-by-id": (c) => c.messages.getEmail(unknownId),
  "cancel-scheduled-email-message": (c) => c.messages.cancelScheduledEmail(unknownId),
  "export-messages-by-location": (c) => c.messages.exportPage({ limit: 10 }),
  "get-message": (c) => c.messages.get(unknownId),
  "send-a-new-message": (c) => c.messages.send({ type: "SMS", contactId, message: "x" }),
  "add-an-inbound-message": (c) =>
    c.messages.addInbound({ type: "SMS", conversationId: unknownId, contactId, conversationProviderId: "p" }),
  "add-an-outbound-message": (c) =>
    c.messages.addOutbound({ type: "Call", conversationId: unknownId, conversationProviderId: "p" }),
  "send-review-reply": (c) => c.messages.reviewReply({ conversationId: unknownId, message: "x" }),
  "cancel-scheduled-message": (c) => c.messages.cancelScheduled(unknownId),
  "upload-file-attachments": (c) =>
    c.uploads.upload({ conversationId: unknownId, files: [{ filename: "a.txt", data: bytes }] }),
  "initiate-file-upload": (c) =>
    c.uploads.initiate({ conversationId: unknownId, channel: "SMS", filename: "a.txt", contentType: "text/plain" }),
  "complete-file-upload": (c) =>
    c.uploads.complete({ uploadId: "u1", filePath: "f1", conversationId: unknownId, filename: "a.txt" }),
  "update-message-status": (c) => c.messages.updateStatus(unknownId, { status: "read" }),
  "add-message-attachments": (c) => c.messages.addAttachments(unknownId, { attachments: ["https://example.com/a"] }),
  "get-message-recording": (c) =>
    Effect.scoped(Effect.flatMap(c.messages.recording(unknownId), (recording) => Stream.runDrain(recording.bytes))),
  "get-message-transcription": (c) => c.messages.transcription(unknownId),
  "download-message-transcription": (c) => c.messages.downloadTranscription(unknownId),
  "live-chat-agent-typing": (c) => c.liveChat.typing({ conversationId: unknownId, visitorId: "v1", isTyping: true }),
  "create-conversation": (c) => c.conversations.create({ contactId })
})

const reasonOf = (error: unknown): string =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === "UnauthorizedError" &&
    "reason" in error ?
    String(error.reason) :
    typeof error === "object" && error !== null && "_tag" in error ?
    String(error._tag) :
    String(error)

/** Registers these tests in the writes suite of one mock target. */
export const accessWrites = (it: It) => {
  describe("mock only: tokens and scopes, for every operation", () => {
    it.effect("a token that was never issued: UnauthorizedError invalid_token on each of the 29", () =>
      Effect.gen(function*() {
        const { location } = yield* mockLocation
        const table = calls(location.contactIds[0] ?? "")
        const reasons: Record<string, string> = {}
        for (const endpoint of endpoints) {
          reasons[endpoint] = reasonOf(yield* failureOf(withClient(table[endpoint], { token: badToken })))
        }
        expect(Object.keys(reasons).length).toBe(29)
        expect(Object.entries(reasons).filter(([, reason]) => reason !== "invalid_token")).toEqual([])
      }))

    it.effect("the read-only token: missing_scope on each write the spec scopes, none on the unscoped ones", () =>
      Effect.gen(function*() {
        const { location } = yield* mockLocation
        const table = calls(location.contactIds[0] ?? "")
        const token = Redacted.make(location.tokens.readOnly)
        const writes = endpoints.filter((endpoint) => load().endpoints[endpoint].method !== "GET")
        const scoped = writes.filter((endpoint) => load().endpoints[endpoint].scopes.length > 0)
        expect(scoped.length).toBe(14)
        const reasons = yield* Effect.forEach(
          scoped,
          (endpoint) =>
            Effect.map(
              failureOf(withClient(table[endpoint], { token })),
              (error) => [endpoint, reasonOf(error)] as const
            )
        )
        expect(reasons.filter(([, reason]) => reason !== "missing_scope")).toEqual([])
        // The preference writes declare no scope: the read-only token gets past authorization (what follows is the
        // operation's own answer: created, not found, changed). The order is the data file's.
        const unscoped = yield* Effect.forEach(
          writes.filter((endpoint) => !scoped.includes(endpoint)),
          (endpoint) =>
            Effect.map(
              Effect.either(withClient(table[endpoint], { token })),
              (exit) => [endpoint, exit._tag === "Left" ? reasonOf(exit.left) : "ok"] as const
            )
        )
        expect(unscoped).toEqual([
          ["create-custom-subtype", "ok"],
          ["update-custom-subtype", "NotFoundError"],
          ["user-subscription-change", "ok"],
          // The spec declares no security here; API-NOTES lists "cancel scheduled" under conversations/message.write.
          ["cancel-scheduled-email-message", "missing_scope"]
        ])
      }))
  })
}
