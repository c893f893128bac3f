/**
 * Where the client gets its bearer token: a static Private Integration Token, or a provider that can refresh.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type { TransportError, UnauthorizedError } from "./ConversationsError.js"

/**
 * A source of access tokens. `token` yields the token to send (a refreshing provider renews it before expiry);
 * `refresh` is called once after a 401 with the token that was rejected and answers whether a new one is available, in
 * which case the request is retried once.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenProvider {
  readonly token: Effect.Effect<Redacted.Redacted<string>, UnauthorizedError | TransportError>
  readonly refresh: (rejected: Redacted.Redacted<string>) => Effect.Effect<boolean, UnauthorizedError | TransportError>
}

/**
 * A fixed token (a Private Integration Token): it is never refreshed, so a 401 surfaces at once.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromRedacted = (token: Redacted.Redacted<string>): TokenProvider => ({
  token: Effect.succeed(token),
  refresh: () => Effect.succeed(false)
})

/**
 * Whether a value is a {@link TokenProvider} rather than a bare token.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTokenProvider = (u: unknown): u is TokenProvider =>
  typeof u === "object" && u !== null && "token" in u && "refresh" in u && Effect.isEffect(u.token)
