/**
 * The client's operations: the requests they build, their spans, and the listings built on the single-page calls.
 * How a request then travels is internal/request.ts; the pagination rules are internal/pagination.ts.
 *
 * @since 0.1.0
 * @internal
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Arr from "effect/Array"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { flow } from "effect/Function"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as ConversationsConfig from "../ConversationsConfig.js"
import {
  type AttemptError,
  InvalidInputError,
  PaginationCursorMissing,
  PaginationStalled
} from "../ConversationsError.js"
import * as RateLimit from "../RateLimit.js"
import * as RetryPolicy from "../RetryPolicy.js"
import {
  type ListAllMessagesOptions,
  type ListMessagesOptions,
  MessagesPageParams,
  SearchConversationsParams
} from "../SearchParams.js"
import * as TokenProvider from "../TokenProvider.js"
import { decodeConversation, decodeMessagesPage, decodeSearchPage } from "./fastDecode.js"
import * as Conversations from "./operations/conversations.js"
import type { GroupContext } from "./operations/groupContext.js"
import * as LiveChat from "./operations/liveChat.js"
import * as Messages from "./operations/messages.js"
import * as Preferences from "./operations/preferences.js"
import * as Recordings from "./operations/recordings.js"
import * as Uploads from "./operations/uploads.js"
import { afterMessagesPage, afterSearchPage, Next } from "./pagination.js"
import * as RateBudget from "./rateBudget.js"
import { makeRedaction, type Redaction } from "./redact.js"
import { type Limiter, makeRun } from "./request.js"
import { json } from "./response.js"
import * as Validate from "./validate.js"

// The path templates: spans carry these, never the filled-in path with its ids.
const routes = {
  conversation: "/conversations/{conversationId}",
  messages: "/conversations/{conversationId}/messages",
  search: "/conversations/search"
} as const

// An operation's span attributes from the start; each exchange adds the status.
const requestAttributes = (method: string, route: string) => ({ "http.request.method": method, "url.template": route })
const spanOf = (method: string, route: string) => ({ attributes: requestAttributes(method, route) })

const conversationBody = json(decodeConversation)
const messagesPageBody = json(decodeMessagesPage)
const searchPageBody = json(decodeSearchPage)

// The query of a search, as HighLevel reads it (lists comma-separated). A cursor comes from a response: it bypasses
// the input schema (it may be a numeric string) but still only ever lands in the query, as `startAfterDate`.
const searchQuery = (params: SearchConversationsParams, cursor: string | undefined): Array<[string, string]> => {
  const entries: Array<[string, string]> = []
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || (cursor !== undefined && key === "startAfterDate")) continue
    entries.push([key, Array.isArray(value) ? value.join(",") : String(value)])
  }
  if (cursor !== undefined) entries.push(["startAfterDate", cursor])
  return entries
}

// The requests, relative to the base URL; ids arrive encoded as one path segment (internal/validate.ts).
const requests = {
  conversation: (id: string) => HttpClientRequest.get(`/conversations/${id}`),
  messages: (id: string, params: MessagesPageParams) =>
    HttpClientRequest.get(`/conversations/${id}/messages`, {
      urlParams: { lastMessageId: params.lastMessageId, limit: params.limit, type: params.type?.join(",") }
    }),
  search: (params: SearchConversationsParams, cursor: string | undefined) =>
    HttpClientRequest.get("/conversations/search", { urlParams: searchQuery(params, cursor) })
}

const validateMessagesParams = Validate.params(MessagesPageParams)
const validateSearchParams = Validate.params(SearchConversationsParams)

interface Context {
  readonly run: ReturnType<typeof makeRun>
  readonly pageSize: number
  readonly locationId: string | undefined
  /** Every token the client sent, out of a text: for response values that enter an error or a span attribute. */
  readonly redact: (text: string) => string
}

