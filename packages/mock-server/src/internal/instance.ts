/**
 * One mock instance, wired: the store, auth, rate limiter, fault rules, journal and trace ids; the route table, the
 * router and the gateway over them; the msw handlers; and the typed control API. Every part is its own module;
 * this one only builds them and resets them together.
 *
 * @since 0.1.0
 * @internal
 */
import * as Schema from "effect/Schema"
import type { HttpHandler } from "msw"
import type * as MockControl from "../MockControl.js"
import * as MockFaults from "../MockFaults.js"
import type * as MockStore from "../MockStore.js"
import type * as MockWebhooks from "../MockWebhooks.js"
import { type Auth, derivedTokens, makeAuth } from "./auth.js"
import { FaultRules } from "./faults/rules.js"
import { makeGateway } from "./gateway.js"
import { type Dispatch, makeDispatch, makeHandlers } from "./handlers.js"
import { type Journal, makeJournal } from "./journal.js"
import { RateLimiter } from "./rateLimit.js"
import { makeRouter } from "./router.js"
import * as Blobs from "./routes/blobs.js"
import { makeControlApi } from "./routes/control.js"
import { makeRouteTable } from "./routes/table.js"
import * as WebhookRoutes from "./routes/webhooks.js"
import { makeClock, type MockClock } from "./store/clock.js"
import { type DatasetStore, makeDatasetStore, type Settings } from "./store/dataset.js"
import { makeEventHub, type StoreEventHub, type StoreEvents } from "./store/events.js"
import { type FileStore, type Limits, makeFileStore } from "./store/files.js"
import { makePreferencesStore, type PreferencesStore } from "./store/preferences.js"
import { makeStore } from "./store/readout.js"
import { makeReads, type Reads } from "./store/reads.js"
import { makeWrites, type Writes } from "./store/writes.js"
import { makeTraceIds, type TraceIds } from "./traceIds.js"
import { makeWebhooksHub } from "./webhooks/hub.js"

interface InstanceOptions {
  readonly settings: Settings
  readonly versions: ReadonlyArray<string>
  /** The one clock: rate limiter, journal, route handlers. Seeded data never reads it. */
  readonly now: () => number
  readonly journalLimit: number
  readonly oauth: { readonly clientId: string; readonly clientSecret: string }
  readonly baseUrl: string | undefined
  readonly uploadLimits: Limits
  /** Required on `/__mock/*` when set. */
  readonly controlToken: string | undefined
  /** Subscriptions at start and the delivery time scale. */
  readonly webhooks?: MockWebhooks.Options
}

interface Instance {
  readonly handlers: ReadonlyArray<HttpHandler>
  readonly control: MockControl.Control
  readonly store: MockStore.Store
  readonly locations: () => Array<MockControl.MockLocation>
  /** The primary location's full-scope token and id. */
  readonly credentials: () => { readonly token: string; readonly locationId: string }
  /**
   * What the handlers answer, without msw (`undefined`: not the mock's path). msw clones every request, parses its
   * cookies and creates, listens to and aborts an `AbortController` per request (a `DOMException` each time).
   * Measured in-process at 10k conversations, load average 8.7: Get Conversation 375 µs through msw's `getResponse`,
   * 196 µs direct; ~1.2 KB a request stayed alive until a FinalizationRegistry ran (promoted to the old space, most
   * of the mixed benchmark's scavenge time), ~40 B direct.
   */
  readonly dispatch: Dispatch
  /** Unknown routes outside the mount: the same 404 the API prefixes give. */
  readonly notFound: (request: Request) => Response
  /** The store's change events (webhook delivery subscribes here). */
  readonly events: StoreEvents
  /** Signing key, subscriptions, delivery faults and log; emits for every store write. */
  readonly webhooks: MockWebhooks.Control
}

/** The stateful parts of one instance. */
interface Parts {
  readonly dataset: DatasetStore
  readonly reads: Reads
  readonly auth: Auth
  readonly limiter: RateLimiter
  readonly faults: FaultRules
  readonly journal: Journal
  readonly traceIds: TraceIds
  readonly clock: MockClock
  readonly events: StoreEventHub
  readonly writes: Writes
  readonly preferences: PreferencesStore
  readonly files: FileStore
}

const makeParts = (options: InstanceOptions): Parts => {
  const dataset = makeDatasetStore(options.settings)
  const clock = makeClock(options.now)
  const events = makeEventHub()
  const reads = makeReads(dataset)
  // A write can change any search total: the cache starts over after each one.
  events.subscribe(() => reads.reset())
  return {
    dataset,
    reads,
    clock,
    events,
    writes: makeWrites(dataset.current, clock, events),
    auth: makeAuth(dataset.current()),
    limiter: new RateLimiter(dataset.settings().rateLimit, options.now),
    faults: new FaultRules(),
    journal: makeJournal(options.journalLimit, options.now),
    traceIds: makeTraceIds(() => dataset.settings().seed),
    preferences: makePreferencesStore(dataset.current()),
    files: makeFileStore(options.uploadLimits, () => dataset.settings().seed)
  }
}

/** What a reset or load starts over, besides the data set itself. */
const resetRuntime = (parts: Parts) => {
  parts.limiter.configure(parts.dataset.settings().rateLimit)
  parts.faults.clear()
  parts.journal.reset()
  parts.traceIds.reset()
  parts.reads.reset()
  parts.auth.reset(parts.dataset.current())
  parts.writes.reset()
  parts.clock.reset()
  parts.preferences.reset(parts.dataset.current())
  parts.files.reset()
  parts.events.emit({ _tag: "storeReset", time: parts.clock.now() })
}

