/**
 * The gateway: what every API request goes through, once, whatever its route. In order:
 *
 * 1. trace id, body, caller (the token's or the grant's location, looked up: faults and the journal need it);
 * 2. journal (records the outcome, after everything below);
 * 3. faults (a fault picked for the route and location may delay, replace or alter the answer; it wraps the checks
 *    and the handler, so it can also act after the handler has run);
 * 4. the checks, each a small function that answers or passes on: path parameters → authentication → rate limit
 *    → `Version` → scope (the last three on bearer routes only);
 * 5. the route's handler, with its small context.
 *
 * Nothing here knows a particular route: the route table (`routes/table.ts`) says what each one is.
 *
 * @since 0.1.0
 * @internal
 */
import * as Either from "effect/Either"
import type * as MockFaults from "../MockFaults.js"
import type { Auth, Authentication, TokenInfo } from "./auth.js"
import * as Effects from "./faults/effects.js"
import type { FaultRules } from "./faults/rules.js"
import type { Journal } from "./journal.js"
import type { StoredLocation } from "./model.js"
import type { RateLimiter, Snapshot } from "./rateLimit.js"
import * as Responses from "./responses.js"
import type { Match } from "./router.js"
import type { RequestContext, Route } from "./routes/route.js"
import type { TraceIds } from "./traceIds.js"

/** What the gateway uses; each part is its own module. */
interface GatewayParts {
  readonly traceIds: TraceIds
  readonly auth: Pick<Auth, "authenticate" | "locationOfGrant">
  readonly limiter: RateLimiter
  readonly faults: FaultRules
  readonly journal: Journal
  /** Accepted `Version` header values. */
  readonly versions: ReadonlyArray<string>
  readonly now: () => number
  /** Runs before each API request is served (scheduled deliveries). */
  readonly beforeRequest: () => void
}

/** @internal */
export interface Gateway {
  /** Answers a request the router matched to a route. */
  readonly serve: (match: Match, request: Request) => Promise<Response>
  /** NestJS's answer to an unknown route, with a traceId and the rate-limit headers (journaled as `unmatched`). */
  readonly notFound: (request: Request) => Response
}

/** Who the request says it is, before any check. */
type Caller =
  | { readonly _tag: "bearer"; readonly authentication: Authentication; readonly locationId: string | undefined }
  | {
    readonly _tag: "oauthClient"
    readonly grant: StoredLocation | undefined
    readonly locationId: string | undefined
  }

/** One request on its way through the checks; a check that passes it on may add to it. */
interface Exchange {
  readonly route: Route
  readonly request: Request
  readonly url: URL
  readonly raw: Readonly<Record<string, string>>
  readonly params: Readonly<Record<string, string>>
  readonly body: string
  /** The body as received (uploads are binary; `body` is its UTF-8 reading). */
  readonly bytes: Uint8Array
  readonly traceId: string
  readonly caller: Caller
  /** Headers of any answer: rate-limit figures (full ones until the request is counted) on bearer routes. */
  readonly headers: Readonly<Record<string, string>>
}

type Answer = (exchange: Exchange) => Responses.Prepared
type Check = (exchange: Exchange, next: Answer) => Responses.Prepared

interface Served {
  readonly response: Response
  readonly fault: MockFaults.Fault | undefined
  /** Ids the handler created or changed, for the journal. */
  readonly ids: Readonly<Record<string, string>> | undefined
}

const utf8 = new TextDecoder()
const EMPTY = new Uint8Array(0)

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

// Without a latency fault a request stays synchronous from its trace id to its journal entry, so concurrent
// requests are journaled in the order they were answered, as before the gateway was split into stages.
const then = <A, B>(value: A | Promise<A>, f: (a: A) => B): B | Promise<B> =>
  value instanceof Promise ? value.then(f) : f(value)

const tokenOf = (exchange: Exchange): TokenInfo | undefined =>
  exchange.caller._tag === "bearer" && exchange.caller.authentication._tag === "valid"
    ? exchange.caller.authentication.token
    : undefined