// The single-page calls, one span each (`Effect.fn`), input checked before anything is sent.
const pages = ({ locationId, redact, run }: Context) => {
  const getConversation = Effect.fn("ConversationsClient.getConversation", spanOf("GET", routes.conversation))(
    function*(conversationId: string) {
      const id = yield* Validate.pathSegment("getConversation", "conversationId", conversationId)
      return yield* run({
        operation: "getConversation",
        request: requests.conversation(id),
        response: conversationBody,
        notFoundIsExpected: true
      })
    }
  )

  // `serverCursor` is a cursor a response handed a listing: like the search's, it bypasses the input schema (the
  // server may pad it with spaces) and only ever lands in the query, encoded. The caller's own input is checked.
  const messagesPage = Effect.fn("ConversationsClient.getMessagesPage", spanOf("GET", routes.messages))(
    function*(conversationId: string, params: MessagesPageParams, serverCursor: string | undefined) {
      const id = yield* Validate.pathSegment("getMessagesPage", "conversationId", conversationId)
      // A caller may hand a token back as a cursor: the issues quote it.
      const valid = yield* Effect.mapError(
        validateMessagesParams("getMessagesPage", params),
        (error) => new InvalidInputError({ operation: error.operation, issues: error.issues.map(redact) })
      )
      return yield* run({
        operation: "getMessagesPage",
        request: requests.messages(id, serverCursor !== undefined ? { ...valid, lastMessageId: serverCursor } : valid),
        response: messagesPageBody,
        notFoundIsExpected: true
      })
    }
  )
  const getMessagesPage = (conversationId: string, params: MessagesPageParams = {}) =>
    messagesPage(conversationId, params, undefined)

  // A search has no resource to miss: a 404 is a wrong route (`UnexpectedStatusError`), so none is typed.
  const searchPage = (operation: string, params: SearchConversationsParams, cursor: string | undefined) =>
    run({
      operation,
      request: requests.search(params, cursor),
      response: searchPageBody,
      notFoundIsExpected: false
    }).pipe(Effect.catchTag("NotFoundError", (error) => Effect.die(error)))

  const searchParams = (operation: string, params: SearchConversationsParams) =>
    Effect.flatMap(
      validateSearchParams(operation, params),
      (valid) => Validate.withLocation(operation, valid, locationId)
    )

  const searchConversationsPage = Effect.fn(
    "ConversationsClient.searchConversationsPage",
    spanOf("GET", routes.search)
  )(function*(params: SearchConversationsParams) {
    const located = yield* searchParams("searchConversationsPage", params)
    return yield* searchPage("searchConversationsPage", located, undefined)
  })

  return { getConversation, getMessagesPage, messagesPage, searchConversationsPage, searchPage, searchParams }
}

// Where a listing stands: at a cursor (`undefined` for the first page), or past a page that had none, about to fail.
type ListingState = { readonly cursor: string | undefined } | PaginationCursorMissing

// A listing: a page fetched only when the consumer pulls, then the pagination rule says what follows it.
const listing = <P, A, E>(
  redact: (text: string) => string,
  operation: string,
  first: string | undefined,
  fetch: (cursor: string | undefined) => Effect.Effect<P, E>,
  items: (page: P) => ReadonlyArray<A>,
  next: (page: P, cursor: string | undefined) => Next
): Stream.Stream<A, E | PaginationStalled | PaginationCursorMissing> =>
  Stream.paginateChunkEffect<ListingState, A, E | PaginationStalled | PaginationCursorMissing, never>(
    { cursor: first },
    (state) =>
      state instanceof PaginationCursorMissing ? Effect.fail(state) : Effect.flatMap(fetch(state.cursor), (page) => {
        const chunk = Chunk.unsafeFromArray(items(page))
        return Next.$match(next(page, state.cursor), {
          More: (more) => Effect.succeed([chunk, Option.some<ListingState>({ cursor: more.cursor })] as const),
          Last: () => Effect.succeed([chunk, Option.none()] as const),
          // The cursor came from the response: the token, if the server handed that back.
          Stalled: (stalled) => Effect.fail(new PaginationStalled({ operation, cursor: redact(stalled.cursor) })),
          // The page decoded: it is emitted, and the pull after it fails (an export keeps what it was given).
          NoCursor: () =>
            Effect.succeed([chunk, Option.some<ListingState>(new PaginationCursorMissing({ operation }))] as const)
        })
      })
  )