/** A contact of a location's directory (contacts without a conversation included). */
const contactOf = (reads: Reads) => (locationId: string, contactId: string) => {
  const c = reads.contact(locationId, contactId)
  return c === undefined ? undefined : { contactId: c.id, email: c.email }
}

const locationsOf = ({ auth, dataset }: Parts) => (): Array<MockControl.MockLocation> =>
  dataset.current().locations.map((l, index) => ({
    locationId: l.locationId,
    companyId: l.companyId,
    name: l.name,
    tokens: { ...l.tokens, ...derivedTokens(dataset.current().seed, index) },
    providerId: l.providerId,
    contactIds: [...l.contacts.keys()],
    refreshToken: auth.refreshTokenOf(l),
    authorizationCode: l.authorizationCode,
    userIds: [...l.userIds],
    conversationIds: [...l.orderings.last_message_date.docs].reverse().map((c) => c.id)
  }))

const stateOf = ({ dataset, faults, journal, limiter }: Parts) => (): MockControl.MockState => {
  const settings = dataset.settings()
  const current = dataset.current()
  return {
    seed: settings.seed,
    scenario: settings.scenario,
    locations: current.locations.length,
    conversations: current.conversationCount,
    messages: current.messageCount,
    requests: journal.count(),
    faults: faults.report().filter((f) => f.remaining !== 0).length,
    messagesShape: settings.messagesShape,
    rateLimit: settings.rateLimit === false ? false : { ...settings.rateLimit },
    rateLimitByLocation: limiter.report()
  }
}

const controlOf = (parts: Parts): MockControl.Control => {
  const { auth, clock, dataset, faults, journal, writes } = parts
  return {
    reset: () => {
      dataset.reset()
      resetRuntime(parts)
    },
    load: (options) => {
      dataset.load(options)
      resetRuntime(parts)
    },
    setFaults: (rules) => faults.set(rules.map((r) => Schema.decodeUnknownSync(MockFaults.FaultRule)(r))),
    clearFaults: () => faults.clear(),
    faults: () => faults.report(),
    journal: () => journal.entries(),
    clearJournal: () => journal.clear(),
    state: stateOf(parts),
    expireToken: (token) => auth.expire(token),
    clock: () => clock.now(),
    setClock: (time) => {
      clock.set(time)
      writes.deliverDue()
    },
    advanceClock: (ms) => {
      clock.advance(ms)
      writes.deliverDue()
    }
  }
}

/** Builds an instance; throws a `RangeError` for sizes out of `MockScenario.limits`. @internal */
export const makeInstance = (options: InstanceOptions): Instance => {
  const parts = makeParts(options)
  const { auth, dataset, reads, writes } = parts
  const control = controlOf(parts)
  const locations = locationsOf(parts)
  const router = makeRouter(makeRouteTable({
    conversations: { ...reads, ...writes },
    messages: { ...reads, ...writes },
    oauth: { client: options.oauth, auth },
    preferences: { store: parts.preferences, contacts: { contact: contactOf(reads) }, now: parts.clock.now },
    liveChat: reads,
    uploads: { files: parts.files, conversation: reads.conversation, now: parts.clock.now },
    recordings: reads
  }))
  const gateway = makeGateway({
    ...parts,
    versions: options.versions,
    now: options.now,
    // Scheduled messages due by now go out before the request sees the store.
    beforeRequest: writes.deliverDue
  })
  const controlApi = makeControlApi({ ...control, locations }, options.controlToken)
  // Signed URLs expire on the data clock, which the control API moves.
  const blobs = Blobs.makeBlobs(parts.files, parts.clock.now)
  // The key comes from the seed the mock was made with (a later `load` of another seed keeps it: receivers stay
  // configured); `timestamp` is the wall clock, as receivers compare it with theirs.
  const webhooks = makeWebhooksHub({
    seed: options.settings.seed,
    now: options.now,
    options: options.webhooks ?? {},
    events: parts.events,
    store: { ...reads, ...writes, locations: () => dataset.current().locations }
  })
  const webhookRoutes = WebhookRoutes.guarded(webhooks.routes, options.controlToken)
  const handlerParts = {
    router,
    gateway,
    // Stored files and signed-URL uploads live under /__mock/ too, with no token (not even the control token: their
    // URLs are handed to clients as public): see routes/blobs.ts.
    control: (request: Request, path: string) =>
      (Blobs.ownsPath(path) ? blobs(request, path) : undefined) ??
        (WebhookRoutes.ownsPath(path) ? webhookRoutes(request, path) : undefined) ?? controlApi(request, path)
  }
  const dispatch = makeDispatch(handlerParts, options.baseUrl)
  return {
    handlers: makeHandlers(handlerParts, options.baseUrl, dispatch),
    dispatch,
    control,
    store: makeStore(dataset.current),
    locations,
    credentials: () => {
      const primary = dataset.current().locations[0]
      if (primary === undefined) throw new Error("the data set has no location")
      return { token: primary.tokens.full, locationId: primary.locationId }
    },
    notFound: gateway.notFound,
    events: parts.events,
    webhooks: {
      ...webhooks.delivery,
      publicKeyPem: webhooks.publicKeyPem,
      publicKeyBase64: webhooks.publicKeyBase64,
      close: webhooks.close
    }
  }
}
