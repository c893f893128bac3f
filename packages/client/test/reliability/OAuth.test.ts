/**
 * The OAuth token provider against a scripted token endpoint (no network): lazy and early refresh, single flight,
 * rotation into the store, error mapping. The client's 401 → refresh → retry flow is in OAuthClient.test.ts.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import { OAuth } from "../../src/index.js"
import { baseOptions, json, providerWith, scripted, tokenRequests, tokenResponse } from "./support/tokenEndpoint.js"

describe("OAuth token provider", () => {
  it.effect("refreshes lazily on first use with a form-encoded refresh_token grant, then reuses the token", () =>
    Effect.gen(function*() {
      const { client, log } = yield* scripted(() => Effect.succeed(tokenResponse()))
      const { provider, store } = yield* providerWith(client, { userType: "Location" })
      const first = yield* provider.token
      const second = yield* provider.token
      const requests = yield* log
      expect(requests).toHaveLength(1)
      const request = requests[0]
      expect(request?.method).toBe("POST")
      expect(request?.url).toBe("https://oauth.test/oauth/token")
      expect(Object.fromEntries(request?.form ?? [])).toEqual({
        client_id: "client-1",
        client_secret: "s3cr3t-client-secret",
        grant_type: "refresh_token",
        refresh_token: "rt-initial",
        user_type: "Location"
      })
      expect(Redacted.value(first)).toMatch(/^at-\d+$/)
      expect(Redacted.value(second)).toBe(Redacted.value(first))
      const saved = yield* store.latest
      expect(Option.map(saved, (s) => Redacted.value(s.refreshToken))).toEqual(
        Option.some(Redacted.value(first).replace("at-", "rt-"))
      )
      expect(Option.map(saved, (s) => s.scopes)).toEqual(
        Option.some(["conversations.readonly", "conversations/message.readonly"])
      )
    }))

  it.effect("renews refreshSkew before expiry with the rotated refresh token", () =>
    Effect.gen(function*() {
      const { client, log } = yield* scripted(() => Effect.succeed(tokenResponse(3600)))
      const { provider, store } = yield* providerWith(client, { refreshSkew: "60 seconds" })
      const first = yield* provider.token
      yield* TestClock.adjust("3539 seconds")
      expect(Redacted.value(yield* provider.token)).toBe(Redacted.value(first))
      expect(tokenRequests(yield* log)).toHaveLength(1)
      yield* TestClock.adjust("2 seconds")
      const renewed = yield* provider.token
      expect(Redacted.value(renewed)).not.toBe(Redacted.value(first))
      const requests = tokenRequests(yield* log)
      expect(requests).toHaveLength(2)
      // The second grant uses the refresh token the first one returned: rotation is followed.
      expect(requests[1]?.form?.get("refresh_token")).toBe(Redacted.value(first).replace("at-", "rt-"))
      expect(yield* store.saves).toBe(2)
    }))

  it.effect("never renews on every use when the token lives shorter than the skew", () =>
    Effect.gen(function*() {
      const { client, log } = yield* scripted(() => Effect.succeed(tokenResponse(10)))
      const { provider } = yield* providerWith(client, { refreshSkew: "60 seconds" })
      yield* provider.token
      yield* TestClock.adjust("4 seconds")
      yield* provider.token
      expect(tokenRequests(yield* log)).toHaveLength(1)
      yield* TestClock.adjust("2 seconds")
      yield* provider.token
      expect(tokenRequests(yield* log)).toHaveLength(2)
    }))

  it.effect("uses a given access token until its expiry, then refreshes", () =>
    Effect.gen(function*() {
      const { client, log } = yield* scripted(() => Effect.succeed(tokenResponse()))
      const { provider } = yield* providerWith(client, {
        accessToken: Redacted.make("at-given"),
        expiresAt: 1_000_000,
        refreshSkew: "10 seconds"
      })
      expect(Redacted.value(yield* provider.token)).toBe("at-given")
      yield* TestClock.setTime(1_000_000 - 9_000)
      expect(Redacted.value(yield* provider.token)).not.toBe("at-given")
      expect(tokenRequests(yield* log)).toHaveLength(1)
    }))

  it.effect("single flight: 100 concurrent requests on an expired token make exactly one refresh call", () =>
    Effect.gen(function*() {
      const gate = yield* Deferred.make<void>()
      const { client, log } = yield* scripted(() => Effect.as(Deferred.await(gate), tokenResponse()))
      const { provider, store } = yield* providerWith(client, {
        accessToken: Redacted.make("at-expired"),
        expiresAt: 0
      })
      const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 100 }, () => provider.token), {
        concurrency: "unbounded"
      }))
      // Let all 100 fibers reach the provider while the one refresh is held open.
      yield* Effect.yieldNow()
      yield* TestClock.adjust("1 millis")
      yield* Deferred.succeed(gate, undefined)
      const tokens = yield* Fiber.join(fiber)
      expect(tokenRequests(yield* log)).toHaveLength(1)
      expect(new Set(tokens.map(Redacted.value)).size).toBe(1)
      expect(yield* store.saves).toBe(1)
    }))

  it.effect("single flight after a 401: 100 concurrent refresh(rejected) calls make one refresh call", () =>
    Effect.gen(function*() {
      const gate = yield* Deferred.make<void>()
      const { client, log } = yield* scripted(() => Effect.as(Deferred.await(gate), tokenResponse()))
      const rejected = Redacted.make("at-revoked")
      const { provider } = yield* providerWith(client, { accessToken: rejected })
      const fiber = yield* Effect.fork(
        Effect.all(Array.from({ length: 100 }, () => provider.refresh(Redacted.make("at-revoked"))), {
          concurrency: "unbounded"
        })
      )
      yield* Effect.yieldNow()
      yield* Deferred.succeed(gate, undefined)
      const answers = yield* Fiber.join(fiber)
      expect(answers.every((answer) => answer)).toBe(true)
      expect(tokenRequests(yield* log)).toHaveLength(1)
      // A late 401 for the old token does not refresh again: the token it names was already replaced.
      expect(yield* provider.refresh(rejected)).toBe(true)
      expect(tokenRequests(yield* log)).toHaveLength(1)
      expect(Redacted.value(yield* provider.token)).not.toBe("at-revoked")
    }))

  it.effect("an interrupted caller does not orphan the refresh: the rotated token still lands", () =>
    Effect.gen(function*() {
      const gate = yield* Deferred.make<void>()
      const { client, log } = yield* scripted(() => Effect.as(Deferred.await(gate), tokenResponse()))
      const { provider, store } = yield* providerWith(client)
      const caller = yield* Effect.fork(provider.token)
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(caller)
      yield* Deferred.succeed(gate, undefined)
      const token = yield* provider.token
      expect(Redacted.value(token)).toMatch(/^at-\d+$/)
      expect(tokenRequests(yield* log)).toHaveLength(1)
      expect(yield* store.saves).toBe(1)
    }))

  it.effect("no caller gets the new access token before the store has saved the rotated refresh token", () =>
    Effect.gen(function*() {
      const { client } = yield* scripted(() => Effect.succeed(tokenResponse()))
      const gate = yield* Deferred.make<void>()
      const saving = yield* Deferred.make<void>()
      const saved = yield* Ref.make<ReadonlyArray<string>>([])
      const provider = yield* OAuth.make(baseOptions).pipe(
        Effect.provideService(HttpClient.HttpClient, client),
        Effect.provideService(OAuth.RefreshTokenStore, {
          save: (refreshToken) =>
            Deferred.succeed(saving, undefined).pipe(
              Effect.zipRight(Deferred.await(gate)),
              Effect.zipRight(Ref.update(saved, (all) => [...all, Redacted.value(refreshToken)]))
            )
        })
      )
      const first = yield* Effect.fork(provider.token)
      yield* Deferred.await(saving)
      const second = yield* Effect.fork(provider.token)
      yield* Effect.repeatN(Effect.yieldNow(), 20)
      // The exchange is done, the save is held: neither caller has a token yet.
      expect(Option.isNone(yield* Fiber.poll(first))).toBe(true)
      expect(Option.isNone(yield* Fiber.poll(second))).toBe(true)
      yield* Deferred.succeed(gate, undefined)
      const tokens = [yield* Fiber.join(first), yield* Fiber.join(second)].map(Redacted.value)
      expect(tokens[0]).toBe(tokens[1])
      expect(yield* Ref.get(saved)).toEqual([tokens[0]?.replace("at-", "rt-")])
    }))

  it.effect("invalid_grant fails with UnauthorizedError; the secrets never appear in it", () =>
    Effect.gen(function*() {
      const { client } = yield* scripted((seen) =>
        Effect.succeed(json(400, {
          error: "invalid_grant",
          // A hostile or careless server echoing the grant back.
          error_description: `refresh token ${seen.form?.get("refresh_token")} is invalid for ${
            seen.form?.get("client_secret")
          }`
        }))
      )
      const { provider, store } = yield* providerWith(client)
      const error = yield* Effect.flip(provider.token)
      expect(error._tag).toBe("UnauthorizedError")
      expect(error.message).toContain("invalid_grant")
      const everything = [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))].join(
        "\n"
      )
      expect(everything).not.toContain("rt-initial")
      expect(everything).not.toContain("s3cr3t-client-secret")
      expect(yield* store.saves).toBe(0)
    }))

  it.effect("a 503, a reset connection and a garbage 200 fail with TransportError (retryable by the client)", () =>
    Effect.gen(function*() {
      const answers: Array<Response | "reset"> = [
        new Response("<html>Bad gateway</html>", { status: 503 }),
        "reset",
        new Response("{\"access_token\":", { status: 200, headers: { "content-type": "application/json" } })
      ]
      const { client } = yield* scripted((_, index) => Effect.succeed(answers[index] ?? "reset"))
      const { provider } = yield* providerWith(client)
      const errors = [
        yield* Effect.flip(provider.token),
        yield* Effect.flip(provider.token),
        yield* Effect.flip(provider.token)
      ]
      expect(errors.map((e) => e._tag)).toEqual(["TransportError", "TransportError", "TransportError"])
      expect(errors[0]?.message).toContain("503")
    }))

  it.live("a token endpoint that never answers fails with a timeout TransportError", () =>
    Effect.gen(function*() {
      const { client } = yield* scripted(() => Effect.never)
      const { provider } = yield* providerWith(client, { timeout: "200 millis" })
      const error = yield* Effect.flip(provider.token)
      expect(error._tag === "TransportError" && error.reason).toBe("timeout")
    }))

  it.effect("a failing store is logged, not fatal: the new token is used", () =>
    Effect.gen(function*() {
      const { client } = yield* scripted(() => Effect.succeed(tokenResponse()))
      const provider = yield* OAuth.make(baseOptions).pipe(
        Effect.provideService(HttpClient.HttpClient, client),
        Effect.provideService(OAuth.RefreshTokenStore, { save: () => Effect.die("disk full") })
      )
      const exit = yield* Effect.exit(provider.token)
      expect(Exit.isSuccess(exit)).toBe(true)
    }))

  it.effect("exchangeCode sends an authorization_code grant", () =>
    Effect.gen(function*() {
      const { client, log } = yield* scripted(() => Effect.succeed(tokenResponse()))
      const issuedToken = yield* OAuth.exchangeCode({
        clientId: "client-1",
        clientSecret: Redacted.make("s3cr3t-client-secret"),
        code: Redacted.make("code-1"),
        redirectUri: "https://app.test/callback",
        tokenUrl: "https://auth.test/token"
      }).pipe(Effect.provideService(HttpClient.HttpClient, client))
      const [request] = yield* log
      expect(request?.url).toBe("https://auth.test/token")
      expect(request?.form?.get("grant_type")).toBe("authorization_code")
      expect(request?.form?.get("code")).toBe("code-1")
      expect(request?.form?.get("redirect_uri")).toBe("https://app.test/callback")
      expect(Option.isSome(issuedToken.expiresAt)).toBe(true)
    }))
})
