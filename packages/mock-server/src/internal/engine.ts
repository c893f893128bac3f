/**
 * The mock's mutable state and its request pipeline. One engine per `HighLevelMock`; the msw handlers and the HTTP
 * adapter both call into it, so in-process and over-HTTP behave the same.
 *
 * @since 0.1.0
 * @internal
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as HighLevelMock from "../HighLevelMock.js"
import * as MockFaults from "../MockFaults.js"
import * as MockScenario from "../MockScenario.js"
import { type ApiRoute, FaultEngine } from "./faultEngine.js"
import type { Dataset, StoredConversation, StoredLocation } from "./model.js"
import * as Prng from "./prng.js"
import * as Query from "./query.js"
import { DEFAULT_RATE_LIMIT, type RateLimitConfig, RateLimiter, type Snapshot } from "./rateLimit.js"
import * as Responses from "./responses.js"
import * as Seed from "./seed.js"
import * as Wire from "./wire.js"

const SCOPE_CONVERSATIONS = "conversations.readonly"
const SCOPE_MESSAGES = "conversations/message.readonly"
const FULL_SCOPES: ReadonlySet<string> = new Set([SCOPE_CONVERSATIONS, SCOPE_MESSAGES])

const REQUIRED_SCOPE: Readonly<Record<Exclude<ApiRoute, "oauthToken">, string>> = {
  search: SCOPE_CONVERSATIONS,
  getConversation: SCOPE_CONVERSATIONS,
  getMessages: SCOPE_MESSAGES
}

interface TokenInfo {
  readonly locationId: string
  readonly scopes: ReadonlySet<string>
}

type Auth =
  | { readonly _tag: "missing" }
  | { readonly _tag: "unknown" }
  | { readonly _tag: "expired" }
  | { readonly _tag: "ok"; readonly token: TokenInfo }

/** Settings that survive `load` unless it overrides them. @internal */
export interface Settings {
  readonly seed: number
  readonly scenario: MockScenario.ScenarioName
  readonly sizes: MockScenario.Sizes
  readonly rateLimit: RateLimitConfig | false
  readonly messagesShape: "wrapped" | "flat"
}

/** @internal */
export interface EngineOptions {
  readonly settings: Settings
  readonly versions: ReadonlyArray<string>
  readonly now: () => number
  readonly journalLimit: number
  readonly oauth: { readonly clientId: string; readonly clientSecret: string }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** `{burst, intervalMs, daily}` with defaults, or `false` (not enforced). @internal */
export const rateLimitConfig = (options: HighLevelMock.RateLimitOptions | false | undefined): RateLimitConfig | false =>
  options === false ? false : {
    burst: options?.burst ?? DEFAULT_RATE_LIMIT.burst,
    intervalMs: options?.intervalMs ?? DEFAULT_RATE_LIMIT.intervalMs,
    daily: options?.daily ?? DEFAULT_RATE_LIMIT.daily
  }

/** @internal */
export class Engine {
  settings: Settings
  dataset: Dataset
  private readonly initial: Settings
  private initialDataset: Dataset | undefined
  private limiter: RateLimiter
  readonly faults = new FaultEngine()
  private journalEntries: Array<HighLevelMock.JournalEntry> = []
  private journalStart = 0
  private requestCounter = 0
  private journalCounter = 0
  private oauthCounter = 0
  private totalCache = new Map<string, number>()
  private tokens = new Map<string, TokenInfo>()
  private expired = new Set<string>()
  private refreshTokens = new Map<string, string>() // locationId -> current refresh token
  private usedCodes = new Set<string>()

  constructor(readonly options: EngineOptions) {
    this.settings = options.settings
    this.initial = options.settings
    this.dataset = this.generate(this.settings)
    this.initialDataset = this.dataset
    this.limiter = this.makeLimiter()
    this.resetRuntime()
  }

  private generate(settings: Settings): Dataset {
    return Seed.generate(settings.seed, MockScenario.plan(settings.scenario, settings.sizes))
  }

  private makeLimiter(): RateLimiter {
    const rl = this.settings.rateLimit
    return new RateLimiter(rl === false ? DEFAULT_RATE_LIMIT : rl, rl !== false, this.options.now)
  }

