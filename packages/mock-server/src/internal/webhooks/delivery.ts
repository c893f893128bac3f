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

/** @internal */
export const makeDelivery = (options: DeliveryOptions): Delivery => {
  const send = options.fetch ?? ((url, init) => fetch(url, init))
  const jitter = Prng.make(options.seed, 0x77)
  let subscriptions: Array<MockWebhooks.Subscription> = []
  let subscriptionSeq = 0
  let faults: Array<ActiveFault> = []
  const log: Array<Entry> = []
  let deliverySeq = 0
  let eventSeq = 0
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const controllers = new Set<AbortController>()
  let inFlight = 0
  let held: { entry: Entry; timer: ReturnType<typeof setTimeout> } | undefined
  let idleWaiters: Array<() => void> = []

  const busy = () => timers.size > 0 || inFlight > 0 || held !== undefined
  const settle = () => {
    if (busy()) return
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      run()
      settle()
    }, ms)
    // A mock waiting to retry must not keep a test process or the CLI alive on its own.
    timer.unref?.()
    timers.add(timer)
    return timer
  }

  const attempt = (entry: Entry, onSettled?: () => void) => {
    const body = new TextEncoder().encode(JSON.stringify({
      ...entry.payload,
      webhookId: entry.webhookId,
      timestamp: new Date(options.now()).toISOString()
    }))
    const controller = new AbortController()
    const timeout = setTimeout(() => controller.abort(), attemptTimeoutMs)
    timeout.unref?.()
    controllers.add(controller)
    inFlight++
    const at = options.now()
    send(entry.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-ghl-signature": options.key.sign(body) },
      body,
      signal: controller.signal
    }).then(
      async (response) => {
        // Read the answer to the end so the connection can be reused.
        await response.arrayBuffer().catch(() => undefined)
        entry.attempts.push({ at, status: response.status })
        if (response.status >= 200 && response.status < 300) entry.outcome = "delivered"
        else if (response.status !== 429) entry.outcome = "failed"
        else if (entry.attempts.length > retryPolicy.retries) entry.outcome = "exhausted"
        else {
          const factor = 1 - retryPolicy.jitter + 2 * retryPolicy.jitter * jitter.float()
          later(retryPolicy.intervalMs * factor * options.timeScale, () => attempt(entry))
        }
      },
      (error: unknown) => {
        entry.attempts.push({ at, error: error instanceof Error ? error.message : String(error) })
        entry.outcome = "failed"
      }
    ).finally(() => {
      clearTimeout(timeout)
      controllers.delete(controller)
      inFlight--
      onSettled?.()
      settle()
    })
  }

  const record = (entry: Entry) => {
    log.push(entry)
    if (log.length > logLimit) log.splice(0, log.length - logLimit)
  }

  // Sends the held event (only `which`, if named: it may have been released and another one held since).
  const releaseHeld = (which?: Entry) => {
    if (held === undefined || (which !== undefined && held.entry !== which)) return
    const { entry, timer } = held
    clearTimeout(timer)
    timers.delete(timer)
    held = undefined
    attempt(entry)
  }

  const takeFault = (): MockWebhooks.DeliveryFault | undefined => {
    const active = faults.find((f) => f.remaining > 0)
    if (active === undefined) return undefined
    active.remaining--
    return active.fault
  }

  const dispatch = (entry: Entry, fault: MockWebhooks.DeliveryFault | undefined) => {
    if (fault !== undefined) entry.fault = fault.kind
    switch (fault?.kind) {
      case "drop":
        entry.outcome = "dropped"
        record(entry)
        return
      case "delay":
        record(entry)
        later(fault.delayMs ?? defaultHoldMs, () => attempt(entry))
        return
      case "duplicate": {
        record(entry)
        const copy: Entry = { ...entry, id: ++deliverySeq, attempts: [] }
        record(copy)
        attempt(entry)
        attempt(copy)
        return
      }
      case "outOfOrder": {
        record(entry)
        releaseHeld()
        const timer = later(fault.delayMs ?? defaultHoldMs, () => {
          held = undefined
          attempt(entry)
        })
        held = { entry, timer }
        return
      }
      default: {
        record(entry)
        // An event held back goes out once the one that overtook it was answered: sent at once, the two would race
        // and the receiver could still see them in order.
        const overtaken = held?.entry
        attempt(entry, overtaken === undefined ? undefined : () => releaseHeld(overtaken))
      }
    }
  }

  return {
    subscribe: (input) => {
      const subscription: MockWebhooks.Subscription = { ...input, id: `sub_${++subscriptionSeq}` }
      subscriptions = [...subscriptions, subscription]
      return subscription
    },
    unsubscribe: (id) => {
      const before = subscriptions.length
      subscriptions = subscriptions.filter((s) => s.id !== id)
      return subscriptions.length < before
    },
    clearSubscriptions: () => {
      subscriptions = []
    },
    subscriptions: () => subscriptions,
    setFaults: (next) => {
      faults = next.map((fault) => ({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY }))
    },
    faults: () => faults.filter((f) => f.remaining > 0).map((f) => f.fault),
    emit: (event) => {
      const matching = subscriptions.filter((s) =>
        (s.locationId === undefined || s.locationId === event.locationId) &&
        (s.events === undefined || s.events.includes(event.type))
      )
      if (matching.length === 0) return
      const n = ++eventSeq
      for (const subscription of matching) {
        // One webhookId per event and subscription: what one receiver sees twice is a duplicate, not a fan-out.
        const entry: Entry = {
          id: ++deliverySeq,
          webhookId: webhookIdOf(options.seed, n * 1024 + subscriptions.indexOf(subscription)),
          subscriptionId: subscription.id,
          url: subscription.url,
          type: event.type,
          locationId: event.locationId,
          outcome: "pending",
          attempts: [],
          payload: event.payload
        }
        dispatch(entry, takeFault())
      }
    },
    deliveries: () => log.map(({ payload: _payload, ...entry }) => ({ ...entry, attempts: [...entry.attempts] })),
    clearDeliveries: () => {
      log.length = 0
    },
    idle: (timeoutMs) =>
      busy()
        ? new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), timeoutMs)
          idleWaiters.push(() => {
            clearTimeout(timer)
            resolve(true)
          })
        })
        : Promise.resolve(true),
    close: () => {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      held = undefined
      for (const controller of controllers) controller.abort()
      settle()
    }
  }
}
