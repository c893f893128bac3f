/**
 * Conformance of the writes: the client drives the mock (over real HTTP, undici) through every write and the reads
 * that follow them, a recording transport captures each JSON request body the client sent and each body the mock
 * answered, and every one of them validates against HighLevel's published schemas plus the overrides of
 * `Overrides.ts` (each deviation named there with its reason).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import { ConversationsClient } from "@highlevel-effect/client"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Conformance from "../src/Conformance.js"
import * as Overrides from "../src/Overrides.js"
import type { Endpoint } from "../src/PublishedSchemas.js"

/** One request and its answer as they crossed the transport. */
interface Exchange {
  readonly method: string
  readonly path: string
  readonly endpoint: Option.Option<Endpoint>
  readonly requestBody: unknown
  readonly status: number
  readonly responseBody: unknown
  readonly json: boolean
}

const decoder = new TextDecoder()

const parse = (text: string): { readonly value: unknown; readonly json: boolean } => {
  try {
    return { value: JSON.parse(text), json: true }
  } catch {
    return { value: text, json: false }
  }
}

// JSON bodies are encoded to bytes by the client; multipart and streamed bodies are not JSON and are not checked.
const requestBodyOf = (body: { readonly _tag: string }): unknown =>
  "body" in body && body.body instanceof Uint8Array ? parse(decoder.decode(body.body)).value : undefined

const recording = (inner: HttpClient.HttpClient, exchanges: Array<Exchange>): HttpClient.HttpClient =>
  HttpClient.make((request) =>
    Effect.gen(function*() {
      const response = yield* inner.execute(request)
      const bytes = new Uint8Array(yield* response.arrayBuffer)
      const url = new URL(request.url)
      const answered = parse(decoder.decode(bytes))
      exchanges.push({
        method: request.method,
        path: url.pathname,
        endpoint: Conformance.endpointOf(request.method, url.pathname),
        requestBody: requestBodyOf(request.body),
        status: response.status,
        responseBody: answered.value,
        json: answered.json && (response.headers["content-type"] ?? "").includes("json")
      })
      return HttpClientResponse.fromWeb(
        request,
        new Response(bytes, {
          status: response.status,
          headers: new globalThis.Headers(Object.entries(response.headers))
        })
      )
    })
  )

/** A fresh mock over HTTP and a client of it whose every exchange lands in `exchanges`. */
const setup = Effect.gen(function*() {
  const mock = HighLevelMock.make({ seed: 11, conversations: 12, messagesPerConversation: 8, rateLimit: false })
  const server = yield* Effect.acquireRelease(
    Effect.promise(() => MockHttpServer.listen(mock, { port: 0, host: "127.0.0.1" })),
    (running) => Effect.promise(() => running.close())
  )
  const transport = yield* Layer.build(NodeHttpClient.layerUndici)
  const exchanges: Array<Exchange> = []
  const [location] = mock.locations
  if (location === undefined) return yield* Effect.dieMessage("the seed has no location")
  const clientWith = (token: string) =>
    ConversationsClient.make({
      token: Redacted.make(token),
      baseUrl: server.url,
      locationId: location.locationId,
      rateLimit: false,
      retry: false,
      timeout: "10 seconds"
    }).pipe(
      Effect.provide(
        Layer.succeed(HttpClient.HttpClient, recording(Context.get(transport, HttpClient.HttpClient), exchanges))
      )
    )
  return {
    mock,
    location,
    exchanges,
    client: yield* clientWith(location.tokens.full),
    provider: yield* clientWith(location.tokens.provider)
  }
})

// Every write of the list, then the reads of what they made.
const tour = Effect.gen(function*() {
  const { client, exchanges, location, mock, provider } = yield* setup
  const [conversationId] = location.conversationIds
  const withConversation = new Set(location.conversationIds.map((id) => mock.store.conversation(id)?.contactId))
  const lonely = location.contactIds.find((id) => !withConversation.has(id))
  const contactId = mock.store.conversation(conversationId ?? "")?.contactId
  if (conversationId === undefined || lonely === undefined || contactId === undefined) {
    return yield* Effect.dieMessage("the seed lacks a conversation or a contact without one")
  }

  const created = yield* client.conversations.create({ contactId: lonely })
  yield* client.conversations.update(conversationId, { unreadCount: 0, starred: true })
  const sms = yield* client.messages.send({ type: "SMS", contactId, message: "Your order has shipped" })
  const email = yield* client.messages.send({
    type: "Email",
    contactId,
    subject: "Invoice 42",
    html: "<p>Attached.</p>",
    emailTo: "ada@example.com"
  })
  const later = Math.floor(mock.control.clock() / 1000) + 3600
  const scheduled = yield* client.messages.send({
    type: "SMS",
    contactId,
    message: "Reminder",
    scheduledTimestamp: later
  })
  yield* client.messages.cancelScheduled(scheduled.messageId)
  yield* client.messages.addInbound({
    type: "SMS",
    conversationId,
    contactId,
    conversationProviderId: location.providerId,
    message: "Thanks!"
  })
  // Attachments may be added to call messages only (a recording after the call).
  const call = yield* client.messages.addOutbound({
    type: "Call",
    conversationId,
    conversationProviderId: location.providerId
  })
  yield* provider.messages.updateStatus(sms.messageId, { status: "delivered" })
  yield* client.messages.addAttachments(call.messageId, { attachments: ["https://example.com/a.png"] })
  yield* client.messages.get(sms.messageId)
  yield* client.messages.exportPage({ limit: 10 })
  yield* client.conversations.get(conversationId)
  if (email.emailMessageId !== undefined) yield* client.messages.getEmail(email.emailMessageId)
  const scheduledEmail = yield* client.messages.send({
    type: "Email",
    contactId,
    subject: "Later",
    html: "<p>Soon.</p>",
    emailTo: "ada@example.com",
    scheduledTimestamp: later
  })
  if (scheduledEmail.emailMessageId !== undefined) {
    yield* client.messages.cancelScheduledEmail(scheduledEmail.emailMessageId)
  }
  yield* client.liveChat.typing({ conversationId, visitorId: "v1", isTyping: true })
  const subtype = yield* client.preferences.createCustomSubtype({
    name: "Release notes",
    channel: "email",
    language: "en"
  })
  yield* client.preferences.updateCustomSubtype(subtype.id, { name: "Changelog" })
  yield* client.uploads.uploadSigned({
    conversationId,
    channel: "SMS",
    filename: "note.txt",
    contentType: "text/plain",
    data: new TextEncoder().encode("hello")
  })
  const connected = location.conversationIds.flatMap((id) => mock.store.messagesOf(id)).find((message) =>
    message.messageType === "TYPE_CALL" && Number(message.meta?.call?.duration ?? 0) > 0
  )
  if (connected !== undefined) yield* client.messages.transcription(connected.id)
  yield* client.conversations.delete(created.id)
  return exchanges
})

