/**
 * What a route is: one operation as data (method, raw path pattern, id, who may call it) plus its handler, and the
 * small context the gateway hands that handler once every check has passed.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockControl from "../../MockControl.js"
import type { Scope, TokenInfo } from "../auth.js"
import type { StoredLocation } from "../model.js"
import * as Responses from "../responses.js"

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/** What the gateway knows of a request when the handler runs. @internal */
export interface RequestContext {
  readonly request: Request
  readonly url: URL
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>
  /** The request body as text ("" for GET). */
  readonly body: string
  /** The request body as bytes (multipart uploads); empty for GET. */
  readonly bytes: Uint8Array
  readonly traceId: string
  /** Headers every answer to this request carries: the rate-limit figures on bearer routes. */
  readonly headers: Readonly<Record<string, string>>
  /** The mock's one clock (the `now` option). */
  readonly now: () => number
}

/** A bearer route's context: the token passed authentication, the rate limit, `Version` and scope. @internal */
export interface BearerContext extends RequestContext {
  readonly token: TokenInfo
}

/** The token endpoint's context: the location whose refresh token or code the form carries, if any. @internal */
export interface OAuthClientContext extends RequestContext {
  readonly grant: StoredLocation | undefined
}

interface RouteShape {
  readonly method: Method
  /** Matched on the raw (undecoded) path; `{name}` is one segment; a trailing slash is allowed. */
  readonly path: string
  readonly id: MockControl.RouteId
}

/**
 * A route of the API: `Authorization: Bearer`, counted against the location's rate limit, `Version` required, and
 * `scope` required of the token.
 *
 * @internal
 */
interface BearerRoute extends RouteShape {
  readonly access: "bearer"
  /** `undefined` where the spec declares none (the preference operations): a valid token of the location is enough. */
  readonly scope: Scope | undefined
  readonly handle: (ctx: BearerContext) => Responses.Prepared
}

/**
 * The token endpoint: OAuth client credentials in a form body; no bearer token, no rate limit, no `Version`.
 *
 * @internal
 */
interface OAuthClientRoute extends RouteShape {
  readonly access: "oauthClient"
  readonly handle: (ctx: OAuthClientContext) => Responses.Prepared
}

/** @internal */
export type Route = BearerRoute | OAuthClientRoute

/**
 * The constructor of bearer routes on one resource's state, all requiring `scope`: an entry is then its method, path,
 * id and handler. @internal
 */
export const bearer = <S>(state: S, scope: Scope | undefined) =>
(
  method: Method,
  path: string,
  id: MockControl.RouteId,
  handle: (ctx: BearerContext, state: S) => Responses.Prepared
): Route => ({ method, path, id, access: "bearer", scope, handle: (ctx) => handle(ctx, state) })

/** The constructor of OAuth-client routes (the token endpoint) on their state. @internal */
export const oauthClient = <S>(state: S) =>
(
  method: Method,
  path: string,
  id: MockControl.RouteId,
  handle: (ctx: OAuthClientContext, state: S) => Responses.Prepared
): Route => ({ method, path, id, access: "oauthClient", handle: (ctx) => handle(ctx, state) })

/** A 200 (or other status) with the request's headers. @internal */
export const json = (ctx: RequestContext, status: number, body: unknown): Responses.Prepared =>
  Responses.json(status, body, ctx.headers)

/** The API's error body: `{statusCode, message, …extra, traceId}`. @internal */
export const error = (
  ctx: RequestContext,
  status: number,
  message: string | ReadonlyArray<string>,
  extra: Readonly<Record<string, string>> = {}
): Responses.Prepared =>
  Responses.json(status, { statusCode: status, message, ...extra, traceId: ctx.traceId }, ctx.headers)
