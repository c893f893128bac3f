/**
 * A scripted token endpoint for the OAuth tests (no network): an HttpClient that records every request (method, URL,
 * authorization, form) and answers from a script, token responses with fresh tokens, and a provider built on it.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { OAuth } from "../../../src/index.js"

export interface Seen {
  readonly method: string
  readonly url: string
  readonly authorization: string | undefined
  readonly form: URLSearchParams | undefined
}

const formOf = (request: HttpClientRequest.HttpClientRequest): URLSearchParams | undefined =>
  request.body._tag === "Uint8Array" ? new URLSearchParams(new TextDecoder().decode(request.body.body)) : undefined

/** A scripted HttpClient: records every request and answers from `answer` (a Response, or a transport failure). */
export const scripted = (
  answer: (seen: Seen, index: number) => Effect.Effect<Response | "reset">
) =>
  Effect.gen(function*() {
    const log = yield* Ref.make<ReadonlyArray<Seen>>([])
    const client = HttpClient.make((request, url) =>
      Effect.gen(function*() {
        const seen: Seen = {
          method: request.method,
          url: url.toString(),
          authorization: request.headers.authorization,
          form: formOf(request)
        }
        const index = yield* Ref.modify(log, (all) => [all.length, [...all, seen]])
        const response = yield* answer(seen, index)
        if (response === "reset") {
          return yield* new HttpClientError.RequestError({
            request,
            reason: "Transport",
            description: "socket hang up"
          })
        }
        return HttpClientResponse.fromWeb(request, response)
      })
    )
    return { client, log: Ref.get(log) }
  })

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

let issued = 0
export const tokenResponse = (expiresIn = 3600) => {
  issued += 1
  return json(200, {
    access_token: `at-${issued}`,
    token_type: "Bearer",
    expires_in: expiresIn,
    refresh_token: `rt-${issued}`,
    scope: "conversations.readonly conversations/message.readonly",
    userType: "Location",
    locationId: "loc-1"
  })
}

export const baseOptions: OAuth.Options = {
  clientId: "client-1",
  clientSecret: Redacted.make("s3cr3t-client-secret"),
  refreshToken: Redacted.make("rt-initial"),
  baseUrl: "https://oauth.test"
}

export const providerWith = (client: HttpClient.HttpClient, options: Partial<OAuth.Options> = {}) =>
  Effect.gen(function*() {
    const store = yield* OAuth.makeMemoryStore
    const provider = yield* OAuth.make({ ...baseOptions, ...options }).pipe(
      Effect.provideService(HttpClient.HttpClient, client),
      Effect.provideService(OAuth.RefreshTokenStore, store)
    )
    return { provider, store }
  })

export const tokenRequests = (log: ReadonlyArray<Seen>) => log.filter((seen) => seen.url.endsWith("/oauth/token"))
