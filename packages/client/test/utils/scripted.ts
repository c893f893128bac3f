/**
 * A scripted `HttpClient` for tests that drive time with `TestClock`: no sockets, so no real time passes, and every
 * request is recorded.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as ConversationsClient from "../../src/ConversationsClient.js"
import type * as ConversationsConfig from "../../src/ConversationsConfig.js"
import { TOKEN } from "./harness.js"

export type Scripted =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | "network-error"

export interface ScriptedRun {
  readonly urls: Array<URL>
  readonly layer: Layer.Layer<ConversationsClient.ConversationsClient>
}

/** A client whose n-th request gets `script(n, url)`. */
export const scriptedClient = (
  script: (index: number, url: URL) => Scripted,
  options: Partial<ConversationsConfig.Options> = {}
): ScriptedRun => {
  const urls: Array<URL> = []
  const http = HttpClient.make((request, url) =>
    Effect.suspend(() => {
      urls.push(url)
      const answer = script(urls.length - 1, url)
      if (answer === "network-error") {
        return Effect.fail(
          new HttpClientError.RequestError({ request, reason: "Transport", description: "connection reset" })
        )
      }
      const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {})
      return Effect.succeed(HttpClientResponse.fromWeb(
        request,
        new Response(body, {
          status: answer.status,
          headers: { "content-type": "application/json", ...answer.headers }
        })
      ))
    })
  )
  const layer = ConversationsClient.layer({
    token: Redacted.make(TOKEN),
    baseUrl: "https://services.leadconnectorhq.com",
    locationId: "loc1",
    rateLimit: false,
    ...options
  }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, http)))
  return { urls, layer }
}
