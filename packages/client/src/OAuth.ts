/**
 * OAuth access tokens that renew themselves: a {@link TokenProvider} that refreshes before expiry and after a 401,
 * one refresh at a time, and hands every rotated refresh token to a store the user provides.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Equal from "effect/Equal"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as ConversationsClient from "./ConversationsClient.js"
import * as ConversationsConfig from "./ConversationsConfig.js"
import { TransportError, UnauthorizedError } from "./ConversationsError.js"
import { withoutRedirects } from "./internal/redirects.js"
import { NumberLenient } from "./internal/schema.js"
import type { TokenProvider } from "./TokenProvider.js"

/**
 * The failures of a token request: the grant or the client credentials were refused (`UnauthorizedError`), or the
 * token endpoint could not be reached or answered something unusable (`TransportError`, which the client's retry
 * policy treats as transient).
 *
 * @since 0.1.0
 * @category errors
 */
export type TokenError = UnauthorizedError | TransportError

/**
 * Who the token acts for: a sub-account (`Location`) or an agency (`Company`).
 *
 * @since 0.1.0
 * @category models
 */
export type UserType = "Location" | "Company"

/**
 * A token pair issued by `POST /oauth/token`, as handed to the {@link RefreshTokenStore}.
 *
 * @since 0.1.0
 * @category models
 */
export interface IssuedToken {
  readonly accessToken: Redacted.Redacted<string>
  /** The refresh token to use next time. HighLevel rotates it on every refresh: the previous one no longer works. */
  readonly refreshToken: Redacted.Redacted<string>
  /** When the access token expires, if the server said (`expires_in`). */
  readonly expiresAt: Option.Option<DateTime.Utc>
  /** The granted scopes, space-separated on the wire. */
  readonly scopes: ReadonlyArray<string>
  readonly userType?: string | undefined
  readonly locationId?: string | undefined
  readonly companyId?: string | undefined
  readonly userId?: string | undefined
}

/**
 * Where rotated refresh tokens go. HighLevel's refresh tokens are single-use, so a token that is not persisted is lost
 * with the process: implement `save` over your database or secret store. `save` runs before any request uses the new
 * access token; handle its failures inside it (a failure is logged, and the process keeps the new token in memory).
 *
 * @since 0.1.0
 * @category models
 */
export interface RefreshTokenStoreService {
  readonly save: (refreshToken: Redacted.Redacted<string>, info: IssuedToken) => Effect.Effect<void>
}

/**
 * An in-memory {@link RefreshTokenStoreService} that also answers what it holds (for tests and short-lived scripts).
 *
 * @since 0.1.0
 * @category models
 */
export interface MemoryRefreshTokenStore extends RefreshTokenStoreService {
  /** The last token pair saved, if any. */
  readonly latest: Effect.Effect<Option.Option<IssuedToken>>
  /** How many times `save` was called. */
  readonly saves: Effect.Effect<number>
}

/**
 * Makes an in-memory refresh token store.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemoryStore: Effect.Effect<MemoryRefreshTokenStore> = Effect.map(
  Ref.make<{ readonly latest: Option.Option<IssuedToken>; readonly saves: number }>({
    latest: Option.none(),
    saves: 0
  }),
  (ref) => ({
    save: (_refreshToken, info) => Ref.update(ref, (s) => ({ latest: Option.some(info), saves: s.saves + 1 })),
    latest: Effect.map(Ref.get(ref), (s) => s.latest),
    saves: Effect.map(Ref.get(ref), (s) => s.saves)
  })
)

/**
 * The service that persists rotated refresh tokens; the application provides it.
 *
 * @since 0.1.0
 * @category tags
 */
export class RefreshTokenStore extends Context.Tag("@highlevel-effect/client/OAuth/RefreshTokenStore")<
  RefreshTokenStore,
  RefreshTokenStoreService
>() {
  /**
   * A store that keeps the tokens in memory only: a restarted process must be given a fresh refresh token.
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<RefreshTokenStore> = Layer.effect(this, makeMemoryStore)
}

/**
 * The settings of the OAuth token provider.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** The current refresh token (the last one saved by your {@link RefreshTokenStore}). */
  readonly refreshToken: Redacted.Redacted<string>
  /** An access token still in hand, if any; without one the first request refreshes. */
  readonly accessToken?: Redacted.Redacted<string> | undefined
  /** When `accessToken` expires; without it the token is used until a 401. An unreadable date counts as expired. */
  readonly expiresAt?: DateTime.DateTime.Input | undefined
  /** The API's base URL (default: HighLevel's production API); the token URL is `${baseUrl}/oauth/token`. */
  readonly baseUrl?: string | undefined
  /** The full token URL, if it is not under `baseUrl`. */
  readonly tokenUrl?: string | undefined
  /** Sent as `user_type` (HighLevel's default is `Location`). */
  readonly userType?: UserType | undefined
  /** How long before expiry the token is renewed (default 60 s, at most half the token's lifetime). */
  readonly refreshSkew?: Duration.DurationInput | undefined
  /** The time one token request may take (default 30 s). */
  readonly timeout?: Duration.DurationInput | undefined
}

