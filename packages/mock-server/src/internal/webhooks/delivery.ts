/**
 * Webhook delivery: subscriptions, faults, signing and HighLevel's retry rule. An emitted event becomes one delivery
 * per matching subscription; each attempt is a POST with the body signed in `X-GHL-Signature`. A 429 is retried up
 * to 6 times, about 10 minutes apart (× 0.8–1.2 jitter, × `timeScale`); any other status or a transport error drops
 * the event, and the log says so.
 *
 * Each attempt of one delivery carries the same `webhookId` and a fresh `timestamp` (the time of the attempt), signed
 * anew: what HighLevel does on a retry is *unverified*, and a receiver with a 5-minute window would refuse a retry
 * stamped with the first attempt's time 10 minutes later.
 *
 * @since 0.2.0
 * @internal
 */
import type * as MockWebhooks from "../../MockWebhooks.js"
import * as Prng from "../prng.js"
import type { SigningKey } from "./keys.js"

/** One event to deliver: its type and location (for the filters) and its payload fields. @internal */
export interface OutgoingEvent {
  readonly type: string
  readonly locationId: string
  readonly payload: Readonly<Record<string, unknown>>
}

/** @internal */
export interface DeliveryOptions {
  readonly key: SigningKey
  readonly seed: number
  /** The wall clock of the mock (epoch ms): `timestamp` and the log's times. */
  readonly now: () => number
  readonly timeScale: number
  /** What sends the POST (default: the global `fetch`). */
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>
}

/** @internal */
export interface Delivery {
  readonly subscribe: (input: MockWebhooks.SubscriptionInput) => MockWebhooks.Subscription
  readonly unsubscribe: (id: string) => boolean
  readonly clearSubscriptions: () => void
  readonly subscriptions: () => ReadonlyArray<MockWebhooks.Subscription>
  readonly setFaults: (faults: ReadonlyArray<MockWebhooks.DeliveryFault>) => void
  readonly faults: () => ReadonlyArray<MockWebhooks.DeliveryFault>
  readonly emit: (event: OutgoingEvent) => void
  readonly deliveries: () => ReadonlyArray<MockWebhooks.DeliveryEntry>
  readonly clearDeliveries: () => void
  /** Resolves once nothing is in flight or waiting (bounded by `timeoutMs`); `false` if the bound was hit. */
  readonly idle: (timeoutMs: number) => Promise<boolean>
  /** Cancels every waiting attempt and aborts the ones in flight. */
  readonly close: () => void
}

/** HighLevel's retry rule: 6 retries of a 429, about 10 minutes apart. @internal */
export const retryPolicy = { retries: 6, intervalMs: 10 * 60_000, jitter: 0.2 } as const

// The log keeps the latest deliveries only: a long-running mock under load must not grow without bound.
const logLimit = 10_000
const attemptTimeoutMs = 10_000
const defaultHoldMs = 1000

interface Entry {
  id: number
  webhookId: string
  subscriptionId: string
  url: string
  type: string
  locationId: string
  outcome: MockWebhooks.DeliveryEntry["outcome"]
  attempts: Array<MockWebhooks.DeliveryAttempt>
  fault?: MockWebhooks.DeliveryFault["kind"]
  payload: Readonly<Record<string, unknown>>
}

interface ActiveFault {
  readonly fault: MockWebhooks.DeliveryFault
  remaining: number
}