const fail = (exchange: Exchange, status: number, message: string, extra: Readonly<Record<string, string>> = {}) =>
  Responses.json(status, { statusCode: status, message, ...extra, traceId: exchange.traceId }, exchange.headers)

/** A path parameter that does not percent-decode: a routing error, answered before anything else (as Express). */
const pathParams: Check = (exchange, next) => {
  const entries = Object.entries(exchange.raw)
  if (entries.length === 0) return next(exchange)
  const params: Record<string, string> = {}
  for (const [name, raw] of entries) {
    const decoded = Either.try(() => decodeURIComponent(raw))
    if (Either.isLeft(decoded)) return fail(exchange, 400, `Failed to decode param '${raw}'`, { error: "Bad Request" })
    params[name] = decoded.right
  }
  return next({ ...exchange, params })
}

/** Before counting: a request without a valid token has no location to count against. */
const authentication: Check = (exchange, next) => {
  if (exchange.caller._tag !== "bearer") return next(exchange)
  switch (exchange.caller.authentication._tag) {
    case "valid":
      return next(exchange)
    case "unknown":
      return fail(exchange, 401, "Invalid token: access token is invalid", { error: "Unauthorized" })
    default:
      return fail(exchange, 401, "Invalid JWT")
  }
}

/** Every authenticated request counts, whatever its outcome; its figures go on every answer from here on. */
const rateLimit = (limiter: RateLimiter): Check => (exchange, next) => {
  const token = tokenOf(exchange)
  if (token === undefined) return next(exchange)
  const decision = limiter.take(token.locationId)
  const counted = { ...exchange, headers: limiter.headers(decision) }
  return decision.allowed ? next(counted) : fail(counted, 429, "Too Many Requests")
}

const version = (versions: ReadonlyArray<string>): Check => (exchange, next) => {
  if (exchange.route.access !== "bearer") return next(exchange)
  const value = exchange.request.headers.get("version")
  if (value === null || value.trim() === "") return fail(exchange, 400, "Version header was not found")
  if (!versions.includes(value.trim())) {
    return fail(exchange, 400, `Version header ${value} is not supported; use one of ${versions.join(", ")}`)
  }
  return next(exchange)
}

const scope: Check = (exchange, next) => {
  if (exchange.route.access !== "bearer") return next(exchange)
  const token = tokenOf(exchange)
  const required = exchange.route.scope
  // `undefined`: the spec declares no scope (the preference operations); any valid token of the location passes.
  return token !== undefined && (required === undefined || token.scopes.has(required))
    ? next(exchange)
    : fail(exchange, 401, "The token is not authorized for this scope.")
}

/** The route's handler, with the context its access kind promises. */
const handler = (now: () => number): Answer => (exchange) => {
  const { body, bytes, headers, params, request, route, traceId, url } = exchange
  const ctx: RequestContext = { request, url, params, body, bytes, traceId, headers, now }
  switch (route.access) {
    case "bearer": {
      const token = tokenOf(exchange)
      // Cannot happen: `authentication` answers every bearer request without a valid token.
      if (token === undefined) throw new Error(`route ${route.id} reached its handler unauthenticated`)
      return route.handle({ ...ctx, token })
    }
    case "oauthClient":
      return route.handle({ ...ctx, grant: exchange.caller._tag === "oauthClient" ? exchange.caller.grant : undefined })
  }
}

/** Who the request says it is: looked up before any check, since faults and the journal need its location. */
const callerOf = (auth: GatewayParts["auth"], route: Route, request: Request, body: string): Caller => {
  switch (route.access) {
    case "bearer": {
      const authentication = auth.authenticate(request.headers.get("authorization"))
      const locationId = authentication._tag === "valid" ? authentication.token.locationId : undefined
      return { _tag: "bearer", authentication, locationId }
    }
    case "oauthClient": {
      const grant = auth.locationOfGrant(new URLSearchParams(body))
      return { _tag: "oauthClient", grant, locationId: grant?.locationId }
    }
  }
}