const TokenResponse = Schema.Struct({
  access_token: Schema.NonEmptyString,
  token_type: Schema.optional(Schema.String),
  expires_in: Schema.optional(NumberLenient),
  refresh_token: Schema.optional(Schema.NonEmptyString),
  scope: Schema.optional(Schema.String),
  userType: Schema.optional(Schema.String),
  locationId: Schema.optional(Schema.String),
  companyId: Schema.optional(Schema.String),
  userId: Schema.optional(Schema.String)
})
const decodeTokenResponse = Schema.decodeUnknownEither(Schema.parseJson(TokenResponse))

// OAuth errors are `{error, error_description}` (RFC 6749); HighLevel's gateway also sends `{statusCode, message}`.
const ErrorBody = Schema.Struct({
  error: Schema.optional(Schema.String),
  error_description: Schema.optional(Schema.String),
  message: Schema.optional(Schema.Union(Schema.String, Schema.Array(Schema.String)))
})
const decodeErrorBody = Schema.decodeUnknownOption(Schema.parseJson(ErrorBody))

const maxKeptBody = 2048

interface Grant {
  readonly operation: string
  readonly tokenUrl: string
  readonly timeout: Duration.Duration
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** The form fields of the grant: secrets stay `Redacted` until the body is encoded. */
  readonly fields: Readonly<Record<string, string | Redacted.Redacted<string> | undefined>>
  /** The refresh token to keep when the server does not rotate it. */
  readonly previousRefreshToken?: Redacted.Redacted<string> | undefined
}

const requestToken = (
  http: HttpClient.HttpClient,
  grant: Grant
): Effect.Effect<IssuedToken, TokenError> =>
  Effect.gen(function*() {
    const secrets = [grant.clientSecret, ...Object.values(grant.fields)].flatMap((field) =>
      Redacted.isRedacted(field) ? [Redacted.value(field)] : []
    )
    // A server that echoes the grant back must not smuggle a secret into an error message.
    const scrub = (text: string) =>
      secrets.reduce((acc, secret) => secret.length === 0 ? acc : acc.split(secret).join("<redacted>"), text)
        .slice(0, maxKeptBody)
    const form: Record<string, string> = {
      client_id: grant.clientId,
      client_secret: Redacted.value(grant.clientSecret)
    }
    for (const [key, value] of Object.entries(grant.fields)) {
      if (value !== undefined) form[key] = Redacted.isRedacted(value) ? Redacted.value(value) : value
    }
    const request = HttpClientRequest.post(grant.tokenUrl).pipe(
      HttpClientRequest.acceptJson,
      HttpClientRequest.bodyUrlParams(form)
    )
    const network = (detail: string) => new TransportError({ operation: grant.operation, reason: "network", detail })
    const response = yield* http.execute(request).pipe(
      Effect.mapError((error) => network(error.description ?? error.reason))
    )
    const text = yield* response.text.pipe(Effect.mapError((error) => network(error.description ?? error.reason)))
    if (response.status >= 200 && response.status < 300) {
      const decoded = decodeTokenResponse(text)
      if (Either.isLeft(decoded)) {
        return yield* network(`the token endpoint answered ${response.status} with a body that is not a token response`)
      }
      const body = decoded.right
      const now = yield* Clock.currentTimeMillis
      const refreshToken = body.refresh_token !== undefined
        ? Redacted.make(body.refresh_token)
        : grant.previousRefreshToken
      if (refreshToken === undefined) {
        return yield* network(`the token endpoint answered ${response.status} without a refresh token`)
      }
      return {
        accessToken: Redacted.make(body.access_token),
        refreshToken,
        expiresAt: body.expires_in !== undefined && Number.isFinite(body.expires_in)
          ? Option.some(DateTime.unsafeMake(now + Math.max(0, body.expires_in) * 1000))
          : Option.none(),
        scopes: (body.scope ?? "").split(/\s+/).filter((scope) => scope !== ""),
        userType: body.userType,
        locationId: body.locationId,
        companyId: body.companyId,
        userId: body.userId
      } satisfies IssuedToken
    }
    const errorBody = decodeErrorBody(text)
    const messages = Option.match(errorBody, {
      onNone: () => [],
      onSome: (b) =>
        [
          b.error,
          b.error_description,
          ...(b.message === undefined ? [] : typeof b.message === "string" ? [b.message] : b.message)
        ].filter((m): m is string => m !== undefined).map(scrub)
    })
    // 429 and 5xx may pass: they are transport-like, and the client's retry policy retries TransportError.
    if (response.status === 429 || response.status >= 500) {
      return yield* network(
        `the token endpoint answered ${response.status}` + (messages.length > 0 ? `: ${messages.join("; ")}` : "")
      )
    }
    // Everything else (invalid_grant, invalid_client, a bad request) needs new credentials, not another attempt.
    return yield* new UnauthorizedError({
      operation: grant.operation,
      status: response.status,
      messages,
      reason: "invalid_token",
      body: scrub(text)
    })
  }).pipe(
    Effect.timeoutFail({
      duration: grant.timeout,
      onTimeout: () =>
        new TransportError({
          operation: grant.operation,
          reason: "timeout",
          detail: `no token response within ${Duration.format(grant.timeout)}`
        })
    }),
    Effect.withSpan(grant.operation, { attributes: { "url.full": grant.tokenUrl } })
  )

