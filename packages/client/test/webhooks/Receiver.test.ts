/**
 * The receiver's security rules, one refused delivery per rule, each with the status the handlers answer; and the one
 * delivery that is accepted, once. Time is the test clock, fixed at NOW.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import { generateKeyPairSync, sign } from "node:crypto"
import { statusOf } from "../../src/WebhookError.js"
import * as WebhookEvent from "../../src/WebhookEvent.js"
import * as Webhooks from "../../src/Webhooks.js"
import {
  bytesOf,
  inboundEvent,
  keys,
  NOW,
  otherKeys,
  publicKeyPem,
  receiver,
  signBytes,
  signedDelivery
} from "./support.js"

// The tag and status of the refusal of `delivery`, or "accepted".
const outcome = (service: Webhooks.Service, delivery: Webhooks.Delivery) =>
  service.accept(delivery).pipe(
    Effect.either,
    Effect.map(Either.match({ onLeft: (e) => [e._tag, statusOf(e)] as const, onRight: () => "accepted" as const }))
  )

describe("Webhooks receiver: what is refused, with which status", () => {
  it.scoped("a correctly signed, fresh event is accepted once and reaches the stream", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      expect(yield* outcome(service, signedDelivery())).toBe("accepted")
      const events = yield* Stream.take(service.events, 1).pipe(Stream.runCollect)
      const [event] = Chunk.toReadonlyArray(events)
      expect(event).toBeInstanceOf(WebhookEvent.InboundMessage)
      expect(event?.webhookId).toBe("wh-0001")
    }))

  it.scoped("the same valid delivery a second time is refused as a replay: 409", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      const delivery = signedDelivery()
      expect(yield* outcome(service, delivery)).toBe("accepted")
      expect(yield* outcome(service, delivery)).toEqual(["WebhookReplayed", 409])
    }))

  it.scoped("a replayed webhookId in a newly signed body is refused too: 409", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      expect(yield* outcome(service, signedDelivery())).toBe("accepted")
      expect(yield* outcome(service, signedDelivery(inboundEvent({ body: "other text" })))).toEqual([
        "WebhookReplayed",
        409
      ])
    }))

  it.scoped("a tampered body (one character changed after signing) is refused: 401 mismatch", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      const { body, signature } = signedDelivery()
      const tampered = bytesOf(inboundEvent({ body: "This is a test messagE" }))
      expect(tampered.byteLength).toBe(body.byteLength)
      expect(yield* outcome(service, { body: tampered, signature })).toEqual(["WebhookSignatureError", 401])
      const error = yield* Effect.flip(service.accept({ body: tampered, signature }))
      expect(error).toMatchObject({ _tag: "WebhookSignatureError", reason: "mismatch", header: "x-ghl-signature" })
    }))

  it.scoped("a body signed with another key is refused: 401", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      expect(yield* outcome(service, signedDelivery(inboundEvent(), otherKeys.privateKey))).toEqual([
        "WebhookSignatureError",
        401
      ])
    }))

  it.scoped("a missing, empty, truncated or non-base64 signature is refused: 401", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      const { body, signature } = signedDelivery()
      const cases = {
        missing: undefined,
        empty: "",
        truncated: signature.slice(0, 40),
        "truncated to valid base64 of 48 bytes": Buffer.from(signature, "base64").subarray(0, 48).toString("base64"),
        "not base64": "!!" + signature.slice(2),
        "base64url alphabet": signature.replaceAll("+", "-").replaceAll("/", "_") + "-_",
        "hex of the signature": Buffer.from(signature, "base64").toString("hex")
      }
      for (const [label, value] of Object.entries(cases)) {
        const error = yield* Effect.flip(service.accept({ body, signature: value }))
        expect([label, error._tag, statusOf(error)]).toEqual([label, "WebhookSignatureError", 401])
      }
      const reasons = yield* Effect.forEach(
        [undefined, signature.slice(0, 40), "!!" + signature.slice(2)],
        (value) => Effect.flip(service.accept({ body, signature: value }))
      )
      expect(reasons.map((e) => e._tag === "WebhookSignatureError" && e.reason)).toEqual([
        "missing",
        "malformed",
        "malformed"
      ])
    }))

  it.scoped("a timestamp older than the window (5 min + 1 ms) is refused as stale: 401", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      const stale = inboundEvent({ timestamp: new Date(NOW - 5 * 60_000 - 1).toISOString() })
      expect(yield* outcome(service, signedDelivery(stale))).toEqual(["WebhookStale", 401])
      const error = yield* Effect.flip(service.accept(signedDelivery(stale)))
      expect(error).toMatchObject({ reason: "stale" })
    }))

  it.scoped("a timestamp more than the window ahead is refused as future: 401", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      const future = inboundEvent({ timestamp: new Date(NOW + 5 * 60_000 + 1).toISOString() })
      const error = yield* Effect.flip(service.accept(signedDelivery(future)))
      expect([error._tag, statusOf(error)]).toEqual(["WebhookStale", 401])
      expect(error).toMatchObject({ reason: "future" })
    }))

  it.scoped("timestamps at the window's edges are accepted; the window is configurable", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      const edge = (offset: number, id: string) =>
        signedDelivery(inboundEvent({ webhookId: id, timestamp: new Date(NOW + offset).toISOString() }))
      expect(yield* outcome(service, edge(-5 * 60_000, "a"))).toBe("accepted")
      expect(yield* outcome(service, edge(5 * 60_000, "b"))).toBe("accepted")
      const strict = yield* receiver({ tolerance: "10 seconds" })
      expect(yield* outcome(strict, edge(-11_000, "c"))).toEqual(["WebhookStale", 401])
    }))

  it.scoped("a body over the size cap is refused before its signature is checked: 413", () =>
    Effect.gen(function*() {
      const service = yield* receiver({ maxBodyBytes: 1024 })
      const big = signedDelivery(inboundEvent({ body: "x".repeat(2000) }))
      expect(yield* outcome(service, big)).toEqual(["WebhookTooLarge", 413])
      expect(yield* outcome(service, { ...big, signature: undefined })).toEqual(["WebhookTooLarge", 413])
    }))

  it.scoped("a signed body that is not JSON, not UTF-8, or not an object is refused: 400", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      const bodies = [
        new TextEncoder().encode("type=InboundMessage&locationId=x"),
        new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        bytesOf([inboundEvent()]),
        bytesOf("InboundMessage"),
        bytesOf(null),
        new Uint8Array(0)
      ]
      for (const body of bodies) {
        const error = yield* Effect.flip(service.accept({ body, signature: signBytes(body) }))
        expect([error._tag, statusOf(error)]).toEqual(["WebhookInvalidEvent", 400])
      }
    }))

  it.scoped("a signed event without webhookId or timestamp is refused while replay protection is on: 400", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      const { timestamp: _t, ...noTimestamp } = inboundEvent()
      const { webhookId: _w, ...noId } = inboundEvent()
      for (const event of [noTimestamp, noId, inboundEvent({ timestamp: "not a date" })]) {
        const error = yield* Effect.flip(service.accept(signedDelivery(event)))
        expect([error._tag, statusOf(error)]).toEqual(["WebhookInvalidEvent", 400])
      }
      const open = yield* receiver({ replayProtection: false })
      expect(yield* outcome(open, signedDelivery(noId))).toBe("accepted")
      expect(yield* outcome(open, signedDelivery(noId))).toBe("accepted")
    }))

  it.scoped("a known event type missing a required field is refused: 400; an unknown type is accepted as UnknownEvent", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      const { locationId: _l, ...noLocation } = inboundEvent()
      expect(yield* outcome(service, signedDelivery(noLocation))).toEqual(["WebhookInvalidEvent", 400])
      const unknown = {
        type: "ContactCreate",
        locationId: "l1",
        id: "c1",
        webhookId: "wh-9",
        timestamp: new Date(NOW).toISOString()
      }
      const event = yield* service.accept(signedDelivery(unknown))
      expect(event).toBeInstanceOf(WebhookEvent.UnknownEvent)
      expect(event).toMatchObject({ type: "ContactCreate", webhookId: "wh-9", payload: unknown })
    }))

  it.scoped("a full queue answers 429 and forgets the id, so HighLevel's retry gets through once there is room", () =>
    Effect.gen(function*() {
      const service = yield* receiver({ queueCapacity: 1 })
      expect(yield* outcome(service, signedDelivery(inboundEvent({ webhookId: "first" })))).toBe("accepted")
      const second = signedDelivery(inboundEvent({ webhookId: "second" }))
      expect(yield* outcome(service, second)).toEqual(["WebhookQueueFull", 429])
      yield* Stream.take(service.events, 1).pipe(Stream.runDrain)
      expect(yield* outcome(service, second)).toBe("accepted")
    }))

  it.scoped("verify checks without queueing or remembering: the same delivery verifies twice, the stream stays empty", () =>
    Effect.gen(function*() {
      const service = yield* receiver()
      const delivery = signedDelivery()
      expect(yield* service.verify(delivery)).toBeInstanceOf(WebhookEvent.InboundMessage)
      expect(yield* service.verify(delivery)).toBeInstanceOf(WebhookEvent.InboundMessage)
      expect(yield* outcome(service, delivery)).toBe("accepted")
    }))
})

describe("Webhooks receiver: keys and the legacy RSA signature", () => {
  it.scoped("the public key is read as PEM, base64 or hex of the DER SPKI key, or base64 or hex of the raw key", () =>
    Effect.gen(function*() {
      const der = keys.publicKey.export({ format: "der", type: "spki" })
      const raw = der.subarray(der.byteLength - 32)
      const spellings = [
        publicKeyPem,
        der.toString("base64"),
        der.toString("hex"),
        raw.toString("base64"),
        raw.toString("hex")
      ]
      for (const [index, publicKey] of spellings.entries()) {
        const service = yield* receiver({ publicKey })
        expect([index, yield* outcome(service, signedDelivery())]).toEqual([index, "accepted"])
      }
    }))

  it.scoped("a key that is not an Ed25519 public key fails the receiver with WebhookOptionsError naming the field", () =>
    Effect.gen(function*() {
      const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "pem", type: "spki" })
      for (const publicKey of ["", "not a key", "abcd", rsa.toString()]) {
        const error = yield* Effect.flip(Webhooks.make({ publicKey }))
        expect(error).toMatchObject({ _tag: "WebhookOptionsError", field: "publicKey" })
      }
      const error = yield* Effect.flip(Webhooks.make({ publicKey: publicKeyPem, queueCapacity: 0 }))
      expect(error).toMatchObject({ _tag: "WebhookOptionsError", field: "queueCapacity" })
    }))

  it.scoped("x-wh-signature (RSA-SHA256) is ignored unless legacyRsa is on, and never replaces a bad Ed25519 one", () =>
    Effect.gen(function*() {
      const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 })
      const pem = rsa.publicKey.export({ format: "pem", type: "spki" }).toString()
      const body = bytesOf(inboundEvent())
      const legacySignature = sign("sha256", body, rsa.privateKey).toString("base64")
      const off = yield* receiver()
      expect(yield* outcome(off, { body, signature: undefined, legacySignature })).toEqual([
        "WebhookSignatureError",
        401
      ])
      const on = yield* receiver({ legacyRsa: pem })
      expect(yield* outcome(on, { body, signature: "AAAA", legacySignature })).toEqual(["WebhookSignatureError", 401])
      expect(yield* outcome(on, { body, signature: undefined, legacySignature: legacySignature.slice(4) })).toEqual([
        "WebhookSignatureError",
        401
      ])
      expect(yield* outcome(on, { body, signature: undefined, legacySignature })).toBe("accepted")
    }))

  it.scoped("legacyRsa: true uses the key HighLevel's docs publish (a signature of ours does not match it)", () =>
    Effect.gen(function*() {
      const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 })
      const body = bytesOf(inboundEvent())
      const legacySignature = sign("sha256", body, rsa.privateKey).toString("base64")
      const on = yield* receiver({ legacyRsa: true })
      const error = yield* Effect.flip(on.accept({ body, signature: undefined, legacySignature }))
      expect(error).toMatchObject({ _tag: "WebhookSignatureError", header: "x-wh-signature" })
    }))
})
