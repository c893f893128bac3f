/**
 * Benchmark 6: webhook verification, in process, no I/O. One typical delivery (an `InboundMessage` SMS as real
 * traffic sends it, with the delivery fields; about 600 bytes), measured three ways, interleaved in time slices over
 * rounds: the Ed25519 signature check alone (`node:crypto` `verify`), the receiver's `verify` (size, signature,
 * UTF-8 JSON, event decode, timestamp window), and its `accept` (the same plus the seen-id claim in the in-memory
 * store and the queue offer; the queue is drained between slices).
 *
 * @since 0.2.0
 */
import * as Webhooks from "@highlevel-effect/client/Webhooks"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto"
import { log, median, round } from "./Stats.js"

/**
 * How much to run: each measure runs for `sliceMs` (at most `maxIterations` deliveries) per round.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly warmupRounds: number
  readonly rounds: number
  readonly sliceMs: number
  readonly maxIterations: number
}

const event = (webhookId: string) => ({
  type: "InboundMessage",
  locationId: "l1C08ntBrFjLS0elLIYU",
  attachments: [],
  body: "Hi! Is the appointment on Thursday still on? I might be 10 minutes late.",
  contactId: "cI08i1Bls3iTB9bKgFJh",
  contentType: "text/plain",
  conversationId: "fcanlLgpbQgQhderivVs",
  dateAdded: new Date().toISOString(),
  direction: "inbound",
  messageType: "SMS",
  messageId: "tyW42xCD0HQpb3hhfLcx",
  status: "delivered",
  conversationProviderId: "cI08i1Bls3iTB9bKgF01",
  webhookId,
  timestamp: new Date().toISOString(),
  versionId: "6617d8fc9d1b5f2e7e1a0c11",
  appId: "6617d8fc9d1b5f2e7e1a0c00",
  messageTypeId: 2,
  messageTypeString: "TYPE_SMS"
})

// Operations per second of `f` over one slice, bounded in count and time.
const slice = (f: (i: number) => void, sliceMs: number, maxIterations: number): number => {
  const started = performance.now()
  let i = 0
  let now = started
  while (i < maxIterations && now - started < sliceMs) {
    f(i++)
    if ((i & 63) === 0) now = performance.now()
  }
  return i / ((performance.now() - started) / 1000)
}

/**
 * Runs the benchmark; the keys it returns go into `results.json`.
 *
 * @since 0.2.0
 * @category run
 */
export const run = (options: Options): Record<string, number> => {
  const keys = generateKeyPairSync("ed25519")
  const publicKey = keys.publicKey.export({ format: "pem", type: "spki" }).toString()
  const key = createPublicKey(publicKey)
  const scope = Effect.runSync(Scope.make())
  const receiver = Effect.runSync(
    Webhooks.make({ publicKey, queueCapacity: options.maxIterations + 1 }).pipe(Scope.extend(scope), Effect.orDie)
  )
  // Deliveries with distinct ids, signed up front, so `accept` never sees a replay.
  const count = options.maxIterations
  const deliveries = Array.from({ length: count }, (_, i) => {
    const body = new TextEncoder().encode(JSON.stringify(event(`bench-${i}`)))
    return { body, signature: sign(null, body, keys.privateKey).toString("base64") }
  })
  const first = deliveries[0]
  if (first === undefined) throw new Error("webhooks bench: no delivery")
  const signatureBytes = Buffer.from(first.signature, "base64")
  let accepted = 0
  const rates = { signature: [] as Array<number>, verify: [] as Array<number>, accept: [] as Array<number> }
  for (let round_ = 0; round_ < options.warmupRounds + options.rounds; round_++) {
    const keep = round_ >= options.warmupRounds
    const signature = slice(
      () => {
        if (!verify(null, first.body, key, signatureBytes)) throw new Error("webhooks bench: signature rejected")
      },
      options.sliceMs,
      options.maxIterations
    )
    const verified = slice(
      () => {
        if (!Exit.isSuccess(Effect.runSyncExit(receiver.verify(first)))) throw new Error("webhooks bench: refused")
      },
      options.sliceMs,
      options.maxIterations
    )
    // Each delivery is accepted once overall: a repeat would be a replay (409), another code path.
    const before = accepted
    const acceptRate = slice(
      () => {
        const delivery = deliveries[accepted++ % count]
        if (delivery === undefined || !Exit.isSuccess(Effect.runSyncExit(receiver.accept(delivery)))) {
          throw new Error("webhooks bench: accept refused")
        }
      },
      options.sliceMs,
      Math.max(0, count - accepted)
    )
    // Drain what was queued (the app's side), outside the timed slice.
    Effect.runSync(Stream.take(receiver.events, accepted - before).pipe(Stream.runDrain))
    if (keep) {
      rates.signature.push(signature)
      rates.verify.push(verified)
      if (Number.isFinite(acceptRate) && acceptRate > 0) rates.accept.push(acceptRate)
    }
  }
  Effect.runSync(Scope.close(scope, Exit.void))
  const result = {
    "webhooks.verify_per_s": Math.round(median(rates.verify)),
    "webhooks.signature_verify_per_s": Math.round(median(rates.signature)),
    "webhooks.accept_per_s": Math.round(median(rates.accept)),
    "webhooks.payload_bytes": first.body.byteLength,
    "webhooks.verify_us": round(1e6 / median(rates.verify), 1)
  }
  log(`webhooks: ${JSON.stringify(result)}`)
  return result
}
