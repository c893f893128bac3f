/**
 * The client of the HighLevel Conversations API: one service, built from an `HttpClient`, provided as a Layer.
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Arr from "effect/Array"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as RateLimiter from "effect/RateLimiter"
import type * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { Conversation, ConversationSummary, SearchConversationsPage } from "./Conversation.js"
import * as ConversationsConfig from "./ConversationsConfig.js"
import {
  type AttemptError,
  type GetConversationError,
  type GetMessagesError,
  InvalidInputError,
  type ListMessagesError,
  type NotFoundError,
  PaginationStalled,
  type RequestError,
  type SearchAllError,
  type SearchConversationsError,
  TransportError
} from "./ConversationsError.js"
import { decodeConversation, decodeMessagesPage, decodeSearchPage } from "./internal/fastDecode.js"
import { redactDecodeError, redactor } from "./internal/redact.js"
import { withoutRedirectsContext } from "./internal/redirects.js"
import { decodeBody, errorFromResponse, transportError } from "./internal/response.js"
import { timeoutExchange, timeoutForked } from "./internal/timeout.js"
import type { Message, MessagesPage, MessageTypeFilter } from "./Message.js"
import * as RetryPolicy from "./RetryPolicy.js"
import { MessagesPageParams, SearchConversationsParams, toUrlParams } from "./SearchParams.js"
import * as TokenProvider from "./TokenProvider.js"

/**
 * Options of the message listings: page size and a message-type filter.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListMessagesOptions {
  /** Messages per request, 1..100 (default: the client's `pageSize`, 100). */
  readonly limit?: number | undefined
  /** Only these message types. */
  readonly type?: ReadonlyArray<MessageTypeFilter> | undefined
}

/**
 * Options of {@link Service.listAllMessages}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListAllMessagesOptions extends ListMessagesOptions {
  /** How many conversations are read at once (default 4). Their messages interleave in the output. */
  readonly concurrency?: number | undefined
}

/**
 * The operations of the client. Single-page calls are `Effect`s; listings are `Stream`s that fetch a page only when
 * the consumer pulls, so memory holds one page per stream whatever the total.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /conversations/{conversationId}`. */
  readonly getConversation: (conversationId: string) => Effect.Effect<Conversation, GetConversationError>
  /** `GET /conversations/{conversationId}/messages`: one page, newest first. */
  readonly getMessagesPage: (
    conversationId: string,
    params?: MessagesPageParams
  ) => Effect.Effect<MessagesPage, GetMessagesError>
  /** `GET /conversations/search`: one page. */
  readonly searchConversationsPage: (
    params: SearchConversationsParams
  ) => Effect.Effect<SearchConversationsPage, SearchConversationsError>
  /** Every message of a conversation, newest first, following `lastMessageId` while `nextPage` is true. */
  readonly listMessages: (
    conversationId: string,
    options?: ListMessagesOptions
  ) => Stream.Stream<Message, ListMessagesError>
  /** Every conversation matching a search, following the keyset cursor (`startAfterDate` = `sort[0]`). */
  readonly searchConversations: (
    params: SearchConversationsParams
  ) => Stream.Stream<ConversationSummary, SearchAllError>
  /** Every message of every conversation matching a search, `concurrency` conversations at a time. */
  readonly listAllMessages: (
    params: SearchConversationsParams,
    options?: ListAllMessagesOptions
  ) => Stream.Stream<Message, SearchAllError | ListMessagesError>
}

/**
 * The client service.
 *
 * @since 0.1.0
 * @category tags
 */
export class ConversationsClient extends Context.Tag("@highlevel-effect/client/ConversationsClient")<
  ConversationsClient,
  Service
>() {}

// Path parameters go into one URL segment: encoded, never interpreted. "." and ".." survive percent-encoding as
// dot-segments in URL parsing (WHATWG treats "%2e%2e" as ".."), so they are rejected instead of sent.
const validateId = (operation: string, name: string, id: string): Effect.Effect<string, InvalidInputError> =>
  id.trim() === ""
    ? Effect.fail(new InvalidInputError({ operation, issues: [`${name} must not be empty`] }))
    : id === "." || id === ".."
    ? Effect.fail(new InvalidInputError({ operation, issues: [`${name} must not be a dot-segment ("${id}")`] }))
    // encodeURIComponent throws a URIError on a lone surrogate: that is bad input, not a defect.
    : Effect.try({
      try: () => encodeURIComponent(id),
      catch: () => new InvalidInputError({ operation, issues: [`${name} is not well-formed Unicode`] })
    })

