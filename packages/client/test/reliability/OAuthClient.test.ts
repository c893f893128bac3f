/**
 * The client with an OAuth token provider, against a scripted endpoint (no network): 401 → one refresh → one retry.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { ConversationsClient, OAuth } from "../../src/index.js"
import { baseOptions, json, scripted, tokenResponse } from "./support/tokenEndpoint.js"

describe("ConversationsClient with OAuth", () => {
  const conversation = {
    id: "c1",
    contactId: "k1",
    locationId: "loc-1",
    deleted: false,
    inbox: true,
    type: 1,
    unreadCount: 0
  }

  it.effect("401 → one refresh → one retry with the new token, which succeeds", () =>
    Effect.gen(function*() {
      const { client, log } = yield* scripted((seen) =>
        Effect.succeed(
          seen.url.endsWith("/oauth/token")
            ? tokenResponse()
            : seen.authorization === "Bearer at-revoked"
            ? json(401, { statusCode: 401, message: "Invalid JWT" })
            : json(200, conversation)
        )
      )
      const store = yield* OAuth.makeMemoryStore
      const result = yield* Effect.gen(function*() {
        const api = yield* ConversationsClient.ConversationsClient
        return yield* api.getConversation("c1")
      }).pipe(
        Effect.provide(
          OAuth.layerClient(
            { ...baseOptions, baseUrl: undefined, accessToken: Redacted.make("at-revoked") },
            { baseUrl: "https://api.test", rateLimit: false, retry: false }
          ).pipe(
            Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
            Layer.provide(Layer.succeed(OAuth.RefreshTokenStore, store))
          )
        )
      )
      expect(result.id).toBe("c1")
      const requests = yield* log
      expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        "GET https://api.test/conversations/c1",
        "POST https://api.test/oauth/token",
        "GET https://api.test/conversations/c1"
      ])
      expect(requests[2]?.authorization).toMatch(/^Bearer at-\d+$/)
      expect(yield* store.saves).toBe(1)
    }))

  it.effect("a refresh that fails with invalid_grant surfaces as UnauthorizedError, without a second retry", () =>
    Effect.gen(function*() {
      const { client, log } = yield* scripted((seen) =>
        Effect.succeed(
          seen.url.endsWith("/oauth/token")
            ? json(400, { error: "invalid_grant", error_description: "refresh token is invalid" })
            : json(401, { statusCode: 401, message: "Invalid JWT" })
        )
      )
      const store = yield* OAuth.makeMemoryStore
      const error = yield* Effect.flip(Effect.gen(function*() {
        const api = yield* ConversationsClient.ConversationsClient
        return yield* api.getConversation("c1")
      })).pipe(
        Effect.provide(
          OAuth.layerClient(
            { ...baseOptions, accessToken: Redacted.make("at-revoked") },
            { baseUrl: "https://api.test", rateLimit: false }
          ).pipe(
            Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
            Layer.provide(Layer.succeed(OAuth.RefreshTokenStore, store))
          )
        )
      )
      expect(error._tag).toBe("UnauthorizedError")
      expect((yield* log).map((r) => r.method)).toEqual(["GET", "POST"])
    }))
})