const tokenUrlOf = (options: { readonly baseUrl?: string | undefined; readonly tokenUrl?: string | undefined }) =>
  options.tokenUrl ?? `${(options.baseUrl ?? ConversationsConfig.defaultBaseUrl).replace(/\/+$/, "")}/oauth/token`

const defaultTimeout = Duration.seconds(30)

// No trace headers to a third party, and no platform `http.client` span: its exit holds the request, whose body is
// the form with the client secret and the refresh token. `requestToken` opens its own span without them. No redirects
// either: a 307 would post that form to wherever its `Location` points.
const tokenClient = (http: HttpClient.HttpClient): HttpClient.HttpClient =>
  http.pipe(HttpClient.withTracerPropagation(false), HttpClient.withTracerDisabledWhen(() => true), withoutRedirects)

/**
 * Exchanges an authorization code (from the OAuth redirect) for the first token pair. Save its `refreshToken`, then
 * build the provider with {@link make}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const exchangeCode = (options: {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly code: Redacted.Redacted<string>
  readonly redirectUri?: string | undefined
  readonly userType?: UserType | undefined
  readonly baseUrl?: string | undefined
  readonly tokenUrl?: string | undefined
  readonly timeout?: Duration.DurationInput | undefined
}): Effect.Effect<IssuedToken, TokenError, HttpClient.HttpClient> =>
  Effect.flatMap(HttpClient.HttpClient, (http) =>
    requestToken(tokenClient(http), {
      operation: "OAuth.exchangeCode",
      tokenUrl: tokenUrlOf(options),
      timeout: Duration.decode(options.timeout ?? defaultTimeout),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      fields: {
        grant_type: "authorization_code",
        code: options.code,
        redirect_uri: options.redirectUri,
        user_type: options.userType
      }
    }))

interface State {
  readonly access: Option.Option<Redacted.Redacted<string>>
  /** When to renew ahead of expiry (epoch ms); `undefined` when the expiry is unknown. */
  readonly renewAt: number | undefined
  readonly refreshToken: Redacted.Redacted<string>
  /** The refresh in progress: everyone who needs a token meanwhile waits for this one instead of starting another. */
  readonly inflight: Option.Option<Deferred.Deferred<Redacted.Redacted<string>, TokenError>>
}

type Decision =
  | { readonly _tag: "ready"; readonly token: Redacted.Redacted<string> }
  | { readonly _tag: "await"; readonly deferred: Deferred.Deferred<Redacted.Redacted<string>, TokenError> }
  | { readonly _tag: "start"; readonly deferred: Deferred.Deferred<Redacted.Redacted<string>, TokenError> }

