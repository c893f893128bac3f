/**
 * The models of the mock's control surface: what `control.load` accepts, what the journal and `state()` report, the
 * routes a fault or a journal entry names, and the typed `Control` API itself (the HTTP one under `/__mock/`
 * mirrors it). Internal code imports these; nothing here is defined anywhere else.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as MockFaults from "./MockFaults.js"
import * as MockScenario from "./MockScenario.js"

/**
 * The id of every API operation the mock serves: what fault rules target and journal entries name. A new operation
 * adds its id here (and its entry to the route table).
 *
 * @since 0.1.0
 * @category schemas
 */
export const RouteId = Schema.Literal(
  "search",
  "getConversation",
  "getMessages",
  "oauthToken",
  // conversation and message writes, get-message, get-email, export (#11)
  "createConversation",
  "updateConversation",
  "deleteConversation",
  "getMessage",
  "getEmail",
  "exportMessages",
  "sendMessage",
  "addInboundMessage",
  "addOutboundMessage",
  "sendReviewReply",
  "cancelScheduledMessage",
  "cancelScheduledEmail",
  "updateMessageStatus",
  "addMessageAttachments",
  // uploads, recordings and transcriptions, live chat, preferences (#11)
  "uploadFiles",
  "initiateUpload",
  "completeUpload",
  "getRecording",
  "getTranscription",
  "downloadTranscription",
  "liveChatTyping",
  "listCustomSubtypes",
  "createCustomSubtype",
  "updateCustomSubtype",
  "unsubscriptionStatus",
  "changeSubscription"
)

/**
 * @since 0.1.0
 * @category models
 */
export type RouteId = typeof RouteId.Type

/**
 * How the burst limit counts: `fixed` (a window opened by the first request after the previous one closed, as
 * HighLevel's answers look) or `sliding` (no span of the interval, wherever it starts, holds more than the burst).
 *
 * @since 0.1.0
 * @category schemas
 */
export const RateLimitWindow = Schema.Literal("fixed", "sliding")

/**
 * @since 0.1.0
 * @category models
 */
export type RateLimitWindow = typeof RateLimitWindow.Type

/**
 * Rate-limit settings (per location); omitted fields take HighLevel's defaults: 100 requests per 10 s in a fixed
 * window, 200,000 a day.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RateLimitOptions = Schema.Struct({
  burst: Schema.optional(Schema.Int.pipe(Schema.positive())),
  intervalMs: Schema.optional(Schema.Int.pipe(Schema.positive())),
  daily: Schema.optional(Schema.Int.pipe(Schema.positive())),
  window: Schema.optional(RateLimitWindow)
})

/**
 * @since 0.1.0
 * @category models
 */
export type RateLimitOptions = typeof RateLimitOptions.Type

/**
 * Schema of `control.load` / `POST /__mock/load`. Omitted fields keep their current value, except sizes, which
 * return to the defaults of a newly named scenario.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LoadOptions = Schema.Struct({
  seed: Schema.optional(Schema.Int),
  scenario: Schema.optional(MockScenario.ScenarioName),
  conversations: Schema.optional(Schema.Int.pipe(Schema.between(0, MockScenario.limits.conversations))),
  messagesPerConversation: Schema.optional(Schema.Number.pipe(Schema.between(0, 10_000))),
  messages: Schema.optional(Schema.Int.pipe(Schema.between(0, MockScenario.limits.messages))),
  rateLimit: Schema.optional(Schema.Union(Schema.Literal(false), RateLimitOptions)),
  messagesShape: Schema.optional(Schema.Literal("wrapped", "flat"))
})

/**
 * @since 0.1.0
 * @category models
 */
export type LoadOptions = typeof LoadOptions.Type

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
    /**
     * Every scope, as the location's conversation provider app: the only token `update-message-status` accepts
     * (403 for any other) for the messages of `providerId`.
     */
    readonly provider: string
    /** The read scopes only: every write answers 401 (scope). */
    readonly readOnly: string
  }
  /** The location's conversation provider: `conversationProviderId` of its SMS and call messages. */
  readonly providerId: string
  /** The location's contact directory: every conversation's contact, then some without a conversation. */
  readonly contactIds: ReadonlyArray<string>
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
  /** The operation, or `"unmatched"` for a path no route serves. */
  readonly route: RouteId | "unmatched"
  /** 0 for a connection reset. */
  readonly status: number
  readonly traceId: string
  /** Location of the token (API routes) or of the grant (OAuth), when known. */
  readonly locationId?: string
  /** `_tag` of the fault applied, if any. */
  readonly fault?: string
  /** What a write created or changed (`conversationId`, `messageId`, `emailMessageId`), when it did. */
  readonly ids?: Readonly<Record<string, string>>
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
  readonly rateLimit:
    | {
      readonly burst: number
      readonly intervalMs: number
      readonly daily: number
      readonly window: RateLimitWindow
    }
    | false
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
  /** The mock clock (epoch ms): what writes stamp and scheduled messages wait for. */
  readonly clock: () => number
  /** Sets the mock clock (it runs on from there); scheduled messages now due are sent at once. */
  readonly setClock: (time: number) => void
  /** Moves the mock clock forward by `ms`; scheduled messages now due are sent at once. */
  readonly advanceClock: (ms: number) => void
}
