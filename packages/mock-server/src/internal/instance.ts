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
import { type Auth, makeAuth } from "./auth.js"
import { FaultRules } from "./faults/rules.js"
import { makeGateway } from "./gateway.js"
import { makeHandlers } from "./handlers.js"
import { type Journal, makeJournal } from "./journal.js"
import { RateLimiter } from "./rateLimit.js"
import { makeRouter } from "./router.js"
import * as Blobs from "./routes/blobs.js"
import { makeControlApi } from "./routes/control.js"
import { makeRouteTable } from "./routes/table.js"
import { type DatasetStore, makeDatasetStore, type Settings } from "./store/dataset.js"
import { type FileStore, type Limits, makeFileStore } from "./store/files.js"
import { makePreferencesStore, type PreferencesStore } from "./store/preferences.js"
import { makeStore } from "./store/readout.js"
import { makeReads, type Reads } from "./store/reads.js"
import { makeTraceIds, type TraceIds } from "./traceIds.js"

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
}

interface Instance {
  readonly handlers: ReadonlyArray<HttpHandler>
  readonly control: MockControl.Control
  readonly store: MockStore.Store
  readonly locations: () => Array<MockControl.MockLocation>
  /** The primary location's full-scope token and id. */
  readonly credentials: () => { readonly token: string; readonly locationId: string }
  /** Unknown routes outside the mount: the same 404 the API prefixes give. */
  readonly notFound: (request: Request) => Response
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
  readonly preferences: PreferencesStore
  readonly files: FileStore
}

const makeParts = (options: InstanceOptions): Parts => {
  const dataset = makeDatasetStore(options.settings)
  return {
    dataset,
    reads: makeReads(dataset),
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
  parts.preferences.reset(parts.dataset.current())
  parts.files.reset()
}

/** A contact of a location, looked up through its conversations. */
const contactOf = (reads: Reads) => (locationId: string, contactId: string) => {
  const c = reads.location(locationId)?.conversations.find((c) => c.contactId === contactId)
  return c === undefined ? undefined : { contactId: c.contactId, email: c.email }
}

const locationsOf = ({ auth, dataset }: Parts) => (): Array<MockControl.MockLocation> =>
  dataset.current().locations.map((l) => ({
    locationId: l.locationId,
    companyId: l.companyId,
    name: l.name,
    tokens: { ...l.tokens },
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
  const { auth, dataset, faults, journal } = parts
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
    expireToken: (token) => auth.expire(token)
  }
}

/** Builds an instance; throws a `RangeError` for sizes out of `MockScenario.limits`. @internal */
export const makeInstance = (options: InstanceOptions): Instance => {
  const parts = makeParts(options)
  const { auth, dataset, reads } = parts
  const control = controlOf(parts)
  const locations = locationsOf(parts)
  const router = makeRouter(makeRouteTable({
    conversations: reads,
    messages: reads,
    oauth: { client: options.oauth, auth },
    preferences: { store: parts.preferences, contacts: { contact: contactOf(reads) } },
    liveChat: reads,
    uploads: { files: parts.files, conversation: reads.conversation },
    recordings: reads
  }))
  const gateway = makeGateway({ ...parts, versions: options.versions, now: options.now })
  const controlApi = makeControlApi({ ...control, locations }, options.controlToken)
  const blobs = Blobs.makeBlobs(parts.files, options.now)
  const handlers = makeHandlers(
    {
      router,
      gateway,
      // Stored files and signed-URL uploads live under /__mock/ too, with no token (not even the control token:
      // their URLs are handed to clients as public): see routes/blobs.ts.
      control: (request, path) => (Blobs.ownsPath(path) ? blobs(request, path) : undefined) ?? controlApi(request, path)
    },
    options.baseUrl
  )
  return {
    handlers,
    control,
    store: makeStore(dataset.current),
    locations,
    credentials: () => {
      const primary = dataset.current().locations[0]
      if (primary === undefined) throw new Error("the data set has no location")
      return { token: primary.tokens.full, locationId: primary.locationId }
    },
    notFound: gateway.notFound
  }
}
