/**
 * The contenders of the per-request benchmark behind one interface: our client over two transports, raw `fetch` +
 * `JSON.parse`, and the official SDK. Every contender checks what it got (the conversation id, 100 messages), so a
 * contender that silently failed cannot look fast.
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { HighLevel } from "@gohighlevel/api-client"
import { ConversationsClient, FetchTransport } from "@highlevel-effect/client"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Http from "node:http"
import { fixedOwner } from "./Fixtures.js"

/**
 * The transports our client is measured over: undici's `request`, the platform's `FetchHttpClient`, and the client
 * package's lean fetch transport (`FetchTransport.layer`).
 *
 * @since 0.1.0
 * @category models
 */
export type Transport = "undici" | "fetch" | "lean-fetch"

/**
 * The `HttpClient` layer of a transport.
 */
const transportLayer = (transport: Transport): Layer.Layer<HttpClient.HttpClient> =>
  transport === "undici"
    ? NodeHttpClient.layerUndici
    : transport === "fetch"
    ? FetchHttpClient.layer
    : FetchTransport.layer

/**
 * The rate budget of the benchmarked client: on (its per-request cost, the permit and the response's headers read
 * into the window, is part of the default client) but with a budget no run can exhaust, so it never waits. A billion
 * per 10 s, not ten million per 100 hours: the window logs every request of the last interval, so an interval of
 * hours kept every request of the run in the log (hundreds of thousands), a cost the default client, whose log
 * holds at most its 100 requests of the last 10 s, never pays. 10 s is the default's interval; at the benchmark's
 * rate the log still holds a few thousand.
 *
 * @since 0.1.0
 * @category constants
 */
export const neverWaitingRateLimit = { limit: 1_000_000_000, interval: Duration.seconds(10) } as const

/**
 * Our client with its defaults (decoding, retries) except the limiter budget, as a Layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const clientLayer = (
  baseUrl: string,
  transport: Transport
): Layer.Layer<ConversationsClient.ConversationsClient> =>
  ConversationsClient.layer({
    token: Redacted.make("bench-token"),
    baseUrl,
    locationId: fixedOwner.locationId,
    rateLimit: neverWaitingRateLimit
  }).pipe(Layer.provide(transportLayer(transport)))

/**
 * One contender: `get(n)` and `page(n)` make `n` sequential requests each and check every result.
 *
 * @since 0.1.0
 * @category models
 */
export interface Contender {
  readonly name: string
  readonly get: (n: number) => Promise<void>
  readonly page: (n: number) => Promise<void>
  /** `n` sequential SMS sends (Send Message, `POST /conversations/messages`), each answer checked. */
  readonly send: (n: number) => Promise<void>
  readonly close: () => Promise<void>
}

// The message every contender sends: an SMS to the fixed contact.
const sendBody = { type: "SMS", contactId: fixedOwner.contactId, message: "Your order has shipped." } as const

const isSent = (body: unknown): boolean =>
  isRecord(body) && body.conversationId === fixedOwner.conversationId && typeof body.messageId === "string"

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`bench: unexpected response (${what})`)
}

/**
 * Our client over `transport`, run by one `ManagedRuntime`: a batch of `n` requests is one `runPromise`, the way an
 * Effect program makes sequential calls.
 *
 * @since 0.1.0
 * @category constructors
 */