const validateWith = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })
  return (operation: string, input: unknown): Effect.Effect<A, InvalidInputError> =>
    Either.match(decode(input), {
      onLeft: (error) =>
        Effect.fail(
          new InvalidInputError({
            operation,
            issues: formatIssues(error)
          })
        ),
      onRight: Effect.succeed
    })
}

// ArrayFormatter gives one line per bad field with its path, which is what a caller needs to fix the input.
const formatIssues = (error: ParseResult.ParseError): Array<string> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) =>
    issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
  )

const validateSearchParams = validateWith(SearchConversationsParams)
const validateMessagesParams = validateWith(MessagesPageParams)

interface RequestSpec<A> {
  readonly operation: string
  readonly route: string
  readonly request: HttpClientRequest.HttpClientRequest
  readonly decode: (u: unknown) => Either.Either<A, ParseResult.ParseError>
  readonly notFoundIsExpected: boolean
}

/**
 * Builds the service from an `HttpClient` in context. The rate limiter lives in the scope, so build one client per
 * token (that is, per location) and share it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: ConversationsConfig.Options
): Effect.Effect<Service, never, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    const baseUrl = (options.baseUrl ?? ConversationsConfig.defaultBaseUrl).replace(/\/+$/, "")
    const tokens = TokenProvider.isTokenProvider(options.token)
      ? options.token
      : TokenProvider.fromRedacted(options.token)
    const timeout = Duration.decode(options.timeout ?? Duration.seconds(30))
    const pageSize = options.pageSize ?? 100
    const rateLimit = options.rateLimit ?? ConversationsConfig.defaultRateLimit
    const limit = rateLimit === false
      ? <A, E, R>(effect: Effect.Effect<A, E, R>) => effect
      : yield* RateLimiter.make({ limit: rateLimit.limit, interval: rateLimit.interval })
    const retrySchedule: Schedule.Schedule<unknown, AttemptError> | undefined = options.retry === false
      ? undefined
      : Schedule.isSchedule(options.retry)
      ? options.retry
      : RetryPolicy.schedule(options.retry)

    // Every request is built whole by `get` below (base URL, `Version`, `Accept`) rather than by a `mapRequest`
    // layer, which copied the request and its headers once per step.
    const headers = Headers.fromInput({
      version: options.apiVersion ?? ConversationsConfig.defaultApiVersion,
      accept: "application/json"
    })
    const get = (path: string, urlParams?: ReadonlyArray<readonly [string, string]>) =>
      HttpClientRequest.get(
        `${baseUrl}${path}`,
        urlParams === undefined ? { headers } : { headers, urlParams }
      )

    const http = (yield* HttpClient.HttpClient).pipe(
      // The platform's own `http.client` span ends with the raw response, whose request still carries the bearer
      // header: a tracer that serialises exits would leak the token. Our per-operation span carries method, path
      // template and status instead. With that span off, the platform adds no trace headers either (they would leak
      // our span ids to a third party and are not part of HighLevel's contract): it only propagates from its span.
      HttpClient.withTracerDisabledWhen(() => true),
      // Each request gets an AbortController of its own, aborted when the attempt's scope closes: how the timeout
      // cuts an exchange without a fiber per attempt (internal/timeout.ts).
      HttpClient.withScope
    )

    // One exchange: the request, the body and the decoding.
    const exchange = <A>(
      spec: RequestSpec<A>,
      bearer: Redacted.Redacted<string>
    ): Effect.Effect<A, RequestError | NotFoundError, Scope.Scope> => {
      const toTransportError = (error: HttpClientError.HttpClientError) => transportError(spec.operation, error)
      return Effect.flatMap(
        Effect.mapError(http.execute(HttpClientRequest.bearerToken(spec.request, bearer)), toTransportError),
        (response) =>
          Effect.flatMap(Effect.mapError(response.text, toTransportError), (text) =>
            Effect.zipRight(
              Effect.annotateCurrentSpan("http.response.status_code", response.status),
              response.status >= 200 && response.status < 300
                ? Either.mapLeft(
                  decodeBody(spec.operation, response.status, text, spec.decode),
                  // Nothing kept from a response (bodies, messages, quoted values) may carry the token it echoed.
                  (error) => redactDecodeError(error, redactor(bearer))
                )
                : Effect.flatMap(Clock.currentTimeMillis, (now) =>
                  Effect.fail(
                    errorFromResponse(
                      spec.operation,
                      response.status,
                      response.headers,
                      redactor(bearer)(text),
                      now,
                      spec.notFoundIsExpected
                    )
                  ))
            ))
      )
    }

    // One attempt: a permit from the limiter, then the exchange under the timeout. A `Location` header must not send
    // a request (and its token) anywhere but the base URL: the fetch transport's `RequestInit` gets
    // `redirect: "manual"` in the context each attempt runs in, set with its scope.
    const attempt = <A>(spec: RequestSpec<A>, token: Redacted.Redacted<string>) =>
      limit(
        timeoutExchange(
          exchange(spec, token),
          timeout,
          () => transportTimeout(spec.operation, timeout),
          withoutRedirectsContext
        )
      )

    // The attempt after a refresh reads the token inside the timeout: the refresh may still be in flight, which no
    // abort of our request can cut, so this (rare) attempt is raced against the clock in a fiber.
    const attemptRefreshed = <A>(spec: RequestSpec<A>) =>
      limit(
        timeoutForked(
          Effect.flatMap(tokens.token, (token) => exchange(spec, token)),
          timeout,
          () => transportTimeout(spec.operation, timeout),
          withoutRedirectsContext
        )
      )

    // The recommended flow for expiring tokens: 401 → refresh once → retry once.
    const authenticated = <A>(spec: RequestSpec<A>): Effect.Effect<A, RequestError | NotFoundError> =>
      Effect.flatMap(tokens.token, (token) =>
        attempt(spec, token).pipe(
          Effect.catchIf(
            (error) => error._tag === "UnauthorizedError" && error.reason === "invalid_token",
            (error) =>
              Effect.flatMap(
                tokens.refresh(token),
                (refreshed) => refreshed ? attemptRefreshed(spec) : Effect.fail(error)
              )
          )
        ))

    const send = <A>(spec: RequestSpec<A>): Effect.Effect<A, RequestError | NotFoundError> => {
      const once = authenticated(spec)
      if (retrySchedule === undefined) return once
      const schedule = retrySchedule
      // `Effect.retry(once, schedule)`, with its schedule driver set up only once an attempt has failed: most
      // requests succeed at once, and the driver cost as much as the limiter. The first failure is replayed into
      // the retry as its first attempt's outcome, so the schedule sees the same inputs at the same moments.
      return Effect.catchAll(once, (first) => {
        let replay: RequestError | NotFoundError | undefined = first
        return Effect.retry(
          Effect.suspend(() => {
            if (replay === undefined) return once
            const failure = replay
            replay = undefined
            return Effect.fail(failure)
          }),
          schedule
        )
      })
    }

    const getConversation = (conversationId: string): Effect.Effect<Conversation, GetConversationError> =>
      getConversationSpan(
        Effect.flatMap(
          Effect.suspend(() => validateId("getConversation", "conversationId", conversationId)),
          (id) =>
            send({
              operation: "getConversation",
              route: routes.conversation,
              request: get(`/conversations/${id}`),
              decode: decodeConversation,
              notFoundIsExpected: true
            })
        )
      )

    const getMessagesPage = (
      conversationId: string,
      params: MessagesPageParams = {}
    ): Effect.Effect<MessagesPage, GetMessagesError> =>
      getMessagesPageSpan(
        Effect.flatMap(
          Effect.suspend(() => validateId("getMessagesPage", "conversationId", conversationId)),
          (id) =>
            Effect.flatMap(validateMessagesParams("getMessagesPage", params), (valid) => {
              const urlParams: Array<[string, string]> = []
              if (valid.lastMessageId !== undefined) urlParams.push(["lastMessageId", valid.lastMessageId])
              if (valid.limit !== undefined) urlParams.push(["limit", String(valid.limit)])
              if (valid.type !== undefined) urlParams.push(["type", valid.type.join(",")])
              return send({
                operation: "getMessagesPage",
                route: routes.messages,
                request: get(`/conversations/${id}/messages`, urlParams),
                decode: decodeMessagesPage,
                notFoundIsExpected: true
              })
            })
        )
      )

    const resolveLocation = (operation: string, params: SearchConversationsParams) => {
      const locationId = params.locationId ?? options.locationId
      return locationId === undefined || locationId.trim() === ""
        ? Effect.fail(
          new InvalidInputError({
            operation,
            issues: ["locationId is required (pass it, or give the client a default locationId)"]
          })
        )
        : Effect.succeed({ ...params, locationId })
    }

    // The cursor comes from a response, so it bypasses the input schema (it may be a numeric string) but still only
    // ever lands in the query string.
    const searchPage = (
      operation: string,
      params: SearchConversationsParams & { readonly locationId: string },
      cursor: string | undefined
    ): Effect.Effect<SearchConversationsPage, SearchConversationsError> => {
      const urlParams = toUrlParams(params).filter(([key]) => cursor === undefined || key !== "startAfterDate")
      if (cursor !== undefined) urlParams.push(["startAfterDate", cursor])
      return send({
        operation,
        route: routes.search,
        request: get("/conversations/search", urlParams),
        decode: decodeSearchPage,
        notFoundIsExpected: false
      }).pipe(Effect.catchTag("NotFoundError", (error) => Effect.die(error)))
    }

    const searchConversationsPage = (
      params: SearchConversationsParams
    ): Effect.Effect<SearchConversationsPage, SearchConversationsError> =>
      searchConversationsPageSpan(
        Effect.flatMap(
          Effect.suspend(() => validateSearchParams("searchConversationsPage", params)),
          (valid) =>
            Effect.flatMap(
              resolveLocation("searchConversationsPage", valid),
              (located) => searchPage("searchConversationsPage", located, undefined)
            )
        )
      )

    const listMessages = (conversationId: string, listOptions: ListMessagesOptions = {}) => {
      const limit = listOptions.limit ?? pageSize
      const type = listOptions.type !== undefined && Arr.isNonEmptyReadonlyArray(listOptions.type)
        ? listOptions.type
        : undefined
      return Stream.paginateChunkEffect(undefined as string | undefined, (cursor) =>
        getMessagesPage(conversationId, {
          limit,
          ...(type !== undefined ? { type } : {}),
          ...(cursor !== undefined ? { lastMessageId: cursor } : {})
        }).pipe(
          Effect.flatMap(
            (page): Effect.Effect<readonly [Chunk.Chunk<Message>, Option.Option<string>], ListMessagesError> => {
              // An empty `lastMessageId` is no cursor: fall back to the last message's id, as for a missing one.
              const next = page.lastMessageId !== undefined && page.lastMessageId !== ""
                ? page.lastMessageId
                : page.messages.at(-1)?.id
              // `nextPage` is authoritative for messages: a server that caps `limit` below what we asked sends short
              // pages that are not the last, so only `nextPage: false` or an empty page ends the listing.
              const done = !page.nextPage || page.messages.length === 0 || next === undefined
              if (!done && next === cursor) {
                return Effect.fail(new PaginationStalled({ operation: "listMessages", cursor: next }))
              }
              return Effect.succeed([Chunk.unsafeFromArray(page.messages), done ? Option.none() : Option.some(next)])
            }
          )
        )).pipe(Stream.withSpan("ConversationsClient.listMessages", { attributes: { conversationId } }))
    }

    const searchConversations = (
      params: SearchConversationsParams
    ): Stream.Stream<ConversationSummary, SearchAllError> =>
      Stream.unwrap(Effect.gen(function*() {
        const valid = yield* validateSearchParams("searchConversations", params)
        const located = yield* resolveLocation("searchConversations", valid)
        const limit = located.limit ?? pageSize
        const first = located.startAfterDate !== undefined ? String(located.startAfterDate) : undefined
        return Stream.paginateChunkEffect(first, (cursor) =>
          Effect.zipRight(annotateSearchRequest, searchPage("searchConversations", { ...located, limit }, cursor)).pipe(
            Effect.flatMap((page): Effect.Effect<
              readonly [Chunk.Chunk<ConversationSummary>, Option.Option<string | undefined>],
              SearchAllError
            > => {
              const chunk = Chunk.unsafeFromArray(page.conversations)
              // Keyset pagination has no "next page" flag: a short or empty page is the last one.
              if (page.conversations.length < limit) return Effect.succeed([chunk, Option.none()])
              const next = cursorOf(page.conversations[page.conversations.length - 1])
              if (next === undefined || next === cursor) {
                return Effect.fail(
                  new PaginationStalled({ operation: "searchConversations", cursor: next ?? "<none>" })
                )
              }
              return Effect.succeed([chunk, Option.some(next)])
            })
          ))
      })).pipe(Stream.withSpan("ConversationsClient.searchConversations"))

    const listAllMessages = (params: SearchConversationsParams, listOptions: ListAllMessagesOptions = {}) =>
      searchConversations(params).pipe(
        Stream.flatMap((conversation) =>
          listMessages(conversation.id, listOptions), {
          concurrency: listOptions.concurrency ?? 4
        }),
        Stream.withSpan("ConversationsClient.listAllMessages")
      )

    return ConversationsClient.of({
      getConversation,
      getMessagesPage,
      searchConversationsPage,
      listMessages,
      searchConversations,
      listAllMessages
    })
  })

// The keyset cursor of a search document: `sort[0]`, else its `lastMessageDate` in epoch ms.
const cursorOf = (conversation: ConversationSummary | undefined): string | undefined => {
  if (conversation === undefined) return undefined
  const sortValue = conversation.sort?.[0]
  if (sortValue !== undefined) return String(sortValue)
  return conversation.lastMessageDate !== undefined
    ? String(DateTime.toEpochMillis(conversation.lastMessageDate))
    : undefined
}

// The path templates of the three routes: spans carry these, never the filled-in path with its ids.
const routes = {
  conversation: "/conversations/{conversationId}",
  messages: "/conversations/{conversationId}/messages",
  search: "/conversations/search"
} as const

const requestAttributes = (route: string) => ({ "http.request.method": "GET", "url.template": route })

// One span per operation (the names `Effect.fn` gave them), with the method and path template from the start (each
// exchange adds the status). `Effect.fn` also captured the caller's stack for the span on every call (a
// `new Error()`, about a third of its cost); the span keeps its name, parent and attributes without it. The options
// are built once.
const operationSpan = (name: string, route: string) => {
  const options = { captureStackTrace: false, attributes: requestAttributes(route) } as const
  return <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> => Effect.withSpan(effect, name, options)
}
const getConversationSpan = operationSpan("ConversationsClient.getConversation", routes.conversation)
const getMessagesPageSpan = operationSpan("ConversationsClient.getMessagesPage", routes.messages)
const searchConversationsPageSpan = operationSpan("ConversationsClient.searchConversationsPage", routes.search)

// The search stream has no operation span of its own: its pages annotate the stream's span, as they always did.
const annotateSearchRequest = Effect.annotateCurrentSpan(requestAttributes(routes.search))

const transportTimeout = (operation: string, timeout: Duration.Duration) =>
  new TransportError({
    operation,
    reason: "timeout",
    detail: `no complete response within ${Duration.format(timeout)}`
  })

/**
 * The client as a Layer, from explicit options.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: ConversationsConfig.Options
): Layer.Layer<ConversationsClient, never, HttpClient.HttpClient> => Layer.scoped(ConversationsClient, make(options))

/**
 * The client as a Layer, from configuration (by default the `HIGHLEVEL_*` environment variables, see
 * {@link ConversationsConfig.fromEnv}). A missing token fails the layer with a `ConfigError`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config<ConversationsConfig.Options> = ConversationsConfig.fromEnv
): Layer.Layer<ConversationsClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(ConversationsClient, Effect.flatMap(config, make))
