/** Keys, signed deliveries and a receiver on a fixed clock, for the webhook tests. */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto"
import * as Webhooks from "../../src/Webhooks.js"

/** The key pair HighLevel signs with, in the tests. */
export const keys = generateKeyPairSync("ed25519")
/** Another Ed25519 key pair: what an attacker signs with. */
export const otherKeys = generateKeyPairSync("ed25519")

/** The public key as the marketplace would show it (PEM). */
export const publicKeyPem = keys.publicKey.export({ format: "pem", type: "spki" }).toString()

/** The receiver's clock in the tests: 2026-12-02T12:00:00Z. */
export const NOW = Date.UTC(2026, 11, 2, 12, 0, 0)

/** A typical `InboundMessage` as real traffic sends it, with the undocumented delivery fields. */
export const inboundEvent = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: "InboundMessage",
  locationId: "l1C08ntBrFjLS0elLIYU",
  attachments: [],
  body: "This is a test message",
  contactId: "cI08i1Bls3iTB9bKgFJh",
  contentType: "text/plain",
  conversationId: "fcanlLgpbQgQhderivVs",
  dateAdded: "2026-12-02T11:59:58.750Z",
  direction: "inbound",
  messageType: "SMS",
  messageId: "tyW42xCD0HQpb3hhfLcx",
  status: "delivered",
  webhookId: "wh-0001",
  timestamp: new Date(NOW).toISOString(),
  versionId: "6617d8fc9d1b5f2e7e1a0c11",
  appId: "6617d8fc9d1b5f2e7e1a0c00",
  messageTypeString: "TYPE_SMS",
  ...overrides
})

/** The bytes of `value` as JSON. */
export const bytesOf = (value: unknown): Uint8Array<ArrayBuffer> => new TextEncoder().encode(JSON.stringify(value))

/** A base64 Ed25519 signature of `body`. */
export const signBytes = (body: Uint8Array, key: KeyObject = keys.privateKey): string =>
  sign(null, body, key).toString("base64")

/** A delivery of `event`, signed with `key`. */
export const signedDelivery = (
  event: unknown = inboundEvent(),
  key: KeyObject = keys.privateKey
): { readonly body: Uint8Array; readonly signature: string } => {
  const body = bytesOf(event)
  return { body, signature: signBytes(body, key) }
}

/** A receiver on the tests' key, with the test clock set to {@link NOW}. */
export const receiver = (
  options: Partial<Webhooks.Options> = {}
): Effect.Effect<Webhooks.Service, never, Scope.Scope> =>
  Effect.gen(function*() {
    yield* TestClock.setTime(NOW)
    return yield* Webhooks.make({ publicKey: publicKeyPem, ...options }).pipe(Effect.orDie)
  })
