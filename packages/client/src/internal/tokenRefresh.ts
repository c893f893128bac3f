/**
 * The OAuth provider's state: the access token in hand, when to renew it, the current refresh token, and the one
 * refresh in flight that everybody waits for (single flight).
 *
 * @since 0.1.0
 * @internal
 */
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"

type Fresh<E> = Deferred.Deferred<Redacted.Redacted<string>, E>

/**
 * What a refresh issues (an `OAuth.IssuedToken`): the pair, and when the access token expires if the server said.
 *
 * @internal
 */
interface Issued {
  readonly accessToken: Redacted.Redacted<string>
  readonly refreshToken: Redacted.Redacted<string>
  readonly expiresAt: Option.Option<DateTime.Utc>
}

/**
 * What the provider knows.
 *
 * @internal
 */
export interface State<E> {
  readonly access: Option.Option<Redacted.Redacted<string>>
  /** When to renew ahead of expiry (epoch ms); `undefined` when the expiry is unknown. */
  readonly renewAt: number | undefined
  readonly refreshToken: Redacted.Redacted<string>
  /** The refresh in progress: everyone who needs a token meanwhile waits for this one instead of starting another. */
  readonly inflight: Option.Option<Fresh<E>>
}

type Decision<E> =
  | { readonly _tag: "ready"; readonly token: Redacted.Redacted<string> }
  | { readonly _tag: "await"; readonly deferred: Fresh<E> }
  | { readonly _tag: "start"; readonly deferred: Fresh<E> }

/**
 * What a refresh needs: the state, the grant to send (given the current refresh token), the store, the skew.
 *
 * @internal
 */
interface Refresher<A extends Issued, E> {
  readonly state: Ref.Ref<State<E>>
  readonly grant: (refreshToken: Redacted.Redacted<string>) => Effect.Effect<A, E>
  readonly store: { readonly save: (refreshToken: Redacted.Redacted<string>, info: A) => Effect.Effect<void> }
  /** How long before expiry the token is renewed, in ms (at most half the token's lifetime). */
  readonly skew: number
}

const release = <E>(state: Ref.Ref<State<E>>) => Ref.update(state, (s) => ({ ...s, inflight: Option.none() }))

// When to renew a token issued now: `skew` before it expires, at most half its lifetime ahead.
const renewAtOf = (issued: Issued, now: number, skew: number): number | undefined =>
  Option.match(issued.expiresAt, {
    onNone: () => undefined,
    onSome: (expiresAt) => {
      const lifetime = DateTime.toEpochMillis(expiresAt) - now
      // A short-lived token (tests, or a skew larger than the lifetime) would otherwise be renewed on every use.
      return now + lifetime - Math.min(skew, lifetime / 2)
    }
  })

// One refresh, completing `deferred` with the new access token (or the failure) for everyone waiting on it.
const runRefresh = <A extends Issued, E>({ grant, skew, state, store }: Refresher<A, E>, deferred: Fresh<E>) =>
  Effect.gen(function*() {
    const { refreshToken } = yield* Ref.get(state)
    const result = yield* Effect.exit(grant(refreshToken))
    if (result._tag === "Failure") {
      yield* release(state)
      return yield* Deferred.failCause(deferred, result.cause)
    }
    const issued = result.value
    const now = yield* Clock.currentTimeMillis
    // Still in flight while the store saves: nobody uses the new access token before its refresh token is kept.
    yield* Ref.update(state, (s) => ({
      access: Option.some(issued.accessToken),
      renewAt: renewAtOf(issued, now, skew),
      refreshToken: issued.refreshToken,
      inflight: s.inflight
    }))
    yield* store.save(issued.refreshToken, issued).pipe(
      Effect.catchAllCause((cause) =>
        Effect.logError("OAuth: the refresh token store failed to save the rotated refresh token", cause)
      )
    )
    yield* release(state)
    yield* Deferred.succeed(deferred, issued.accessToken)
  }).pipe(
    // Only the runtime shutting down interrupts this fiber: release the waiters rather than leave them hanging.
    Effect.onInterrupt(() => Effect.zipRight(release(state), Deferred.interrupt(deferred)))
  )

/**
 * A fresh access token: the current one unless `stale` says otherwise, else the refresh in progress, else a new one.
 * Deciding and registering the refresh happen in one atomic `Ref.modify`, and the start is uninterruptible, so a
 * refresh is never orphaned; it runs in a fiber of its own, so an interrupted caller cannot lose a rotated token.
 *
 * @internal
 */
export const ensureFresh = <A extends Issued, E>(
  refresher: Refresher<A, E>,
  stale: (s: State<E>, now: number) => boolean
): Effect.Effect<Redacted.Redacted<string>, E> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const fresh = yield* Deferred.make<Redacted.Redacted<string>, E>()
      const decision = yield* Ref.modify(refresher.state, (s): readonly [Decision<E>, State<E>] => {
        if (Option.isSome(s.inflight)) return [{ _tag: "await", deferred: s.inflight.value }, s]
        if (Option.isSome(s.access) && !stale(s, now)) return [{ _tag: "ready", token: s.access.value }, s]
        return [{ _tag: "start", deferred: fresh }, { ...s, inflight: Option.some(fresh) }]
      })
      switch (decision._tag) {
        case "ready":
          return decision.token
        case "start":
          // A fiber forked here would inherit the uninterruptible region, and its timeout could not fire.
          yield* Effect.forkDaemon(Effect.interruptible(runRefresh(refresher, decision.deferred)))
          return yield* restore(Deferred.await(decision.deferred))
        case "await":
          return yield* restore(Deferred.await(decision.deferred))
      }
    })
  )