// The listings, built on the single-page calls.
const listings = (context: Context, single: ReturnType<typeof pages>) => {
  const listMessages = (conversationId: string, options: ListMessagesOptions = {}) => {
    const limit = options.limit ?? context.pageSize
    const type = options.type !== undefined && Arr.isNonEmptyReadonlyArray(options.type) ? options.type : undefined
    return listing(
      context.redact,
      "listMessages",
      undefined,
      (cursor) => single.messagesPage(conversationId, { limit, ...(type !== undefined ? { type } : {}) }, cursor),
      (page) => page.messages,
      afterMessagesPage
    ).pipe(
      // The messages rule always has a cursor (the last message's id): a page without one would be a bug here.
      Stream.catchTag("PaginationCursorMissing", (bug) => Stream.die(bug)),
      // In `listAllMessages` the id comes from a search response.
      Stream.withSpan("ConversationsClient.listMessages", {
        attributes: { conversationId: context.redact(conversationId) }
      })
    )
  }

  // The search stream has no operation span of its own: its pages annotate the stream's span.
  const annotateSearchRequest = Effect.annotateCurrentSpan(requestAttributes("GET", routes.search))

  // The pages of a search. `total` ends the listing once the rows seen reach it; `seen` lives in this run of the
  // stream (the unwrap runs again for every run), next to the cursor the listing threads.
  const searchPages = (operation: string, params: SearchConversationsParams) =>
    Stream.unwrap(Effect.gen(function*() {
      const located = yield* single.searchParams(operation, params)
      const limit = located.limit ?? context.pageSize
      let seen = 0
      return listing(
        context.redact,
        operation,
        located.startAfterDate !== undefined ? String(located.startAfterDate) : undefined,
        (cursor) => Effect.zipRight(annotateSearchRequest, single.searchPage(operation, { ...located, limit }, cursor)),
        (page) => [page],
        (page, cursor) => {
          seen += page.conversations.length
          return afterSearchPage(page.conversations, limit, cursor, { seen, total: page.total })
        }
      )
    }))

  const searchConversations = (params: SearchConversationsParams) =>
    searchPages("searchConversations", params).pipe(
      Stream.mapConcat((page) => page.conversations),
      Stream.withSpan("ConversationsClient.searchConversations")
    )

  const searchConversationsPages = (params: SearchConversationsParams) =>
    searchPages("searchConversationsPages", params).pipe(
      Stream.withSpan("ConversationsClient.searchConversationsPages")
    )

  const listAllMessages = (params: SearchConversationsParams, options: ListAllMessagesOptions = {}) =>
    searchConversations(params).pipe(
      Stream.flatMap((conversation) => listMessages(conversation.id, options), {
        concurrency: options.concurrency ?? 4
      }),
      Stream.withSpan("ConversationsClient.listAllMessages")
    )

  return { listMessages, searchConversations, searchConversationsPages, listAllMessages }
}

const ignore = () => {}
const unlimited: Limiter = (attempt) => attempt(ignore)

// The token provider as the runner sees it: every token it hands out for a request is remembered for redaction. A
// static token is remembered once, up front.
const remembering = (
  token: ConversationsConfig.Options["token"],
  redaction: Redaction
): TokenProvider.TokenProvider => {
  if (!TokenProvider.isTokenProvider(token)) {
    redaction.remember(token)
    return TokenProvider.fromRedacted(token)
  }
  return {
    token: Effect.tap(token.token, (sent) => Effect.sync(() => redaction.remember(sent))),
    refresh: token.refresh
  }
}

