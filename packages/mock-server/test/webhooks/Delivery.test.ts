/**
 * The delivery engine alone, over a scripted `fetch`: signing with the seed's key, subscriptions and their filters,
 * HighLevel's retry rule (429 only, 6 retries, ~10 min × timeScale apart), and each delivery fault. The waits are
 * scaled to milliseconds; every wait in a test is bounded (`idle(10_000)`).
 */
import { describe, expect, it } from "@effect/vitest"
import { createPublicKey, verify } from "node:crypto"
import { type Delivery, makeDelivery, type OutgoingEvent, retryPolicy } from "../../src/internal/webhooks/delivery.js"
import { signingKeyFromSeed } from "../../src/internal/webhooks/keys.js"

interface Sent {
  readonly url: string
  readonly body: Record<string, unknown>
  readonly raw: Uint8Array
  readonly signature: string
}

// A scripted receiver: answers each POST with the next status of `statuses` (the last one repeats).
const scripted = (statuses: ReadonlyArray<number | "error">) => {
  const sent: Array<Sent> = []
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const raw = init.body as Uint8Array
    const headers = new Headers(init.headers)
    sent.push({
      url,
      raw,
      body: JSON.parse(new TextDecoder().decode(raw)),
      signature: headers.get("x-ghl-signature") ?? ""
    })
    const status = statuses[Math.min(sent.length - 1, statuses.length - 1)] ?? 200
    if (status === "error") throw new Error("connect ECONNREFUSED")
    return new Response(status === 204 ? null : "{}", { status })
  }
  return { sent, fetch }
}

const key = signingKeyFromSeed(42)

const engine = (statuses: ReadonlyArray<number | "error">, timeScale = 0.00001) => {
  const receiver = scripted(statuses)
  const delivery = makeDelivery({ key, seed: 42, now: () => Date.now(), timeScale, fetch: receiver.fetch })
  return { delivery, sent: receiver.sent }
}

const event = (n: number, type = "InboundMessage", locationId = "loc1"): OutgoingEvent => ({
  type,
  locationId,
  payload: { type, locationId, messageId: `m${n}` }
})

const settle = async (delivery: Delivery) => {
  expect(await delivery.idle(10_000)).toBe(true)
}

describe("webhook signing key", () => {
  it("is derived from the seed: the same seed gives the same key, another seed another", () => {
    expect(signingKeyFromSeed(42).publicKeyPem).toBe(key.publicKeyPem)
    expect(signingKeyFromSeed(43).publicKeyPem).not.toBe(key.publicKeyPem)
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/)
    // The base64 DER form is the same key as the PEM.
    const fromDer = createPublicKey({ key: Buffer.from(key.publicKeyBase64, "base64"), format: "der", type: "spki" })
    expect(fromDer.export({ format: "pem", type: "spki" })).toBe(key.publicKeyPem)
  })

  it("signs each attempt's exact bytes (Ed25519, base64)", async () => {
    const { delivery, sent } = engine([200])
    delivery.subscribe({ url: "http://127.0.0.1:9/hook" })
    delivery.emit(event(1))
    await settle(delivery)
    const [first] = sent
    expect(first && verify(null, first.raw, createPublicKey(key.publicKeyPem), Buffer.from(first.signature, "base64")))
      .toBe(true)
    expect(first?.body).toMatchObject({ type: "InboundMessage", messageId: "m1" })
    expect(typeof first?.body["webhookId"]).toBe("string")
    expect(Number.isNaN(Date.parse(String(first?.body["timestamp"])))).toBe(false)
  })
})

describe("webhook subscriptions", () => {
  it("deliver every event of every location, or only a location's, or only some types", async () => {
    const { delivery, sent } = engine([200])
    delivery.subscribe({ url: "http://a/all" })
    delivery.subscribe({ url: "http://a/loc2", locationId: "loc2" })
    delivery.subscribe({ url: "http://a/unread", events: ["ConversationUnreadUpdate"] })
    delivery.emit(event(1))
    delivery.emit(event(2, "InboundMessage", "loc2"))
    delivery.emit(event(3, "ConversationUnreadUpdate"))
    await settle(delivery)
    const by = (url: string) => sent.filter((s) => s.url === url).map((s) => s.body["messageId"])
    expect(by("http://a/all")).toEqual(["m1", "m2", "m3"])
    expect(by("http://a/loc2")).toEqual(["m2"])
    expect(by("http://a/unread")).toEqual(["m3"])
    expect(delivery.deliveries().every((d) => d.outcome === "delivered")).toBe(true)
  })

  it("an unsubscribed URL gets nothing; with no subscription an event is not logged", async () => {
    const { delivery, sent } = engine([200])
    const sub = delivery.subscribe({ url: "http://a/x" })
    expect(delivery.unsubscribe(sub.id)).toBe(true)
    expect(delivery.unsubscribe(sub.id)).toBe(false)
    delivery.emit(event(1))
    await settle(delivery)
    expect(sent).toEqual([])
    expect(delivery.deliveries()).toEqual([])
  })
})