// The signed-URL flow PUTs the bytes to the storage URL initiate-file-upload returned (the mock's `/__mock/uploads/…`):
// that is no API operation, and its body is the file, not JSON.
const api = (exchanges: ReadonlyArray<Exchange>): Array<Exchange> =>
  exchanges.filter((exchange) => !exchange.path.startsWith("/__mock/"))

// Every problem of the captured traffic under `validator`: request bodies, then JSON answers.
const problemsOf = (validator: Conformance.Validator, exchanges: ReadonlyArray<Exchange>): Array<string> =>
  api(exchanges).flatMap((exchange) =>
    Option.match(exchange.endpoint, {
      onNone: () => [`${exchange.method} ${exchange.path}: no operation`],
      onSome: (endpoint) => [
        ...validator.validateRequestBody(endpoint, exchange.requestBody),
        ...(exchange.json ? validator.validateResponse(endpoint, exchange.status, exchange.responseBody) : [])
      ]
    })
  )

const writeOverrides = Overrides.all.filter((override) => Number(override.id.slice(1)) >= 11)

describe("conformance of the writes (mock over HTTP)", () => {
  it.scoped("the tour covers the writes and reads of issue #11, each answered 2xx", () =>
    Effect.gen(function*() {
      const exchanges = yield* tour
      const covered = new Set(exchanges.flatMap((exchange) => Option.toArray(exchange.endpoint)))
      expect([...covered].sort()).toEqual([
        "add-an-inbound-message",
        "add-an-outbound-message",
        "add-message-attachments",
        "cancel-scheduled-email-message",
        "cancel-scheduled-message",
        "complete-file-upload",
        "create-conversation",
        "create-custom-subtype",
        "delete-conversation",
        "export-messages-by-location",
        "get-conversation",
        "get-email-by-id",
        "get-message",
        "get-message-transcription",
        "initiate-file-upload",
        "live-chat-agent-typing",
        "send-a-new-message",
        "update-conversation",
        "update-custom-subtype",
        "update-message-status"
      ])
      expect(exchanges.filter((exchange) => exchange.status >= 300)).toEqual([])
    }))

  it.scoped("each of D11…D17 is needed: without it the captured traffic fails", () =>
    Effect.gen(function*() {
      const exchanges = yield* tour
      expect(writeOverrides.map((override) => override.id)).toEqual(["D11", "D12", "D13", "D14", "D15", "D16", "D17"])
      for (const override of writeOverrides) {
        const without = Conformance.make({ overrides: Overrides.all.filter((other) => other !== override) })
        expect(problemsOf(without, exchanges).length, override.id).toBeGreaterThan(0)
      }
      expect(problemsOf(Conformance.validator(), exchanges)).toEqual([])
    }))

  it.scoped("every JSON request body the client sent validates against the published request schema", () =>
    Effect.gen(function*() {
      const exchanges = yield* tour
      const sent = api(exchanges).filter((exchange) => exchange.requestBody !== undefined)
      expect(sent.length).toBeGreaterThanOrEqual(9)
      const problems = sent.flatMap((exchange) =>
        Option.match(exchange.endpoint, {
          onNone: () => [`${exchange.method} ${exchange.path}: no operation`],
          onSome: (endpoint) =>
            Conformance.validateRequestBody(endpoint, exchange.requestBody).map((problem) => `${endpoint}: ${problem}`)
        })
      )
      expect(problems).toEqual([])
    }))

  it.scoped("every JSON body the mock answered validates against the published response schema", () =>
    Effect.gen(function*() {
      const exchanges = yield* tour
      const problems = api(exchanges).filter((exchange) => exchange.json).flatMap((exchange) =>
        Option.match(exchange.endpoint, {
          onNone: () => [`${exchange.method} ${exchange.path}: no operation`],
          onSome: (endpoint) =>
            Conformance.validateResponse(endpoint, exchange.status, exchange.responseBody).map((problem) =>
              `${endpoint} ${exchange.status}: ${problem}`
            )
        })
      )
      expect(problems).toEqual([])
    }))
})
