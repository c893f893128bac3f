/**
 * An in-memory, seeded mock of the HighLevel Conversations API: msw handlers for in-process use, the data it serves,
 * its tokens, and a typed control API (reset, load, faults, journal, state).
 *
 * @example
 * import { HighLevelMock } from "@highlevel-effect/mock-server"
 * import { setupServer } from "msw/node"
 *
 * const mock = HighLevelMock.make({ seed: 42 })
 * const server = setupServer(...mock.handlers)
 * server.listen()
 * await fetch("https://services.leadconnectorhq.com/conversations/search?locationId=" + mock.credentials.locationId, {
 *   headers: { Authorization: `Bearer ${mock.credentials.token}`, Version: "2021-04-15" }
 * })
 *
 * @since 0.1.0
 */
import { getResponse, type HttpHandler } from "msw"
import { DEFAULT_OAUTH, Engine, LoadOptionsSchema, rateLimitConfig } from "./internal/engine.js"
import { makeHandlers } from "./internal/handlers.js"
import { makeStore } from "./internal/store.js"
import type * as MockFaults from "./MockFaults.js"
import type * as MockScenario from "./MockScenario.js"
import type * as MockStore from "./MockStore.js"

/**
 * Rate-limit settings (per location); omitted fields take HighLevel's defaults: 100 requests per 10 s, 200,000 a
 * day.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimitOptions {
  readonly burst?: number | undefined
  readonly intervalMs?: number | undefined
  readonly daily?: number | undefined
}

/**
 * Options of `make`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Seed of all generated data, tokens and trace ids (default 42). */
  readonly seed?: number
  /** Named data set (default `"default"`). */
  readonly scenario?: MockScenario.ScenarioName
  /** Conversations of the primary location (overrides the scenario). */
  readonly conversations?: number
  /** Average messages per conversation of the primary location (ignored when `messages` is set). */
  readonly messagesPerConversation?: number
  /** Total messages of the primary location. */
  readonly messages?: number
  /** `false`: never answer 429 (the headers are still sent, with full figures). */
  readonly rateLimit?: RateLimitOptions | false
  /** Messages body: `"wrapped"` as real traffic shows (default) or the documented `"flat"` form. */
  readonly messagesShape?: "wrapped" | "flat"
  /** Accepted `Version` header values (default `2021-04-15` and `2021-07-28`). */
  readonly versions?: ReadonlyArray<string>
  /**
   * Origin the handlers match, e.g. `https://services.leadconnectorhq.com`. Default: any origin, so in-process
   * clients can use any base URL (`http://mock.local`, the real one…).
   */
  readonly baseUrl?: string
  /** Clock of the rate limiter and the journal (default `Date.now`); seeded data never reads it. */
  readonly now?: () => number
  /** Journal entries kept (oldest dropped first; default 10,000). */
  readonly journalLimit?: number
  /** Client credentials POST /oauth/token accepts (default `mock-client-id` / `mock-client-secret`). */
  readonly oauth?: { readonly clientId: string; readonly clientSecret: string }
}

/**
 * Schema of `control.load` / `POST /__mock/load`. Omitted fields keep their current value, except sizes, which
 * return to the defaults of a newly named scenario.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LoadOptions = LoadOptionsSchema

/**
 * @since 0.1.0
 * @category models
 */
export type LoadOptions = typeof LoadOptions.Type

/**
 * Token and location of the primary location (full scopes): what a client needs to start.
 *
 * @since 0.1.0
 * @category models
 */
export interface Credentials {
  readonly token: string
  readonly locationId: string
}

/**
 * A seeded location with its tokens and data ids.
 *
 * @since 0.1.0
 * @category models
 */
export interface MockLocation {
  readonly locationId: string
  readonly companyId: string
  readonly name: string
  readonly tokens: {
    /** `conversations.readonly` and `conversations/message.readonly`. */
    readonly full: string
    /** Lacks `conversations/message.readonly`: messages answer 401 (scope). */
    readonly withoutMessagesScope: string
    /** Lacks `conversations.readonly`: search and get answer 401 (scope). */
    readonly withoutConversationsScope: string
  }
  /** The refresh token POST /oauth/token accepts now (each refresh replaces it). */
  readonly refreshToken: string
  /** A single-use authorization code for the `authorization_code` grant. */
  readonly authorizationCode: string
  /** Team members: values of `assignedTo`, `followers`, `mentions` and message `userId`. */
  readonly userIds: ReadonlyArray<string>
  /** Conversation ids in the default search order (last_message_date desc). */
  readonly conversationIds: ReadonlyArray<string>
}

/**
 * One request the mock answered (control requests are not journaled).
 *
 * @since 0.1.0
 * @category models
 */