const webhookIdOf = (seed: number, n: number): string => {
  // UUID-shaped like HighLevel's, deterministic per seed and sequence number.
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, "0")
  const a = hex(Prng.hash2(seed, n))
  const b = hex(Prng.hash2(n, seed ^ 0x5bd1e995))
  const c = hex(Prng.hash2(seed + 1, n * 31 + 7))
  const d = hex(Prng.hash2(n + 17, seed * 13))
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${(8 + (parseInt(c[0] ?? "0", 16) % 4)).toString(16)}${
    c.slice(1, 4)
  }-${c.slice(4)}${d}`
}

// One mock's deliveries: the subscriptions, the fault plan, the log, and the attempts with their timers. A class of
// small methods rather than one closure: the public members are arrow properties (the `Delivery` interface is used
// as a record of functions), the steps of a delivery private methods.
class DeliveryEngine implements Delivery {
  private readonly send: (url: string, init: RequestInit) => Promise<Response>
  private readonly jitter: Prng.Prng
  private subscriptionList: Array<MockWebhooks.Subscription> = []
  private subscriptionSeq = 0
  private faultPlan: Array<ActiveFault> = []
  private readonly log: Array<Entry> = []
  private deliverySeq = 0
  private eventSeq = 0
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private readonly controllers = new Set<AbortController>()
  private inFlight = 0
  private held: { entry: Entry; timer: ReturnType<typeof setTimeout> } | undefined
  private idleWaiters: Array<() => void> = []

  constructor(private readonly options: DeliveryOptions) {
    this.send = options.fetch ?? ((url, init) => fetch(url, init))
    this.jitter = Prng.make(options.seed, 0x77)
  }

  private busy(): boolean {
    return this.timers.size > 0 || this.inFlight > 0 || this.held !== undefined
  }

  private settle(): void {
    if (this.busy()) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  private later(ms: number, run: () => void): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      run()
      this.settle()
    }, ms)
    // A mock waiting to retry must not keep a test process or the CLI alive on its own.
    timer.unref?.()
    this.timers.add(timer)
    return timer
  }

  // What an answer means for the delivery: delivered, dropped (HighLevel retries only a 429), or retried later.
  private answered(entry: Entry, at: number, status: number): void {
    entry.attempts.push({ at, status })
    if (status >= 200 && status < 300) entry.outcome = "delivered"
    else if (status !== 429) entry.outcome = "failed"
    else if (entry.attempts.length > retryPolicy.retries) entry.outcome = "exhausted"
    else {
      const factor = 1 - retryPolicy.jitter + 2 * retryPolicy.jitter * this.jitter.float()
      this.later(retryPolicy.intervalMs * factor * this.options.timeScale, () => this.attempt(entry))
    }
  }

  private attempt(entry: Entry, onSettled?: () => void): void {
    const body = new TextEncoder().encode(JSON.stringify({
      ...entry.payload,
      webhookId: entry.webhookId,
      timestamp: new Date(this.options.now()).toISOString()
    }))
    const controller = new AbortController()
    const timeout = setTimeout(() => controller.abort(), attemptTimeoutMs)
    timeout.unref?.()
    this.controllers.add(controller)
    this.inFlight++
    const at = this.options.now()
    this.send(entry.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-ghl-signature": this.options.key.sign(body) },
      body,
      signal: controller.signal
    }).then(
      async (response) => {
        // Read the answer to the end so the connection can be reused.
        await response.arrayBuffer().catch(() => undefined)
        this.answered(entry, at, response.status)
      },
      (error: unknown) => {
        entry.attempts.push({ at, error: error instanceof Error ? error.message : String(error) })
        entry.outcome = "failed"
      }
    ).finally(() => {
      clearTimeout(timeout)
      this.controllers.delete(controller)
      this.inFlight--
      onSettled?.()
      this.settle()
    })
  }

  private record(entry: Entry): void {
    this.log.push(entry)
    if (this.log.length > logLimit) this.log.splice(0, this.log.length - logLimit)
  }

  // Sends the held event (only `which`, if named: it may have been released and another one held since).
  private releaseHeld(which?: Entry): void {
    const held = this.held
    if (held === undefined || (which !== undefined && held.entry !== which)) return
    clearTimeout(held.timer)
    this.timers.delete(held.timer)
    this.held = undefined
    this.attempt(held.entry)
  }

  private takeFault(): MockWebhooks.DeliveryFault | undefined {
    const active = this.faultPlan.find((f) => f.remaining > 0)
    if (active === undefined) return undefined
    active.remaining--
    return active.fault
  }

  private hold(entry: Entry, fault: MockWebhooks.DeliveryFault): void {
    this.releaseHeld()
    const timer = this.later(fault.delayMs ?? defaultHoldMs, () => {
      this.held = undefined
      this.attempt(entry)
    })
    this.held = { entry, timer }
  }

  private dispatch(entry: Entry, fault: MockWebhooks.DeliveryFault | undefined): void {
    if (fault !== undefined) entry.fault = fault.kind
    if (fault?.kind !== "drop") this.record(entry)
    switch (fault?.kind) {
      case "drop":
        entry.outcome = "dropped"
        return this.record(entry)
      case "delay":
        this.later(fault.delayMs ?? defaultHoldMs, () => this.attempt(entry))
        return
      case "duplicate": {
        const copy: Entry = { ...entry, id: ++this.deliverySeq, attempts: [] }
        this.record(copy)
        this.attempt(entry)
        return this.attempt(copy)
      }
      case "outOfOrder":
        return this.hold(entry, fault)
      default: {
        // An event held back goes out once the one that overtook it was answered: sent at once, the two would race
        // and the receiver could still see them in order.
        const overtaken = this.held?.entry
        this.attempt(entry, overtaken === undefined ? undefined : () => this.releaseHeld(overtaken))
      }
    }
  }

  readonly subscribe = (input: MockWebhooks.SubscriptionInput): MockWebhooks.Subscription => {
    const subscription: MockWebhooks.Subscription = { ...input, id: `sub_${++this.subscriptionSeq}` }
    this.subscriptionList = [...this.subscriptionList, subscription]
    return subscription
  }

  readonly unsubscribe = (id: string): boolean => {
    const before = this.subscriptionList.length
    this.subscriptionList = this.subscriptionList.filter((s) => s.id !== id)
    return this.subscriptionList.length < before
  }

  readonly clearSubscriptions = (): void => {
    this.subscriptionList = []
  }

  readonly subscriptions = (): ReadonlyArray<MockWebhooks.Subscription> => this.subscriptionList

  readonly setFaults = (next: ReadonlyArray<MockWebhooks.DeliveryFault>): void => {
    this.faultPlan = next.map((fault) => ({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY }))
  }

  readonly faults = (): ReadonlyArray<MockWebhooks.DeliveryFault> =>
    this.faultPlan.filter((f) => f.remaining > 0).map((f) => f.fault)

  readonly emit = (event: OutgoingEvent): void => {
    const subscriptions = this.subscriptionList
    const matching = subscriptions.filter((s) =>
      (s.locationId === undefined || s.locationId === event.locationId) &&
      (s.events === undefined || s.events.includes(event.type))
    )
    if (matching.length === 0) return
    const n = ++this.eventSeq
    for (const subscription of matching) {
      // One webhookId per event and subscription: what one receiver sees twice is a duplicate, not a fan-out.
      const entry: Entry = {
        id: ++this.deliverySeq,
        webhookId: webhookIdOf(this.options.seed, n * 1024 + subscriptions.indexOf(subscription)),
        subscriptionId: subscription.id,
        url: subscription.url,
        type: event.type,
        locationId: event.locationId,
        outcome: "pending",
        attempts: [],
        payload: event.payload
      }
      this.dispatch(entry, this.takeFault())
    }
  }

  readonly deliveries = (): ReadonlyArray<MockWebhooks.DeliveryEntry> =>
    this.log.map(({ payload: _payload, ...entry }) => ({ ...entry, attempts: [...entry.attempts] }))

  readonly clearDeliveries = (): void => {
    this.log.length = 0
  }

  readonly idle = (timeoutMs: number): Promise<boolean> =>
    this.busy()
      ? new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs)
        this.idleWaiters.push(() => {
          clearTimeout(timer)
          resolve(true)
        })
      })
      : Promise.resolve(true)

  readonly close = (): void => {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    this.held = undefined
    for (const controller of this.controllers) controller.abort()
    this.settle()
  }
}

/** @internal */
export const makeDelivery = (options: DeliveryOptions): Delivery => new DeliveryEngine(options)