/**
 * The fault stage: picks the fault of the route and location (at most one), waits for a latency, then answers with
 * a replacing fault, or runs the checks and the handler (`answer`) and lets a body-altering fault rewrite the result.
 * A fault that acts after the handler (the write happened, the client sees a reset) belongs here too.
 */
const withFaults = (parts: GatewayParts, answer: Answer) => (exchange: Exchange): Served | Promise<Served> => {
  const { faults, limiter } = parts
  // The token endpoint is not rate limited: its faults carry no X-RateLimit-* headers.
  const limitHeaders = (over?: Partial<Snapshot>): Record<string, string> =>
    exchange.route.access === "bearer"
      ? limiter.headers({ ...limiter.peek(exchange.caller.locationId), ...over })
      : {}
  const fault = faults.pick(exchange.route.id, exchange.caller.locationId)
  const respond = (): Served => {
    const replaced = Effects.replacement(fault, exchange.traceId, limitHeaders)
    if (replaced !== undefined) return { fault, response: replaced, ids: undefined }
    const prepared = answer(exchange)
    return { fault, response: Effects.alter(prepared, fault), ids: prepared.ids }
  }
  return fault?._tag === "latency" ? sleep(fault.ms).then(respond) : respond()
}

/** The journal stage: one entry per answered request, with its outcome. */
const record = (journal: Journal, exchange: Exchange, { fault, ids, response }: Served): Response => {
  const { locationId } = exchange.caller
  journal.record({
    method: exchange.request.method,
    path: exchange.url.pathname,
    query: Object.fromEntries(exchange.url.searchParams),
    route: exchange.route.id,
    status: response.type === "error" ? 0 : response.status,
    traceId: exchange.traceId,
    ...(locationId === undefined ? {} : { locationId }),
    ...(fault === undefined ? {} : { fault: fault._tag }),
    ...(ids === undefined ? {} : { ids: { ...ids } })
  })
  return response
}

const notFound = ({ journal, limiter, traceIds }: GatewayParts) => (request: Request): Response => {
  const traceId = traceIds.next()
  const url = new URL(request.url)
  const response = Responses.toResponse(Responses.json(404, {
    statusCode: 404,
    message: `Cannot ${request.method} ${url.pathname}`,
    error: "Not Found",
    traceId
  }, limiter.headers(limiter.peek(undefined))))
  journal.record({
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    route: "unmatched",
    status: 404,
    traceId
  })
  return response
}

/** @internal */
export const makeGateway = (parts: GatewayParts): Gateway => {
  const { auth, beforeRequest, journal, limiter, now, traceIds, versions } = parts
  const checks: ReadonlyArray<Check> = [pathParams, authentication, rateLimit(limiter), version(versions), scope]
  const answer = checks.reduceRight<Answer>((next, check) => (exchange) => check(exchange, next), handler(now))
  const faulted = withFaults(parts, answer)
  return {
    serve: (match, request) => {
      const traceId = traceIds.next()
      const url = new URL(request.url)
      const go = (bytes: Uint8Array) => {
        beforeRequest()
        const body = bytes.byteLength === 0 ? "" : utf8.decode(bytes)
        const exchange: Exchange = {
          route: match.route,
          request,
          url,
          raw: match.raw,
          params: {},
          body,
          bytes,
          traceId,
          caller: callerOf(auth, match.route, request, body),
          // Full figures until the rate-limit check counts the request.
          headers: match.route.access === "bearer" ? limiter.headers(limiter.peek(undefined)) : {}
        }
        return then(faulted(exchange), (served) => record(journal, exchange, served))
      }
      const method = request.method
      return method === "GET" || method === "HEAD"
        ? Promise.resolve(go(EMPTY))
        : request.arrayBuffer().then((buffer) => go(new Uint8Array(buffer)))
    },
    notFound: notFound(parts)
  }
}