export interface JournalEntry {
  readonly seq: number
  /** `now()` when answered (epoch ms). */
  readonly time: number
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly route: "search" | "getConversation" | "getMessages" | "oauthToken" | "unmatched"
  /** 0 for a connection reset. */
  readonly status: number
  readonly traceId: string
  /** Location of the token (API routes) or of the grant (OAuth), when known. */
  readonly locationId?: string
  /** `_tag` of the fault applied, if any. */
  readonly fault?: string
}

/**
 * Counts and settings, as `control.state()` and `GET /__mock/state` report them.
 *
 * @since 0.1.0
 * @category models
 */
export interface MockState {
  readonly seed: number
  readonly scenario: MockScenario.ScenarioName
  readonly locations: number
  readonly conversations: number
  readonly messages: number
  /** Requests journaled since the last reset/load. */
  readonly requests: number
  /** Fault rules not yet spent. */
  readonly faults: number
  readonly messagesShape: "wrapped" | "flat"
  readonly rateLimit: { readonly burst: number; readonly intervalMs: number; readonly daily: number } | false
  readonly rateLimitByLocation: Readonly<
    Record<string, { readonly remaining: number; readonly dailyRemaining: number }>
  >
}

/**
 * The typed control API (the HTTP one under `/__mock/` mirrors it).
 *
 * @since 0.1.0
 * @category models
 */
export interface Control {
  /** Back to what `make` produced: its data, no faults, an empty journal, fresh rate limits and tokens. */
  readonly reset: () => void
  /** Replaces the data set (synchronous); faults, journal, rate limits and issued tokens are reset too. */
  readonly load: (options: LoadOptions) => void
  /** Replaces the fault rules (validated; throws on a bad rule). */
  readonly setFaults: (rules: ReadonlyArray<MockFaults.FaultRule>) => void
  readonly clearFaults: () => void
  readonly faults: () => ReadonlyArray<MockFaults.FaultRuleState>
  /** Requests seen, oldest first (copies). */
  readonly journal: () => ReadonlyArray<JournalEntry>
  readonly clearJournal: () => void
  readonly state: () => MockState
  /** The token answers 401 `Invalid JWT` from now on (to drive a client's refresh flow). */
  readonly expireToken: (token: string) => void
}

/**
 * A mock instance. `credentials`, `locations` and `store` follow `control.load`.
 *
 * @since 0.1.0
 * @category models
 */
export interface HighLevelMock {
  /** msw handlers: `setupServer(...mock.handlers)`. They match `baseUrl`, or any origin when it is not set. */
  readonly handlers: ReadonlyArray<HttpHandler>
  readonly baseUrl: string | undefined
  readonly credentials: Credentials
  readonly locations: ReadonlyArray<MockLocation>
  /** Client id and secret POST /oauth/token accepts. */
  readonly oauth: { readonly clientId: string; readonly clientSecret: string }
  readonly control: Control
  /** Read-only access to the seeded data in API order, for assertions. */
  readonly store: MockStore.Store
  /**
   * Answers one request without any interception: the handlers' response, or a 404 JSON for an unknown route.
   * Usable as a `fetch` for a client under test, and what `MockHttpServer` serves.
   */
  readonly fetch: (request: Request) => Promise<Response>
}

/**
 * Builds a mock, synchronously and deterministically (the same options give byte-identical responses to the same
 * request sequence). Throws a `RangeError` for sizes out of `MockScenario.limits`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): HighLevelMock => {
  const engine = new Engine({
    settings: {
      seed: options.seed ?? 42,
      scenario: options.scenario ?? "default",
      sizes: {
        conversations: options.conversations,
        messages: options.messages,
        messagesPerConversation: options.messagesPerConversation
      },
      rateLimit: rateLimitConfig(options.rateLimit),
      messagesShape: options.messagesShape ?? "wrapped"
    },
    versions: options.versions ?? ["2021-04-15", "2021-07-28"],
    now: options.now ?? Date.now,
    journalLimit: options.journalLimit ?? 10_000,
    oauth: options.oauth ?? DEFAULT_OAUTH
  })
  const handlers = makeHandlers(engine, options.baseUrl)
  const handlerList = [...handlers]
  const control: Control = {
    reset: () => engine.reset(),
    load: (o) => engine.load(o),
    setFaults: (rules) => engine.setFaults(rules),
    clearFaults: () => engine.faults.clear(),
    faults: () => engine.faults.report(),
    journal: () => engine.journal(),
    clearJournal: () => engine.clearJournal(),
    state: () => engine.state(),
    expireToken: (token) => engine.expireToken(token)
  }
  const store = makeStore(() => engine.dataset)
  return {
    handlers,
    baseUrl: options.baseUrl,
    get credentials(): Credentials {
      const primary = engine.dataset.locations[0]
      if (primary === undefined) throw new Error("the data set has no location")
      return { token: primary.tokens.full, locationId: primary.locationId }
    },
    get locations() {
      return engine.locations()
    },
    oauth: options.oauth ?? DEFAULT_OAUTH,
    control,
    store,
    fetch: async (request) => (await getResponse(handlerList, request)) ?? engine.notFound(request)
  }
}
