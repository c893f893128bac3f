/**
 * OAuth access tokens that renew themselves: a {@link TokenProvider} that refreshes before expiry and after a 401,
 * one refresh at a time, and hands every rotated refresh token to a store the user provides.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as ConversationsClient from "./ConversationsClient.js"
import type * as ConversationsConfig from "./ConversationsConfig.js"
import { TransportError, type UnauthorizedError } from "./ConversationsError.js"
import {
  defaultTimeout,
  type Grant,
  requestToken,
  tokenClient,
  tokenUrlOf,
  withinGrant
} from "./internal/tokenEndpoint.js"
import { ensureFresh, type State } from "./internal/tokenRefresh.js"
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

// One grant to the token endpoint, its answer as the token pair. HighLevel rotates the refresh token on every
// refresh; one that is not rotated (`previous`) stays in use.
const issue = (
  http: HttpClient.HttpClient,
  grant: Grant,
  previous?: Redacted.Redacted<string>
): Effect.Effect<IssuedToken, TokenError> =>
  withinGrant(
    grant,
    Effect.gen(function*() {
      const { body, status } = yield* requestToken(http, grant)
      const now = yield* Clock.currentTimeMillis
      const refreshToken = body.refresh_token !== undefined ? Redacted.make(body.refresh_token) : previous
      if (refreshToken === undefined) {
        return yield* new TransportError({
          operation: grant.operation,
          reason: "network",
          detail: `the token endpoint answered ${status} without a refresh token`
        })
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
      }
    })
  )

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
    issue(tokenClient(http), {
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
    const state = yield* Ref.make<State<TokenError>>({
      access: Option.fromNullable(options.accessToken),
      renewAt: initialExpiry === undefined ? undefined : initialExpiry - skew,
      refreshToken: options.refreshToken,
      inflight: Option.none()
    })
    const refresher = {
      state,
      store,
      skew,
      grant: (refreshToken: Redacted.Redacted<string>) =>
        issue(http, {
          operation: "OAuth.refresh",
          tokenUrl,
          timeout,
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          fields: { grant_type: "refresh_token", refresh_token: refreshToken, user_type: options.userType }
        }, refreshToken)
    }
    return {
      token: ensureFresh(refresher, (s, now) => s.renewAt !== undefined && now >= s.renewAt),
      // Only the token that was rejected is renewed: if another fiber already replaced it, retry with the new one.
      refresh: (rejected) =>
        Effect.as(
          ensureFresh(refresher, (s) => Option.isSome(s.access) && Equal.equals(s.access.value, rejected)),
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
