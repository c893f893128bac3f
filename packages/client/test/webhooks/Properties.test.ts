/**
 * For any payload and any flipped byte, the receiver never accepts what was not signed as sent, and never throws: every
 * delivery ends as "accepted" or as one of the typed refusals.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Scope from "effect/Scope"
import { statusOf } from "../../src/WebhookError.js"
import * as Webhooks from "../../src/Webhooks.js"
import { bytesOf, inboundEvent, publicKeyPem, signBytes } from "./support.js"

const json: FastCheck.Arbitrary<unknown> = FastCheck.jsonValue({ maxDepth: 3 })

// Payloads near a real event (extra fields, random types) and anything at all.
const payload: FastCheck.Arbitrary<unknown> = FastCheck.oneof(
  json,
  FastCheck.record({ type: FastCheck.string(), extra: json }).map((fields) => inboundEvent(fields)),
  FastCheck.dictionary(FastCheck.string(), json).map((fields) => ({ ...inboundEvent(), ...fields }))
)

const statuses = new Set([400, 401, 409, 413, 429])

describe("Webhooks receiver: properties", () => {
  it.scoped("random payloads with one flipped byte (or a random signature) are never accepted; nothing throws", () =>
    Effect.gen(function*() {
      const service = yield* Webhooks.make({ publicKey: publicKeyPem, replayProtection: false }).pipe(Effect.orDie)
      const run = (delivery: Webhooks.Delivery) => Effect.runSyncExit(Effect.either(service.accept(delivery)))
      let checked = 0
      FastCheck.assert(
        FastCheck.property(
          payload,
          FastCheck.nat(),
          FastCheck.integer({ min: 1, max: 255 }),
          FastCheck.option(FastCheck.base64String({ minLength: 4, maxLength: 100 })),
          (value, position, mask, randomSignature) => {
            const body = bytesOf(value)
            const signature = signBytes(body)
            const flipped = Uint8Array.from(body)
            const at = position % flipped.length
            flipped[at] = (flipped[at] ?? 0) ^ mask
            const forged: Array<Webhooks.Delivery> = [
              { body: flipped, signature },
              { body, signature: randomSignature ?? undefined },
              { body, signature: flipSignature(signature, position, mask) }
            ]
            for (const delivery of forged) {
              const exit = run(delivery)
              // A defect (a throw inside the receiver) would be a failed exit, not a typed refusal.
              expect(exit._tag).toBe("Success")
              if (exit._tag === "Success") {
                expect(Either.isLeft(exit.value)).toBe(true)
                if (Either.isLeft(exit.value)) expect(statuses.has(statusOf(exit.value.left))).toBe(true)
              }
            }
            // The untouched delivery ends typed too: accepted, or refused as not an event (400).
            const exit = run({ body, signature })
            expect(exit._tag).toBe("Success")
            if (exit._tag === "Success" && Either.isLeft(exit.value)) expect(statusOf(exit.value.left)).toBe(400)
            checked++
          }
        ),
        { numRuns: 300, seed: 14 }
      )
      expect(checked).toBe(300)
    }))

  it.scoped("with replay protection on, each distinct webhookId is accepted once, whatever the order of repeats", () =>
    Effect.gen(function*() {
      const scope = yield* Effect.scope
      FastCheck.assert(
        FastCheck.property(FastCheck.array(FastCheck.integer({ min: 0, max: 9 }), { maxLength: 40 }), (ids) => {
          const service = Effect.runSync(
            Webhooks.make({ publicKey: publicKeyPem, queueCapacity: 100 }).pipe(Scope.extend(scope), Effect.orDie)
          )
          const accepted = ids.filter((id) => {
            // Effect.runSync runs on the real clock: the events are stamped now.
            const delivery = bytesOf(inboundEvent({ webhookId: `wh-${id}`, timestamp: new Date().toISOString() }))
            return Either.isRight(
              Effect.runSync(Effect.either(service.accept({ body: delivery, signature: signBytes(delivery) })))
            )
          })
          expect(accepted).toEqual([...new Set(ids)])
        }),
        { numRuns: 50, seed: 14 }
      )
    }))
})

const flipSignature = (signature: string, position: number, mask: number): string => {
  const bytes = Buffer.from(signature, "base64")
  const at = position % bytes.length
  bytes[at] = (bytes[at] ?? 0) ^ mask
  return bytes.toString("base64")
}
