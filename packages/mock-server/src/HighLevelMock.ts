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
import type { HttpHandler } from "msw"
import { makeInstance } from "./internal/instance.js"
import { rateLimitConfig } from "./internal/rateLimit.js"
import { DEFAULT_LIMITS } from "./internal/store/files.js"
import type * as MockControl from "./MockControl.js"
import type * as MockScenario from "./MockScenario.js"
import type * as MockStore from "./MockStore.js"
import type * as MockWebhooks from "./MockWebhooks.js"

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
  readonly rateLimit?: MockControl.RateLimitOptions | false
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
  /** Caps on uploaded files (see `UploadLimits`). */
  readonly uploads?: UploadLimits
  /**
   * When set, every `/__mock/*` request must carry `Authorization: Bearer <controlToken>` (else 401): for a mock
   * bound beyond loopback, where anyone who reaches it could reload or fault it. Default: the control API is open.
   */
  readonly controlToken?: string
  /** Webhook subscriptions at start and the delivery time scale (see `MockWebhooks`). */
  readonly webhooks?: MockWebhooks.Options
}

/**
 * Caps on what the mock keeps of uploads (multipart and signed-URL), all in memory. Beyond them the upload answers
 * 413 (415 for a file type the API does not take), as HighLevel does.
 *
 * @since 0.1.0
 * @category models
 */
export interface UploadLimits {
  /** Bytes per file, every channel but WhatsApp (default 5 MiB, HighLevel's limit). */
  readonly maxFileBytes?: number
  /** Bytes per file of a signed upload for `channel: "WHATSAPP"` (default 100 MiB, HighLevel's limit). */
  readonly maxWhatsAppFileBytes?: number
  /** Files per multipart request (default 10; a group SMS upload takes 1, as the spec says). */
  readonly maxFilesPerRequest?: number
  /** Bytes kept per location, stored files plus signed uploads not yet completed (default 25 MiB). */
  readonly maxBytesPerLocation?: number
}

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
 * A seeded location with its tokens and data ids: `MockControl.MockLocation` (kept here for existing imports).
 *
 * @since 0.1.0
 * @category models
 */
export type MockLocation = MockControl.MockLocation

/**
 * One request the mock answered: `MockControl.JournalEntry` (kept here for existing imports).
 *
 * @since 0.1.0
 * @category models
 */
export type JournalEntry = MockControl.JournalEntry

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
  readonly control: MockControl.Control
  /** Read-only access to the seeded data in API order, for assertions. */
  readonly store: MockStore.Store
  /**
   * Answers one request without any interception: the handlers' response, or a 404 JSON for an unknown route.
   * Usable as a `fetch` for a client under test, and what `MockHttpServer` serves.
   */
  readonly fetch: (request: Request) => Promise<Response>
  /** Its webhooks: signing key, subscriptions, delivery faults and log. */
  readonly webhooks: MockWebhooks.Control
}

const DEFAULT_OAUTH = { clientId: "mock-client-id", clientSecret: "mock-client-secret" } as const

/**
 * Builds a mock, synchronously and deterministically (the same options give byte-identical responses to the same
 * request sequence). Throws a `RangeError` for sizes out of `MockScenario.limits`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): HighLevelMock => {
  const oauth = options.oauth ?? DEFAULT_OAUTH
  if (options.controlToken !== undefined && options.controlToken.trim() === "") {
    throw new RangeError("controlToken must be a non-empty string (leave it out for an open control API)")
  }
  const timeScale = options.webhooks?.timeScale
  if (timeScale !== undefined && !(Number.isFinite(timeScale) && timeScale > 0)) {
    throw new RangeError(`webhooks.timeScale must be a positive number, got ${timeScale}`)
  }
  const instance = makeInstance({
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
    oauth,
    baseUrl: options.baseUrl,
    uploadLimits: { ...DEFAULT_LIMITS, ...options.uploads },
    controlToken: options.controlToken,
    webhooks: options.webhooks ?? {}
  })
  return {
    handlers: instance.handlers,
    baseUrl: options.baseUrl,
    get credentials(): Credentials {
      return instance.credentials()
    },
    get locations() {
      return instance.locations()
    },
    oauth,
    control: instance.control,
    store: instance.store,
    // The handlers' answer without msw in between (see `Instance.dispatch`): the same dispatch msw's handler calls.
    fetch: async (request) => (await instance.dispatch(request)) ?? instance.notFound(request),
    webhooks: instance.webhooks
  }
}