export const ourClient = (baseUrl: string, transport: Transport): Contender => {
  const runtime = ManagedRuntime.make(clientLayer(baseUrl, transport))
  const id = fixedOwner.conversationId
  const get = (n: number) =>
    runtime.runPromise(Effect.gen(function*() {
      const client = yield* ConversationsClient.ConversationsClient
      for (let i = 0; i < n; i++) {
        const conversation = yield* client.getConversation(id)
        check(conversation.id === id, "client get")
      }
    }))
  const page = (n: number) =>
    runtime.runPromise(Effect.gen(function*() {
      const client = yield* ConversationsClient.ConversationsClient
      for (let i = 0; i < n; i++) {
        const messages = yield* client.getMessagesPage(id, { limit: 100 })
        check(messages.messages.length === 100, "client page")
      }
    }))
  const send = (n: number) =>
    runtime.runPromise(Effect.gen(function*() {
      const client = yield* ConversationsClient.ConversationsClient
      for (let i = 0; i < n; i++) {
        const sent = yield* client.messages.send(sendBody)
        check(sent.conversationId === id, "client send")
      }
    }))
  return { name: `client (${transport})`, get, page, send, close: () => runtime.dispose() }
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

const isPage100 = (body: unknown): boolean =>
  isRecord(body) && isRecord(body.messages) && Array.isArray(body.messages.messages) &&
  body.messages.messages.length === 100

/**
 * A diagnostic floor for our client: the bare `@effect/platform` `HttpClient` over `transport` with the same
 * headers, reading the text and `JSON.parse`-ing it, no validation, retries, limiter, timeout or spans of ours. The
 * gap from raw fetch to this is the cost of the Effect stack; the gap from this to our client is our own.
 *
 * @since 0.1.0
 * @category constructors
 */
const bareEffectPlatform = (baseUrl: string, transport: Transport): Contender => {
  const runtime = ManagedRuntime.make(transportLayer(transport))
  const id = fixedOwner.conversationId
  const fetchJson = (path: string, sent?: unknown) =>
    Effect.gen(function*() {
      const http = yield* HttpClient.HttpClient
      const request = sent === undefined
        ? HttpClientRequest.get(`${baseUrl}${path}`)
        : HttpClientRequest.bodyUnsafeJson(HttpClientRequest.post(`${baseUrl}${path}`), sent)
      const response = yield* http.execute(
        request.pipe(
          HttpClientRequest.bearerToken("bench-token"),
          HttpClientRequest.setHeader("Version", "2021-04-15"),
          HttpClientRequest.acceptJson
        )
      )
      const body: unknown = JSON.parse(yield* response.text)
      return body
    })
  const get = (n: number) =>
    runtime.runPromise(Effect.gen(function*() {
      for (let i = 0; i < n; i++) {
        const body = yield* fetchJson(`/conversations/${id}`)
        check(isRecord(body) && body.id === id, "platform get")
      }
    }))
  const page = (n: number) =>
    runtime.runPromise(Effect.gen(function*() {
      for (let i = 0; i < n; i++) {
        check(isPage100(yield* fetchJson(`/conversations/${id}/messages?limit=100`)), "platform page")
      }
    }))
  const send = (n: number) =>
    runtime.runPromise(Effect.gen(function*() {
      for (let i = 0; i < n; i++) {
        check(isSent(yield* fetchJson("/conversations/messages", sendBody)), "platform send")
      }
    }))
  return { name: `bare @effect/platform (${transport})`, get, page, send, close: () => runtime.dispose() }
}

/**
 * The floor: the global `fetch` (undici, keep-alive) and `JSON.parse`, no validation.
 *
 * @since 0.1.0
 * @category constructors
 */
const rawFetch = (baseUrl: string): Contender => {
  const headers = { authorization: "Bearer bench-token", version: "2021-04-15", accept: "application/json" }
  const id = fixedOwner.conversationId
  const getUrl = `${baseUrl}/conversations/${id}`
  const pageUrl = `${baseUrl}/conversations/${id}/messages?limit=100`
  const sendUrl = `${baseUrl}/conversations/messages`
  const postHeaders = { ...headers, "content-type": "application/json" }
  const fetchJson = async (url: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(
      url,
      body === undefined ? { headers } : { method: "POST", headers: postHeaders, body: JSON.stringify(body) }
    )
    check(response.ok, `raw fetch status ${response.status}`)
    return JSON.parse(await response.text())
  }
  return {
    name: "raw fetch + JSON.parse",
    get: async (n) => {
      for (let i = 0; i < n; i++) {
        const body = await fetchJson(getUrl)
        check(isRecord(body) && body.id === id, "raw get")
      }
    },
    page: async (n) => {
      for (let i = 0; i < n; i++) {
        check(isPage100(await fetchJson(pageUrl)), "raw page")
      }
    },
    send: async (n) => {
      for (let i = 0; i < n; i++) {
        check(isSent(await fetchJson(sendUrl, sendBody)), "raw send")
      }
    },
    close: async () => {}
  }
}

/**
 * The official SDK (`@gohighlevel/api-client`, axios underneath, no validation). It has no base-URL option, but
 * its public `getHttpClient()` returns the axios instance every service uses, and its `baseURL` default is what
 * the services' relative URLs resolve against; an explicit keep-alive agent matches the other contenders.
 *
 * @since 0.1.0
 * @category constructors
 */
export const officialSdk = (baseUrl: string): Contender => {
  const sdk = new HighLevel({ privateIntegrationToken: "bench-token", apiVersion: "2021-04-15", logLevel: "error" })
  const agent = new Http.Agent({ keepAlive: true, maxSockets: 8 })
  const axios = sdk.getHttpClient()
  axios.defaults.baseURL = baseUrl
  axios.defaults.httpAgent = agent
  const id = fixedOwner.conversationId
  return {
    name: "official SDK (axios)",
    get: async (n) => {
      for (let i = 0; i < n; i++) {
        const body: unknown = await sdk.conversations.getConversation({ conversationId: id })
        check(isRecord(body) && body.id === id, "sdk get")
      }
    },
    page: async (n) => {
      for (let i = 0; i < n; i++) {
        const body: unknown = await sdk.conversations.getMessages({ conversationId: id, limit: 100 })
        check(isPage100(body), "sdk page")
      }
    },
    send: async (n) => {
      for (let i = 0; i < n; i++) {
        const body: unknown = await sdk.conversations.sendANewMessage({
          ...sendBody,
          subType: "SMS",
          status: "pending"
        })
        check(isSent(body), "sdk send")
      }
    },
    close: async () => agent.destroy()
  }
}

/**
 * The contenders of the requests benchmark by name, as its results name them (`get.client_undici_median_us`).
 *
 * @since 0.1.0
 * @category constants
 */
export const contenderKeys = [
  "raw",
  "client_undici",
  "client_fetch",
  "client_lean_fetch",
  "sdk",
  "platform_undici",
  "platform_fetch"
] as const

/**
 * A contender's name.
 *
 * @since 0.1.0
 * @category models
 */
export type ContenderKey = typeof contenderKeys[number]

/**
 * The contender of a name, against `baseUrl`: the one table both the requests benchmark and the isolated probe's
 * children build from.
 *
 * @since 0.1.0
 * @category constructors
 */
export const contenderOf = (key: ContenderKey, baseUrl: string): Contender => {
  switch (key) {
    case "raw":
      return rawFetch(baseUrl)
    case "client_undici":
      return ourClient(baseUrl, "undici")
    case "client_fetch":
      return ourClient(baseUrl, "fetch")
    // The client package's own fetch transport (FetchTransport.layer), issue 15.
    case "client_lean_fetch":
      return ourClient(baseUrl, "lean-fetch")
    case "sdk":
      return officialSdk(baseUrl)
    case "platform_undici":
      return bareEffectPlatform(baseUrl, "undici")
    case "platform_fetch":
      return bareEffectPlatform(baseUrl, "fetch")
  }
}