describe("webhook delivery: HighLevel's retry rule", () => {
  it("a 2xx is delivered in one attempt", async () => {
    const { delivery } = engine([204])
    delivery.subscribe({ url: "http://a/x" })
    delivery.emit(event(1))
    await settle(delivery)
    expect(delivery.deliveries().map((d) => [d.outcome, d.attempts.map((a) => a.status)])).toEqual([
      ["delivered", [204]]
    ])
  })

  it("a 429 is retried with the same webhookId and a fresh signature, until a 2xx", async () => {
    const { delivery, sent } = engine([429, 429, 200])
    delivery.subscribe({ url: "http://a/x" })
    delivery.emit(event(1))
    await settle(delivery)
    expect(delivery.deliveries()[0]?.attempts.map((a) => a.status)).toEqual([429, 429, 200])
    expect(new Set(sent.map((s) => s.body["webhookId"])).size).toBe(1)
    expect(delivery.deliveries()[0]?.outcome).toBe("delivered")
  })

  it("a receiver answering 429 forever gets 1 + 6 attempts, then the event is given up (exhausted)", async () => {
    const { delivery, sent } = engine([429])
    delivery.subscribe({ url: "http://a/x" })
    delivery.emit(event(1))
    await settle(delivery)
    expect(sent).toHaveLength(1 + retryPolicy.retries)
    expect(delivery.deliveries()[0]?.outcome).toBe("exhausted")
  })

  it("any other failure (500, 503, 400, a transport error) drops the event after one attempt", async () => {
    for (const status of [500, 503, 400, "error"] as const) {
      const { delivery, sent } = engine([status])
      delivery.subscribe({ url: "http://a/x" })
      delivery.emit(event(1))
      await settle(delivery)
      expect([status, sent.length, delivery.deliveries()[0]?.outcome]).toEqual([status, 1, "failed"])
    }
    const { delivery } = engine(["error"])
    delivery.subscribe({ url: "http://a/x" })
    delivery.emit(event(1))
    await settle(delivery)
    expect(delivery.deliveries()[0]?.attempts[0]?.error).toMatch(/ECONNREFUSED/)
  })

  it("the retry waits ~10 minutes × timeScale: at scale 1 nothing is retried within the test", async () => {
    const { delivery, sent } = engine([429], 1)
    delivery.subscribe({ url: "http://a/x" })
    delivery.emit(event(1))
    expect(await delivery.idle(200)).toBe(false)
    expect(sent).toHaveLength(1)
    expect(delivery.deliveries()[0]?.outcome).toBe("pending")
    delivery.close()
    expect(await delivery.idle(1000)).toBe(true)
  })
})

describe("webhook delivery faults", () => {
  it("drop: the next event is never sent and logged as dropped; the one after goes out", async () => {
    const { delivery, sent } = engine([200])
    delivery.subscribe({ url: "http://a/x" })
    delivery.setFaults([{ kind: "drop", times: 1 }])
    delivery.emit(event(1))
    delivery.emit(event(2))
    await settle(delivery)
    expect(sent.map((s) => s.body["messageId"])).toEqual(["m2"])
    expect(delivery.deliveries().map((d) => [d.outcome, d.fault])).toEqual([["dropped", "drop"], [
      "delivered",
      undefined
    ]])
    expect(delivery.faults()).toEqual([])
  })

  it("duplicate: the event is sent twice with one webhookId", async () => {
    const { delivery, sent } = engine([200])
    delivery.subscribe({ url: "http://a/x" })
    delivery.setFaults([{ kind: "duplicate", times: 1 }])
    delivery.emit(event(1))
    await settle(delivery)
    expect(sent.map((s) => s.body["messageId"])).toEqual(["m1", "m1"])
    expect(sent[0]?.body["webhookId"]).toBe(sent[1]?.body["webhookId"])
    expect(delivery.deliveries()).toHaveLength(2)
  })

  it("outOfOrder: the held event goes out once the next one was answered", async () => {
    const { delivery, sent } = engine([200])
    delivery.subscribe({ url: "http://a/x" })
    delivery.setFaults([{ kind: "outOfOrder", times: 1 }])
    delivery.emit(event(1))
    delivery.emit(event(2))
    // Emitted while m2 is in flight: m3 goes out before m1, which waits for m2's answer.
    delivery.emit(event(3))
    await settle(delivery)
    expect(sent.map((s) => s.body["messageId"])).toEqual(["m2", "m3", "m1"])
  })

  it("outOfOrder with no later event: the held event goes out after delayMs", async () => {
    const { delivery, sent } = engine([200])
    delivery.subscribe({ url: "http://a/x" })
    delivery.setFaults([{ kind: "outOfOrder", times: 1, delayMs: 5 }])
    delivery.emit(event(1))
    await settle(delivery)
    expect(sent.map((s) => s.body["messageId"])).toEqual(["m1"])
  })

  it("delay: the event goes out after delayMs, later events are not held behind it", async () => {
    const { delivery, sent } = engine([200])
    delivery.subscribe({ url: "http://a/x" })
    delivery.setFaults([{ kind: "delay", times: 1, delayMs: 30 }])
    delivery.emit(event(1))
    delivery.emit(event(2))
    await settle(delivery)
    expect(sent.map((s) => s.body["messageId"])).toEqual(["m2", "m1"])
    expect(delivery.deliveries().find((d) => d.fault === "delay")?.outcome).toBe("delivered")
  })

  it("a fault without times applies to every event until cleared", async () => {
    const { delivery, sent } = engine([200])
    delivery.subscribe({ url: "http://a/x" })
    delivery.setFaults([{ kind: "drop" }])
    delivery.emit(event(1))
    delivery.emit(event(2))
    expect(delivery.faults()).toEqual([{ kind: "drop" }])
    delivery.setFaults([])
    delivery.emit(event(3))
    await settle(delivery)
    expect(sent.map((s) => s.body["messageId"])).toEqual(["m3"])
  })
})