  private resetRuntime() {
    this.limiter = this.makeLimiter()
    this.faults.clear()
    this.journalEntries = []
    this.journalStart = 0
    this.requestCounter = 0
    this.journalCounter = 0
    this.oauthCounter = 0
    this.totalCache = new Map()
    this.expired = new Set()
    this.usedCodes = new Set()
    this.tokens = new Map()
    this.refreshTokens = new Map()
    for (const l of this.dataset.locations) {
      this.tokens.set(l.tokens.full, { locationId: l.locationId, scopes: FULL_SCOPES })
      this.tokens.set(l.tokens.withoutMessagesScope, {
        locationId: l.locationId,
        scopes: new Set([SCOPE_CONVERSATIONS])
      })
      this.tokens.set(l.tokens.withoutConversationsScope, {
        locationId: l.locationId,
        scopes: new Set([SCOPE_MESSAGES])
      })
      this.refreshTokens.set(l.locationId, l.refreshToken)
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Control
  // -------------------------------------------------------------------------------------------------------------

  /** Back to what `make` produced: its data set and settings, no faults, empty journal, fresh counters. */
  reset() {
    if (this.settings !== this.initial) {
      this.settings = this.initial
      this.dataset = this.initialDataset ?? this.generate(this.initial)
      this.initialDataset = this.dataset
    }
    this.resetRuntime()
  }

  /** A new data set; omitted fields keep their current value, except sizes, which follow a new `scenario`. */
  load(options: HighLevelMock.LoadOptions) {
    const scenarioChanged = options.scenario !== undefined && options.scenario !== this.settings.scenario
    const sizes: MockScenario.Sizes = options.conversations !== undefined ||
        options.messages !== undefined || options.messagesPerConversation !== undefined
      ? {
        conversations: options.conversations,
        messages: options.messages,
        messagesPerConversation: options.messagesPerConversation
      }
      : scenarioChanged
      ? {}
      : this.settings.sizes
    const settings: Settings = {
      seed: options.seed ?? this.settings.seed,
      scenario: options.scenario ?? this.settings.scenario,
      sizes,
      rateLimit: options.rateLimit === undefined ? this.settings.rateLimit : rateLimitConfig(options.rateLimit),
      messagesShape: options.messagesShape ?? this.settings.messagesShape
    }
    // Generate first: a bad size throws before anything changes.
    const dataset = this.generate(settings)
    this.settings = settings
    this.dataset = dataset
    // Keep the initial data set only while it is small; `reset` regenerates it otherwise.
    if (this.initialDataset !== undefined && this.initialDataset.messageCount > 50_000) this.initialDataset = undefined
    this.resetRuntime()
  }

  setFaults(rules: ReadonlyArray<MockFaults.FaultRule>) {
    this.faults.set(rules.map((r) => Schema.decodeUnknownSync(MockFaults.FaultRule)(r)))
  }

  expireToken(token: string) {
    this.expired.add(token)
  }

  journal(): Array<HighLevelMock.JournalEntry> {
    return this.journalEntries.slice(this.journalStart).map((e) => ({ ...e, query: { ...e.query } }))
  }

  clearJournal() {
    this.journalEntries = []
    this.journalStart = 0
  }

  state(): HighLevelMock.MockState {
    return {
      seed: this.settings.seed,
      scenario: this.settings.scenario,
      locations: this.dataset.locations.length,
      conversations: this.dataset.conversationCount,
      messages: this.dataset.messageCount,
      requests: this.journalCounter,
      faults: this.faults.report().filter((f) => f.remaining !== 0).length,
      messagesShape: this.settings.messagesShape,
      rateLimit: this.settings.rateLimit === false ? false : { ...this.settings.rateLimit },
      rateLimitByLocation: this.limiter.report()
    }
  }

  locations(): Array<HighLevelMock.MockLocation> {
    return this.dataset.locations.map((l) => ({
      locationId: l.locationId,
      companyId: l.companyId,
      name: l.name,
      tokens: { ...l.tokens },
      refreshToken: this.refreshTokens.get(l.locationId) ?? l.refreshToken,
      authorizationCode: l.authorizationCode,
      userIds: [...l.userIds],
      conversationIds: [...l.orderings.last_message_date.docs].reverse().map((c) => c.id)
    }))
  }

  // -------------------------------------------------------------------------------------------------------------
  // Journal
  // -------------------------------------------------------------------------------------------------------------

  private record(entry: Omit<HighLevelMock.JournalEntry, "seq" | "time">) {
    this.journalEntries.push({ seq: this.journalCounter++, time: this.options.now(), ...entry })
    // A ring buffer without the index juggling: compact once the dead prefix is as long as the limit.
    if (this.journalEntries.length - this.journalStart > this.options.journalLimit) this.journalStart++
    if (this.journalStart >= this.options.journalLimit) {
      this.journalEntries = this.journalEntries.slice(this.journalStart)
      this.journalStart = 0
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // API routes
  // -------------------------------------------------------------------------------------------------------------

  private authenticate(request: Request): Auth {
    const header = request.headers.get("authorization")
    const match = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
    const token = match?.[1]
    if (token === undefined) return { _tag: "missing" }
    if (this.expired.has(token)) return { _tag: "expired" }
    const info = this.tokens.get(token)
    return info === undefined ? { _tag: "unknown" } : { _tag: "ok", token: info }
  }

  // The faults that replace the answer, as a gateway would (reset, proxy page, 5xx, 429), shared by the API routes and
  // the token endpoint; any other fault alters the real answer, which `answer` produces.
  private faulted(
    fault: MockFaults.Fault | undefined,
    traceId: string,
    limitHeaders: (over?: Partial<Snapshot>) => Record<string, string>,
    answer: () => Responses.Prepared
  ): Response {
    switch (fault?._tag) {
      case "connectionReset":
        return Response.error()
      case "htmlErrorPage":
        return Responses.htmlErrorPage(fault.status ?? 502)
      case "serverError":
        return Responses.toResponse(Responses.json(
          fault.status,
          { statusCode: fault.status, message: Responses.STATUS_TEXT[fault.status] ?? "Error", traceId },
          limitHeaders()
        ))
      case "rateLimited": {
        const headers = limitHeaders({ remaining: 0, ...(fault.daily === true ? { dailyRemaining: 0 } : {}) })
        if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds)
        return Responses.toResponse(
          Responses.json(429, { statusCode: 429, message: "Too Many Requests", traceId }, headers)
        )
      }
      default:
        return Responses.finish(answer(), fault)
    }
  }

  private nextTraceId(): string {
    return Prng.traceId(this.settings.seed, this.requestCounter++)
  }

  /** Answers one API request, faults included. */
  async api(
    route: Exclude<ApiRoute, "oauthToken">,
    request: Request,
    params: Readonly<Record<string, string>>
  ): Promise<Response> {
    const traceId = this.nextTraceId()
    const url = new URL(request.url)
    const auth = this.authenticate(request)
    const locationId = auth._tag === "ok" ? auth.token.locationId : undefined
    const fault = this.faults.pick(route, locationId)
    if (fault?._tag === "latency") await sleep(fault.ms)
    const response = this.faulted(
      fault,
      traceId,
      (over) => this.limiter.headers({ ...this.limiter.peek(locationId), ...over }),
      () => this.answer(route, url, params, auth, traceId, request)
    )
    const entry: Omit<HighLevelMock.JournalEntry, "seq" | "time"> = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      route,
      status: response.type === "error" ? 0 : response.status,
      traceId
    }
    this.record({
      ...entry,
      ...(locationId === undefined ? {} : { locationId }),
      ...(fault === undefined ? {} : { fault: fault._tag })
    })
    return response
  }

  private answer(
    route: Exclude<ApiRoute, "oauthToken">,
    url: URL,
    params: Readonly<Record<string, string>>,
    auth: Auth,
    traceId: string,
    request: Request
  ): Responses.Prepared {
    // 0. A path parameter that does not percent-decode: a routing error, answered before anything else (Express).
    if (params.malformed !== undefined) {
      return Responses.json(400, {
        statusCode: 400,
        message: `Failed to decode param '${params.conversationId ?? ""}'`,
        error: "Bad Request",
        traceId
      }, this.limiter.headers(this.limiter.peek(undefined)))
    }
    // 1. Authentication: before counting (there is no location to count against).
    if (auth._tag !== "ok") {
      const headers = this.limiter.headers(this.limiter.peek(undefined))
      return auth._tag === "unknown"
        ? Responses.json(401, {
          statusCode: 401,
          message: "Invalid token: access token is invalid",
          error: "Unauthorized",
          traceId
        }, headers)
        : Responses.json(401, { statusCode: 401, message: "Invalid JWT", traceId }, headers)
    }
    const token = auth.token
    // 2. Rate limit: every authenticated request counts, whatever its outcome.
    const decision = this.limiter.take(token.locationId)
    const headers = this.limiter.headers(decision)
    const error = (status: number, message: string | ReadonlyArray<string>, extra: Record<string, string> = {}) =>
      Responses.json(status, { statusCode: status, message, ...extra, traceId }, headers)
    if (!decision.allowed) return error(429, "Too Many Requests")
    // 3. Version header.
    const version = request.headers.get("version")
    if (version === null || version.trim() === "") return error(400, "Version header was not found")
    if (!this.options.versions.includes(version.trim())) {
      return error(400, `Version header ${version} is not supported; use one of ${this.options.versions.join(", ")}`)
    }
    // 4. Scope.
    if (!token.scopes.has(REQUIRED_SCOPE[route])) return error(401, "The token is not authorized for this scope.")
    const forbidden = () => error(403, "The token does not have access to this location.")
    const unprocessable = (messages: ReadonlyArray<string>) => error(422, messages, { error: "Unprocessable Entity" })
    const location = this.dataset.locationById.get(token.locationId)
    // A token always belongs to a seeded location; this guards against a data-set swap in flight.
    if (location === undefined) return forbidden()

    switch (route) {
      case "search": {
        // 5. Location, then 6. parameters.
        const requested = Query.searchLocationId(url.searchParams)
        if (requested !== undefined && requested !== token.locationId) return forbidden()
        const parsed = Query.parseSearch(url.searchParams)
        if (!parsed.ok) return unprocessable(parsed.messages)
        const page = Query.search(location, parsed.value, this.totalCache)
        return Responses.json(200, {
          conversations: page.rows.map((r) => Wire.searchConversation(r.conversation, r.key)),
          total: page.total,
          traceId
        }, headers)
      }
      case "getConversation":
      case "getMessages": {
        const id = params.conversationId ?? ""
        const conversation: StoredConversation | undefined = this.dataset.conversationById.get(id)
        if (conversation !== undefined && conversation.locationId !== token.locationId) return forbidden()
        if (route === "getConversation") {
          const known: ReadonlyArray<string> = []
          const unknown = [...new Set(url.searchParams.keys())].filter((k) => !known.includes(k))
          if (unknown.length > 0) return unprocessable(unknown.map((k) => `property ${k} should not exist`))
          if (conversation === undefined) return error(404, `Conversation with id ${id} not found`)
          return Responses.json(200, { ...Wire.conversation(conversation), traceId }, headers)
        }
        const parsed = Query.parseMessages(url.searchParams)
        if (!parsed.ok) return unprocessable(parsed.messages)
        if (conversation === undefined) return error(404, `Conversation with id ${id} not found`)
        const all = this.dataset.messagesByConversation.get(conversation.id) ?? []
        let start = 0
        const cursor = parsed.value.lastMessageId
        if (cursor !== undefined) {
          const at = this.dataset.messageById.get(cursor)
          if (at === undefined || at.conversationId !== conversation.id) {
            return error(400, `lastMessageId ${cursor} is not a message of conversation ${conversation.id}`)
          }
          start = at.position + 1
        }
        const slice = Query.messagesPage(all, start, parsed.value)
        const last = slice.messages[slice.messages.length - 1]
        const page = {
          ...(last === undefined ? {} : { lastMessageId: last.id }),
          nextPage: slice.nextPage,
          messages: slice.messages.map(Wire.message)
        }
        return Responses.json(
          200,
          this.settings.messagesShape === "flat" ? { ...page, traceId } : { messages: page, traceId },
          headers
        )
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // OAuth
  // -------------------------------------------------------------------------------------------------------------

  /** POST /oauth/token: refresh rotates the refresh token (the old one stops working); codes are single-use. */
  async oauthToken(request: Request): Promise<Response> {
    const traceId = this.nextTraceId()
    const url = new URL(request.url)
    const text = await request.text()
    const form = new URLSearchParams(text)
    const location = this.locationOfGrant(form)
    const fault = this.faults.pick("oauthToken", location?.locationId)
    if (fault?._tag === "latency") await sleep(fault.ms)
    // The token endpoint is not rate limited: its faults carry no X-RateLimit-* headers.
    const response = this.faulted(fault, traceId, () => ({}), () => this.grant(request, form, location, traceId))
    this.record({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      route: "oauthToken",
      status: response.type === "error" ? 0 : response.status,
      traceId,
      ...(location === undefined ? {} : { locationId: location.locationId }),
      ...(fault === undefined ? {} : { fault: fault._tag })
    })
    return response
  }

  private locationOfGrant(form: URLSearchParams): StoredLocation | undefined {
    const refresh = form.get("refresh_token")
    const code = form.get("code")
    return this.dataset.locations.find((l) =>
      (refresh !== null && this.refreshTokens.get(l.locationId) === refresh) ||
      (code !== null && l.authorizationCode === code)
    )
  }

  private grant(
    request: Request,
    form: URLSearchParams,
    location: StoredLocation | undefined,
    traceId: string
  ): Responses.Prepared {
    const fail = (status: number, error: string, message: string) =>
      Responses.json(status, { statusCode: status, error, message, traceId })
    const contentType = request.headers.get("content-type") ?? ""
    if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return fail(400, "invalid_request", "Send the parameters as application/x-www-form-urlencoded")
    }
    const missing = ["client_id", "client_secret", "grant_type"].filter((k) => !form.get(k))
    if (missing.length > 0) return fail(400, "invalid_request", `Missing parameter(s): ${missing.join(", ")}`)
    if (
      form.get("client_id") !== this.options.oauth.clientId ||
      form.get("client_secret") !== this.options.oauth.clientSecret
    ) {
      return fail(401, "invalid_client", "Invalid client credentials")
    }
    const grantType = form.get("grant_type")
    if (grantType === "refresh_token") {
      if (!form.get("refresh_token")) return fail(400, "invalid_request", "Missing parameter(s): refresh_token")
      if (location === undefined) return fail(401, "invalid_grant", "Invalid grant: refresh token is invalid")
    } else if (grantType === "authorization_code") {
      const code = form.get("code")
      if (!code) return fail(400, "invalid_request", "Missing parameter(s): code")
      if (location === undefined || this.usedCodes.has(code)) {
        return fail(401, "invalid_grant", "Invalid grant: authorization code is invalid")
      }
      this.usedCodes.add(code)
    } else {
      return fail(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
    }
    const n = this.oauthCounter++
    const secret = (k: number) =>
      [0, 1, 2, 3].map((i) => Prng.hash2(this.settings.seed ^ 0x0a17, n * 16 + k * 4 + i).toString(16).padStart(8, "0"))
        .join("")
    const accessToken = `mock-at-${secret(0)}`
    const refreshToken = `mock-rt-${secret(1)}`
    this.tokens.set(accessToken, { locationId: location.locationId, scopes: FULL_SCOPES })
    this.refreshTokens.set(location.locationId, refreshToken)
    return Responses.json(200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: 86399,
      refresh_token: refreshToken,
      scope: [...FULL_SCOPES].join(" "),
      userType: "Location",
      locationId: location.locationId,
      companyId: location.companyId,
      userId: location.userIds[0] ?? "",
      traceId
    })
  }

  // -------------------------------------------------------------------------------------------------------------
  // Unmatched routes and the HTTP control API
  // -------------------------------------------------------------------------------------------------------------

  /** NestJS's answer to an unknown route, with a traceId and the rate-limit headers. */
  notFound(request: Request): Response {
    const traceId = this.nextTraceId()
    const url = new URL(request.url)
    const response = Responses.toResponse(Responses.json(404, {
      statusCode: 404,
      message: `Cannot ${request.method} ${url.pathname}`,
      error: "Not Found",
      traceId
    }, this.limiter.headers(this.limiter.peek(undefined))))
    this.record({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      route: "unmatched",
      status: 404,
      traceId
    })
    return response
  }

  async control(request: Request, path: string): Promise<Response> {
    const ok = (body: unknown) => Responses.toResponse(Responses.json(200, body))
    const bad = (status: number, message: string) =>
      Responses.toResponse(Responses.json(status, { statusCode: status, message }))
    const body = async <A, I>(schema: Schema.Schema<A, I>): Promise<Either.Either<A, string>> => {
      let raw: unknown
      try {
        const text = await request.text()
        raw = text.trim() === "" ? {} : JSON.parse(text)
      } catch {
        return Either.left("the body is not JSON: send a JSON object")
      }
      return Either.mapLeft(
        Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(raw),
        (e) => ParseResult.TreeFormatter.formatErrorSync(e)
      )
    }
    const route = `${request.method} ${path}`
    switch (route) {
      case "POST reset":
        this.reset()
        return ok(this.state())
      case "POST load": {
        const decoded = await body(LoadOptionsSchema)
        if (Either.isLeft(decoded)) return bad(400, decoded.left)
        try {
          this.load(decoded.right)
        } catch (e) {
          return bad(400, e instanceof Error ? e.message : String(e))
        }
        return ok({ state: this.state(), locations: this.locations() })
      }
      case "GET faults":
        return ok({ rules: this.faults.report() })
      case "PUT faults": {
        const decoded = await body(MockFaults.FaultRules)
        if (Either.isLeft(decoded)) return bad(400, decoded.left)
        this.faults.set(decoded.right.rules)
        return ok({ rules: this.faults.report() })
      }
      case "DELETE faults":
        this.faults.clear()
        return ok({ rules: [] })
      case "GET journal": {
        const limit = Number(new URL(request.url).searchParams.get("limit") ?? "")
        const entries = this.journal()
        return ok({ entries: Number.isInteger(limit) && limit > 0 ? entries.slice(-limit) : entries })
      }
      case "DELETE journal":
        this.clearJournal()
        return ok({ entries: [] })
      case "GET state":
        return ok(this.state())
      case "GET locations":
        return ok({ locations: this.locations() })
      case "POST tokens/expire": {
        const decoded = await body(Schema.Struct({ token: Schema.String }))
        if (Either.isLeft(decoded)) return bad(400, decoded.left)
        this.expireToken(decoded.right.token)
        return ok({ expired: decoded.right.token })
      }
      default:
        return bad(404, `Unknown control route ${request.method} /__mock/${path}`)
    }
  }
}

/** @internal */
export const LoadOptionsSchema = Schema.Struct({
  seed: Schema.optional(Schema.Int),
  scenario: Schema.optional(MockScenario.ScenarioName),
  conversations: Schema.optional(Schema.Int.pipe(Schema.between(0, MockScenario.limits.conversations))),
  messagesPerConversation: Schema.optional(Schema.Number.pipe(Schema.between(0, 10_000))),
  messages: Schema.optional(Schema.Int.pipe(Schema.between(0, MockScenario.limits.messages))),
  rateLimit: Schema.optional(Schema.Union(
    Schema.Literal(false),
    Schema.Struct({
      burst: Schema.optional(Schema.Int.pipe(Schema.positive())),
      intervalMs: Schema.optional(Schema.Int.pipe(Schema.positive())),
      daily: Schema.optional(Schema.Int.pipe(Schema.positive()))
    })
  )),
  messagesShape: Schema.optional(Schema.Literal("wrapped", "flat"))
})

/** Default OAuth app of the mock. @internal */
export const DEFAULT_OAUTH = { clientId: "mock-client-id", clientSecret: "mock-client-secret" } as const

/** A snapshot type re-exported for the public module. @internal */
export type RateLimitSnapshot = Snapshot