/**
 * Builds the OAuth token provider; give it to the client as its `token` (or use {@link layerClient}).
 *
 * - `token` renews the access token `refreshSkew` before it expires, so requests rarely meet a 401.
 * - `refresh` (called by the client after a 401) renews it unless another fiber already did.
 * - Single flight: however many fibers need a token at once, one refresh request is made and all of them wait for it.
 *   The refresh runs in its own fiber, so an interrupted caller cannot lose a rotated refresh token halfway.
 * - Every new refresh token is saved to the {@link RefreshTokenStore} before any request uses the new access token.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<TokenProvider, never, HttpClient.HttpClient | RefreshTokenStore> =>
  Effect.gen(function*() {
    const http = tokenClient(yield* HttpClient.HttpClient)
    const store = yield* RefreshTokenStore
    const skew = Duration.toMillis(options.refreshSkew ?? Duration.seconds(60))
    const tokenUrl = tokenUrlOf(options)
    const timeout = Duration.decode(options.timeout ?? defaultTimeout)
    const initialExpiry = options.expiresAt === undefined
      ? undefined
      // An unreadable date counts as already expired: one needless refresh is better than a stale token.
      : Option.match(DateTime.make(options.expiresAt), { onNone: () => 0, onSome: DateTime.toEpochMillis })
    const state = yield* Ref.make<State>({
      access: Option.fromNullable(options.accessToken),
      renewAt: initialExpiry === undefined ? undefined : initialExpiry - skew,
      refreshToken: options.refreshToken,
      inflight: Option.none()
    })

    const runRefresh = (deferred: Deferred.Deferred<Redacted.Redacted<string>, TokenError>) =>
      Effect.gen(function*() {
        const { refreshToken } = yield* Ref.get(state)
        const result = yield* Effect.exit(requestToken(http, {
          operation: "OAuth.refresh",
          tokenUrl,
          timeout,
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          fields: { grant_type: "refresh_token", refresh_token: refreshToken, user_type: options.userType },
          previousRefreshToken: refreshToken
        }))
        if (result._tag === "Failure") {
          yield* Ref.update(state, (s) => ({ ...s, inflight: Option.none() }))
          return yield* Deferred.failCause(deferred, result.cause)
        }
        const issued = result.value
        const now = yield* Clock.currentTimeMillis
        const renewAt = Option.match(issued.expiresAt, {
          onNone: () => undefined,
          onSome: (expiresAt) => {
            const lifetime = DateTime.toEpochMillis(expiresAt) - now
            // A short-lived token (tests, or a skew larger than the lifetime) would otherwise be renewed on every use.
            return now + lifetime - Math.min(skew, lifetime / 2)
          }
        })
        // Still in flight while the store saves: nobody uses the new access token before its refresh token is kept.
        yield* Ref.update(state, (s) => ({
          access: Option.some(issued.accessToken),
          renewAt,
          refreshToken: issued.refreshToken,
          inflight: s.inflight
        }))
        yield* store.save(issued.refreshToken, issued).pipe(
          Effect.catchAllCause((cause) =>
            Effect.logError("OAuth: the refresh token store failed to save the rotated refresh token", cause)
          )
        )
        yield* Ref.update(state, (s) => ({ ...s, inflight: Option.none() }))
        yield* Deferred.succeed(deferred, issued.accessToken)
      }).pipe(
        // Only the runtime shutting down interrupts this fiber: release the waiters rather than leave them hanging.
        Effect.onInterrupt(() =>
          Effect.zipRight(Ref.update(state, (s) => ({ ...s, inflight: Option.none() })), Deferred.interrupt(deferred))
        )
      )

    // Either hands out the current token, joins the refresh in progress, or starts one. Deciding and registering the
    // refresh happen in one atomic `Ref.modify`, and the start is uninterruptible, so a refresh is never orphaned.
    const ensureFresh = (stale: (s: State, now: number) => boolean) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          const fresh = yield* Deferred.make<Redacted.Redacted<string>, TokenError>()
          const decision = yield* Ref.modify(state, (s): readonly [Decision, State] => {
            if (Option.isSome(s.inflight)) return [{ _tag: "await", deferred: s.inflight.value }, s]
            if (Option.isSome(s.access) && !stale(s, now)) return [{ _tag: "ready", token: s.access.value }, s]
            return [{ _tag: "start", deferred: fresh }, { ...s, inflight: Option.some(fresh) }]
          })
          switch (decision._tag) {
            case "ready":
              return decision.token
            case "start":
              // A fiber forked here would inherit the uninterruptible region, and its timeout could not fire.
              yield* Effect.forkDaemon(Effect.interruptible(runRefresh(decision.deferred)))
              return yield* restore(Deferred.await(decision.deferred))
            case "await":
              return yield* restore(Deferred.await(decision.deferred))
          }
        })
      )

    return {
      token: ensureFresh((s, now) => s.renewAt !== undefined && now >= s.renewAt),
      // Only the token that was rejected is renewed: if another fiber already replaced it, retry with the new one.
      refresh: (rejected) =>
        Effect.as(
          ensureFresh((s) => Option.isSome(s.access) && Equal.equals(s.access.value, rejected)),
          true
        )
    } satisfies TokenProvider
  })

/**
 * The client as a Layer, authenticated by an OAuth token provider built from `oauth`. The provider uses the client's
 * `baseUrl` unless `oauth` names its own.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClient = (
  oauth: Options,
  options: Omit<ConversationsConfig.Options, "token"> = {}
): Layer.Layer<ConversationsClient.ConversationsClient, never, HttpClient.HttpClient | RefreshTokenStore> =>
  Layer.unwrapEffect(
    Effect.map(
      make({ ...oauth, baseUrl: oauth.baseUrl ?? options.baseUrl }),
      (token) => ConversationsClient.layer({ ...options, token })
    )
  )
