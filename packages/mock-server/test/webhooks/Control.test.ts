/**
 * The mock's webhooks through its control API and its own writes, received by a plain `node:http` server on
 * 127.0.0.1:0 that checks each signature with `node:crypto` against the key `GET /__mock/webhooks/public-key`
 * serves. Every wait is bounded.
 */
import { afterEach, describe, expect, it } from "@effect/vitest"
import { createPublicKey, verify } from "node:crypto"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { HighLevelMock } from "../../src/index.js"

interface Received {
  readonly path: string
  readonly body: Record<string, unknown>
  readonly verified: boolean
}

const servers: Array<Server> = []
const mocks: Array<HighLevelMock.HighLevelMock> = []
afterEach(async () => {
  for (const mock of mocks.splice(0)) mock.webhooks.close()
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

// A receiver answering `status` (200 by default) and recording what it got.
const receiver = async (publicKeyPem: string, status: (n: number) => number = () => 200) => {
  const key = createPublicKey(publicKeyPem)
  const received: Array<Received> = []
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const raw = Buffer.concat(chunks)
      const signature = Buffer.from(String(req.headers["x-ghl-signature"] ?? ""), "base64")
      received.push({
        path: req.url ?? "",
        body: JSON.parse(raw.toString("utf8")),
        verified: verify(null, raw, key, signature)
      })
      res.writeHead(status(received.length)).end("{}")
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, received }
}

const control = async (
  mock: HighLevelMock.HighLevelMock,
  method: string,
  path: string,
  body?: unknown,
  token?: string
) => {
  const response = await mock.fetch(
    new Request(`http://mock.local/__mock/${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` })
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  )
  return { status: response.status, body: await response.json() as Record<string, unknown> }
}

const make = (options: HighLevelMock.Options = {}) => {
  const mock = HighLevelMock.make({ seed: 3, conversations: 4, messages: 12, ...options })
  mocks.push(mock)
  return mock
}