/**
 * Builds the service's operations from an `HttpClient` in context; the rate limiter lives in the scope.
 *
 * @internal
 */
export const make = (options: ConversationsConfig.Options) =>
  Effect.gen(function*() {
    const baseUrl = (options.baseUrl ?? ConversationsConfig.defaultBaseUrl).replace(/\/+$/, "")
    const transport = yield* HttpClient.HttpClient
    const http = transport.pipe(
      HttpClient.mapRequest(flow(
        HttpClientRequest.prependUrl(baseUrl),
        // `Accept` as `HttpClientRequest.acceptJson` sets it, with `Version` in the same copy of the request.
        HttpClientRequest.setHeaders({
          version: options.apiVersion ?? ConversationsConfig.defaultApiVersion,
          accept: "application/json"
        })
      )),
      // The platform's own `http.client` span ends with the raw response, whose request still carries the bearer
      // header: a tracer that serialises exits would leak the token. Our per-operation span carries method, path
      // template and status instead. With that span off, the platform adds no trace headers either (they would leak
      // our span ids to a third party and are not part of HighLevel's contract): it only propagates from its span.
      HttpClient.withTracerDisabledWhen(() => true),
      // Each request gets an AbortController of its own, aborted when the attempt's scope closes: how the timeout
      // cuts an exchange without a fiber per attempt (internal/timeout.ts).
      HttpClient.withScope
    )
    const rateLimit = options.rateLimit === "sandbox"
      ? RateLimit.sandbox
      : options.rateLimit ?? ConversationsConfig.defaultRateLimit
    const retry: Schedule.Schedule<unknown, AttemptError> | undefined = options.retry === false
      ? undefined
      : Schedule.isSchedule(options.retry)
      ? options.retry
      : RetryPolicy.schedule(options.retry)
    const writeRetry = retry === undefined ? undefined : RetryPolicy.forMethod("POST", retry)
    const redaction = makeRedaction()
    const timeout = Duration.decode(options.timeout ?? Duration.seconds(30))
    const context: Context = {
      run: makeRun({
        http,
        tokens: remembering(options.token, redaction),
        limit: rateLimit === false ? unlimited : yield* RateBudget.make(rateLimit),
        timeout,
        maxBodyBytes: options.maxBodyBytes ?? ConversationsConfig.defaultMaxBodyBytes,
        // By method (RetryPolicy.forMethod): reads, PUT and DELETE share the schedule; a POST is resent only after
        // a failure that proves it never reached the server.
        retryOf: (request) => RetryPolicy.isIdempotent(request.method) ? retry : writeRetry
      }),
      pageSize: options.pageSize ?? 100,
      locationId: options.locationId,
      redact: redaction.redact
    }
    const single = pages(context)
    const lists = listings(context, single)
    const groups: GroupContext = {
      ...context,
      timeout,
      maxBodyBytes: options.maxBodyBytes ?? ConversationsConfig.defaultMaxBodyBytes,
      bare: transport.pipe(HttpClient.withTracerDisabledWhen(() => true), HttpClient.withScope),
      idempotentRetry: retry
    }
    return {
      getConversation: single.getConversation,
      getMessagesPage: single.getMessagesPage,
      searchConversationsPage: single.searchConversationsPage,
      ...lists,
      // The groups (internal/operations/*.ts): their reads are the flat members above, under the group's names.
      conversations: Conversations.make(context, {
        get: single.getConversation,
        search: lists.searchConversations,
        searchPage: single.searchConversationsPage
      }),
      messages: {
        ...Messages.make(context, { list: lists.listMessages, listPage: single.getMessagesPage }),
        // The call-media reads (a recording as a byte stream), in a module of their own.
        ...Recordings.make(groups)
      },
      uploads: Uploads.make(groups),
      liveChat: LiveChat.make(groups),
      preferences: Preferences.make(groups),
      redact: redaction.redact
    }
  })