describe("mock webhooks: control API", () => {
  it("serves the seed's public key as PEM; the same seed gives the same key", async () => {
    const mock = make()
    const { body, status } = await control(mock, "GET", "webhooks/public-key")
    expect(status).toBe(200)
    expect(body["publicKey"]).toBe(mock.webhooks.publicKeyPem)
    expect(createPublicKey(String(body["publicKey"])).asymmetricKeyType).toBe("ed25519")
    expect(make().webhooks.publicKeyPem).toBe(mock.webhooks.publicKeyPem)
    expect(make({ seed: 4 }).webhooks.publicKeyPem).not.toBe(mock.webhooks.publicKeyPem)
  })

  it("POST /__mock/inbound: the contact's message is stored and its signed events delivered to the subscriber", async () => {
    const mock = make()
    const hook = await receiver(mock.webhooks.publicKeyPem)
    const sub = await control(mock, "POST", "webhooks/subscriptions", { url: `${hook.url}/hooks` })
    expect(sub).toMatchObject({
      status: 200,
      body: { subscription: { id: expect.any(String), url: `${hook.url}/hooks` } }
    })
    const conversation = mock.store.conversationsOf(mock.credentials.locationId)[0]
    const sent = await control(mock, "POST", "inbound", {
      contactId: conversation?.contactId,
      type: "SMS",
      body: "Hi there"
    })
    expect(sent.status).toBe(200)
    expect(sent.body).toMatchObject({ conversationId: conversation?.id })
    expect(mock.store.messagesOf(conversation?.id ?? "")[0]).toMatchObject({
      id: sent.body["messageId"],
      direction: "inbound",
      body: "Hi there",
      messageType: "TYPE_SMS"
    })
    expect(await mock.webhooks.idle(10_000)).toBe(true)
    expect(hook.received.map((r) => [r.path, r.body["type"], r.verified])).toEqual([
      ["/hooks", "InboundMessage", true],
      ["/hooks", "ConversationUnreadUpdate", true]
    ])
    expect(hook.received[0]?.body).toMatchObject({
      messageId: sent.body["messageId"],
      conversationId: conversation?.id,
      contactId: conversation?.contactId,
      locationId: mock.credentials.locationId,
      messageType: "SMS",
      messageTypeString: "TYPE_SMS",
      direction: "inbound",
      webhookId: expect.any(String),
      timestamp: expect.any(String),
      appId: expect.any(String),
      versionId: expect.any(String)
    })
    const log = await control(mock, "GET", "webhooks/deliveries")
    expect(log.body["deliveries"]).toHaveLength(2)
  })

  it("a send through the API (POST /conversations/messages) emits an OutboundMessage", async () => {
    const mock = make()
    const hook = await receiver(mock.webhooks.publicKeyPem)
    mock.webhooks.subscribe({ url: hook.url, events: ["OutboundMessage"] })
    const conversation = mock.store.conversationsOf(mock.credentials.locationId)[0]
    const response = await mock.fetch(
      new Request("http://mock.local/conversations/messages", {
        method: "POST",
        headers: {
          authorization: `Bearer ${mock.credentials.token}`,
          version: "2021-04-15",
          "content-type": "application/json"
        },
        body: JSON.stringify({ type: "SMS", contactId: conversation?.contactId, message: "On our way" })
      })
    )
    expect(response.status).toBe(200)
    expect(await mock.webhooks.idle(10_000)).toBe(true)
    expect(hook.received.map((r) => [r.body["type"], r.body["body"], r.body["direction"], r.verified])).toEqual([
      ["OutboundMessage", "On our way", "outbound", true]
    ])
  })

  it("per-location subscriptions and event filters; DELETE removes one or all", async () => {
    const mock = make()
    const hook = await receiver(mock.webhooks.publicKeyPem)
    const other = mock.locations.find((l) => l.locationId !== mock.credentials.locationId)?.locationId ?? "none"
    await control(mock, "POST", "webhooks/subscriptions", { url: `${hook.url}/other`, locationId: other })
    await control(mock, "POST", "webhooks/subscriptions", {
      url: `${hook.url}/unread`,
      events: ["ConversationUnreadUpdate"]
    })
    const conversation = mock.store.conversationsOf(mock.credentials.locationId)[0]
    await control(mock, "POST", "inbound", { conversationId: conversation?.id, type: "SMS", body: "x" })
    expect(await mock.webhooks.idle(10_000)).toBe(true)
    expect(hook.received.map((r) => [r.path, r.body["type"]])).toEqual([["/unread", "ConversationUnreadUpdate"]])
    const listed = await control(mock, "GET", "webhooks/subscriptions")
    expect(listed.body["subscriptions"]).toHaveLength(2)
    expect((await control(mock, "DELETE", "webhooks/subscriptions?id=nope")).status).toBe(404)
    expect((await control(mock, "DELETE", "webhooks/subscriptions")).body).toEqual({ subscriptions: [] })
  })

  it("faults over HTTP: PUT sets them, GET lists what is left, DELETE clears; a drop is logged", async () => {
    const mock = make()
    const hook = await receiver(mock.webhooks.publicKeyPem)
    mock.webhooks.subscribe({ url: hook.url })
    const put = await control(mock, "PUT", "webhooks/faults", { faults: [{ kind: "drop", times: 1 }] })
    expect(put.body).toEqual({ faults: [{ kind: "drop", times: 1 }] })
    const conversation = mock.store.conversationsOf(mock.credentials.locationId)[0]
    await control(mock, "POST", "inbound", { conversationId: conversation?.id, type: "SMS", body: "x" })
    expect(await mock.webhooks.idle(10_000)).toBe(true)
    expect((await control(mock, "GET", "webhooks/faults")).body).toEqual({ faults: [] })
    expect(hook.received.map((r) => r.body["type"])).toEqual(["ConversationUnreadUpdate"])
    expect(mock.webhooks.deliveries()[0]).toMatchObject({ type: "InboundMessage", outcome: "dropped", fault: "drop" })
    expect((await control(mock, "DELETE", "webhooks/faults")).body).toEqual({ faults: [] })
  })

  it("bad bodies answer 400 naming the problem; unknown conversation or contact 404; nothing is stored", async () => {
    const mock = make()
    const counts = mock.store.counts()
    const cases = [
      ["webhooks/subscriptions", { url: "not a url" }, 400],
      ["webhooks/subscriptions", { url: "http://x", extra: 1 }, 400],
      ["inbound", { conversationId: "nope", type: "SMS", body: "x" }, 404],
      ["inbound", { contactId: "nope", type: "SMS", body: "x" }, 404],
      ["inbound", { type: "SMS", body: "x" }, 404],
      ["inbound", { conversationId: "nope", type: "Fax", body: "x" }, 400],
      ["inbound", { conversationId: "nope", type: "SMS" }, 400]
    ] as const
    for (const [path, body, status] of cases) {
      const answer = await control(mock, "POST", path, body)
      expect([path, JSON.stringify(body), answer.status]).toEqual([path, JSON.stringify(body), status])
      expect(typeof answer.body["message"]).toBe("string")
    }
    expect(mock.store.counts()).toEqual(counts)
  })

  it("behind a control token, the webhook routes need it too", async () => {
    const mock = make({ controlToken: "s3cret" })
    expect((await control(mock, "GET", "webhooks/public-key")).status).toBe(401)
    expect((await control(mock, "GET", "webhooks/public-key", undefined, "wrong")).status).toBe(401)
    expect((await control(mock, "GET", "webhooks/public-key", undefined, "s3cret")).status).toBe(200)
  })

  it("webhooks.urls subscribes at start; a receiver answering 500 gets one attempt, the log says failed", async () => {
    const key = make().webhooks.publicKeyPem
    const hook = await receiver(key, () => 500)
    const mock = make({ webhooks: { urls: [hook.url] } })
    expect(mock.webhooks.subscriptions().map((s) => s.url)).toEqual([hook.url])
    const conversation = mock.store.conversationsOf(mock.credentials.locationId)[0]
    await control(mock, "POST", "inbound", {
      conversationId: conversation?.id,
      type: "Email",
      body: "<p>hi</p>",
      subject: "Hello"
    })
    expect(await mock.webhooks.idle(10_000)).toBe(true)
    expect(hook.received.map((r) => r.body["type"])).toEqual(["InboundMessage", "ConversationUnreadUpdate"])
    expect(hook.received[0]?.body).toMatchObject({ messageType: "Email", emailMessageId: expect.any(String) })
    expect(mock.webhooks.deliveries().map((d) => [d.outcome, d.attempts.length])).toEqual([["failed", 1], [
      "failed",
      1
    ]])
  })

  it("rejects a webhooks.timeScale that is not a positive number", () => {
    expect(() => make({ webhooks: { timeScale: 0 } })).toThrow(/timeScale/)
  })
})
