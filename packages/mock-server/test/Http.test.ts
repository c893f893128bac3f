/**
 * Delivery mode 2: the same handlers over real HTTP (node:http adapter), on 127.0.0.1 port 0. No msw interception
 * in this file.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as Http from "node:http"
import { HighLevelMock, MockFaults, MockHttpServer, MockWire } from "../src/index.js"
import { decode } from "./support.js"

const withServer = async <A>(
  options: HighLevelMock.Options,
  f: (server: MockHttpServer.RunningServer) => Promise<A>,
  listen: MockHttpServer.ListenOptions = {}
): Promise<A> => {
  const server = await MockHttpServer.listen(HighLevelMock.make({ rateLimit: false, ...options }), listen)
  try {
    return await f(server)
  } finally {
    await server.close()
  }
}

const headersOf = (server: MockHttpServer.RunningServer) => ({
  Authorization: `Bearer ${server.mock.credentials.token}`,
  Version: "2021-04-15"
})

/** A raw node:http GET (no fetch, explicit agent) that resolves with status and body, or rejects on socket errors. */
const rawGet = (url: string, agent: Http.Agent | false, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = Http.get(url, { agent, headers }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
      res.on("error", reject)
      res.on("aborted", () => reject(new Error("aborted")))
    })
    req.on("error", reject)
  })

describe("MockHttpServer.listen", () => {
  it("binds 127.0.0.1 on a free port and serves every route", () =>
    withServer({ seed: 21 }, async (server) => {
      expect(server.host).toBe("127.0.0.1")
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
      expect(server.port).toBeGreaterThan(0)
      const { locationId } = server.mock.credentials
      const headers = headersOf(server)
      const search = await fetch(`${server.url}/conversations/search?locationId=${locationId}`, { headers })
      const body = decode(MockWire.SearchResponse, await search.json())
      expect(body.conversations).toHaveLength(20)
      const id = body.conversations[0]?.id ?? ""
      const get = await fetch(`${server.url}/conversations/${id}`, { headers })
      expect(decode(MockWire.ConversationResponse, await get.json()).id).toBe(id)
      const messages = await fetch(`${server.url}/conversations/${id}/messages`, { headers })
      expect(decode(MockWire.MessagesResponseWrapped, await messages.json()).messages.messages.length)
        .toBeGreaterThan(0)
      expect(get.headers.get("x-ratelimit-max")).toBe("100")
      expect(get.headers.get("content-type")).toBe("application/json; charset=utf-8")
    }))

  it("answers unknown routes with a 404 JSON and a clear message", () =>
    withServer({ seed: 21 }, async (server) => {
      for (const path of ["/", "/v2/contacts", "/conversations/a/b/c"]) {
        const res = await fetch(`${server.url}${path}`)
        expect(res.status).toBe(404)
        expect(decode(MockWire.ErrorBody, await res.json()).message).toBe(`Cannot GET ${path}`)
      }
    }))

  it("same seed, same requests: byte-identical bodies from two servers", async () => {
    const bodies = async (server: MockHttpServer.RunningServer) => {
      const headers = headersOf(server)
      const { locationId } = server.mock.credentials
      const id = server.mock.locations[0]?.conversationIds[3] ?? ""
      const out: Array<string> = []
      for (
        const path of [
          `/conversations/search?locationId=${locationId}&limit=50`,
          `/conversations/${id}`,
          `/conversations/${id}/messages?limit=100`,
          "/conversations/search"
        ]
      ) out.push(await (await fetch(`${server.url}${path}`, { headers })).text())
      return out
    }
    const a = await withServer({ seed: 77 }, bodies)
    const b = await withServer({ seed: 77 }, bodies)
    expect(b).toEqual(a)
  })

  it("a baseUrl with a path prefix is served at the server's root", () =>
    withServer({ seed: 21, baseUrl: "http://gateway.local/highlevel/" }, async (server) => {
      const res = await fetch(`${server.url}/conversations/search?locationId=${server.mock.credentials.locationId}`, {
        headers: headersOf(server)
      })
      expect(res.status).toBe(200)
      expect(server.mock.control.journal()[0]?.path).toBe("/highlevel/conversations/search")
    }))

  it("a configured baseUrl is honoured: requests are rewritten to it", () =>
    withServer({ seed: 21, baseUrl: "https://services.leadconnectorhq.com" }, async (server) => {
      const res = await fetch(`${server.url}/conversations/search?locationId=${server.mock.credentials.locationId}`, {
        headers: headersOf(server)
      })
      expect(res.status).toBe(200)
    }))

  it("the control API is served on the same port", () =>
    withServer({ seed: 21 }, async (server) => {
      const put = await fetch(`${server.url}/__mock/faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rules: [{ route: "*", times: 1, fault: { _tag: "serverError", status: 502 } }] })
      })
      expect(put.status).toBe(200)
      const id = server.mock.locations[0]?.conversationIds[0] ?? ""
      expect((await fetch(`${server.url}/conversations/${id}`, { headers: headersOf(server) })).status).toBe(502)
      const journal = await (await fetch(`${server.url}/__mock/journal`)).json()
      expect(journal).toMatchObject({ entries: [{ route: "getConversation", status: 502, fault: "serverError" }] })
      const load = await fetch(`${server.url}/__mock/load`, { method: "POST", body: JSON.stringify({ seed: 5 }) })
      expect(await load.json()).toMatchObject({ state: { seed: 5 } })
    }))

  it("request bodies above maxBodyBytes get 413", () =>
    withServer({ seed: 21 }, async (server) => {
      const big = JSON.stringify({ seed: 1, padding: "x".repeat(4_096) })
      const declared = await fetch(`${server.url}/__mock/load`, { method: "POST", body: big })
      expect(declared.status).toBe(413)
      const chunked = await fetch(`${server.url}/__mock/load`, {
        method: "POST",
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(big))
            controller.close()
          }
        }),
        duplex: "half"
      } as RequestInit)
      expect(chunked.status).toBe(413)
      expect(server.mock.control.state().seed).toBe(21)
    }, { maxBodyBytes: 1_024 }))
})

describe("faults over HTTP", () => {
  it("connectionReset destroys the socket", () =>
    withServer({ seed: 21 }, async (server) => {
      server.mock.control.setFaults([MockFaults.rule("*", MockFaults.connectionReset(), { times: 1 })])
      const id = server.mock.locations[0]?.conversationIds[0] ?? ""
      const error = await fetch(`${server.url}/conversations/${id}`, { headers: headersOf(server) }).then(
        () => undefined,
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(TypeError)
      expect(String((error as { cause?: { code?: unknown } }).cause?.code)).toMatch(/UND_ERR_SOCKET|ECONNRESET/)
      expect((await fetch(`${server.url}/conversations/${id}`, { headers: headersOf(server) })).status).toBe(200)
    }))

  it("truncatedBody: full Content-Length, half the bytes, then the connection closes", () =>
    withServer({ seed: 21 }, async (server) => {
      server.mock.control.setFaults([MockFaults.rule("*", MockFaults.truncatedBody())])
      const id = server.mock.locations[0]?.conversationIds[0] ?? ""
      const seen = await new Promise<{ status: number; declared: number; received: number; error: boolean }>(
        (resolve) => {
          const req = Http.get(
            `${server.url}/conversations/${id}`,
            { agent: false, headers: headersOf(server) },
            (res) => {
              let received = 0
              const done = (error: boolean) =>
                resolve({
                  status: res.statusCode ?? 0,
                  declared: Number(res.headers["content-length"]),
                  received,
                  error
                })
              res.on("data", (c: Buffer) => {
                received += c.byteLength
              })
              res.on("aborted", () => done(true))
              res.on("error", () => done(true))
              res.on("end", () => done(false))
            }
          )
          req.on("error", () => resolve({ status: 0, declared: 0, received: 0, error: true }))
        }
      )
      expect(seen.status).toBe(200)
      expect(seen.error).toBe(true)
      expect(seen.received).toBe(Math.floor(seen.declared / 2))
      const res = await fetch(`${server.url}/conversations/${id}`, { headers: headersOf(server) })
      expect(Number(res.headers.get("content-length"))).toBeGreaterThan(100)
      await expect(res.text()).rejects.toThrow()
    }))

  it("slowBody and hugeBody stream through the adapter intact", () =>
    withServer({ seed: 21 }, async (server) => {
      const id = server.mock.locations[0]?.conversationIds[0] ?? ""
      server.mock.control.setFaults([
        MockFaults.rule("*", MockFaults.slowBody({ chunks: 3, delayMs: 30 }), { times: 1 }),
        MockFaults.rule("*", MockFaults.hugeBody(2 * 1024 * 1024), { times: 1 })
      ])
      const started = performance.now()
      const slow = await fetch(`${server.url}/conversations/${id}`, { headers: headersOf(server) })
      expect(decode(MockWire.ConversationResponse, await slow.json()).id).toBe(id)
      expect(performance.now() - started).toBeGreaterThanOrEqual(80)
      const huge = await fetch(`${server.url}/conversations/${id}`, { headers: headersOf(server) })
      const text = await huge.text()
      expect(Buffer.byteLength(text)).toBe(Number(huge.headers.get("content-length")))
      expect((JSON.parse(text) as { _padding: string })._padding).toHaveLength(2 * 1024 * 1024)
    }))

  it("htmlErrorPage and malformedJson arrive as sent", () =>
    withServer({ seed: 21 }, async (server) => {
      const id = server.mock.locations[0]?.conversationIds[0] ?? ""
      server.mock.control.setFaults([
        MockFaults.rule("*", MockFaults.htmlErrorPage(), { times: 1 }),
        MockFaults.rule("*", MockFaults.malformedJson(), { times: 1 })
      ])
      const html = await fetch(`${server.url}/conversations/${id}`, { headers: headersOf(server) })
      expect([html.status, html.headers.get("content-type")]).toEqual([502, "text/html"])
      expect(await html.text()).toContain("502 Bad Gateway")
      const malformed = await fetch(`${server.url}/conversations/${id}`, { headers: headersOf(server) })
      await expect(malformed.json()).rejects.toThrow(SyntaxError)
    }))
})

describe("shutdown", () => {
  it("close() closes idle keep-alive connections at once (no wait for the keep-alive timeout)", async () => {
    const server = await MockHttpServer.listen(HighLevelMock.make({ seed: 21 }), { shutdownGraceMs: 20_000 })
    const agent = new Http.Agent({ keepAlive: true })
    try {
      const res = await rawGet(`${server.url}/__mock/state`, agent)
      expect(res.status).toBe(200)
      const started = performance.now()
      await server.close()
      expect(performance.now() - started).toBeLessThan(2_000)
      await expect(rawGet(`${server.url}/__mock/state`, false)).rejects.toThrow()
    } finally {
      agent.destroy()
    }
  })

  it("close() lets an in-flight response finish within the grace period, then cuts the rest", async () => {
    const server = await MockHttpServer.listen(HighLevelMock.make({ seed: 21 }), { shutdownGraceMs: 300 })
    const id = server.mock.locations[0]?.conversationIds[0] ?? ""
    const headers = headersOf(server)
    server.mock.control.setFaults([
      MockFaults.rule("*", MockFaults.slowBody({ chunks: 2, delayMs: 50 }), { times: 1 }),
      MockFaults.rule("*", MockFaults.slowBody({ chunks: 50, delayMs: 100 }))
    ])
    const quick = rawGet(`${server.url}/conversations/${id}`, false, headers)
    const stuck = rawGet(`${server.url}/conversations/${id}`, false, headers)
    await new Promise((resolve) => setTimeout(resolve, 30))
    await server.close()
    expect((await quick).status).toBe(200)
    await expect(stuck).rejects.toThrow()
    expect(await server.close()).toBeUndefined()
  })

  it("listen rejects with ListenError when the port is taken", async () => {
    const first = await MockHttpServer.listen(HighLevelMock.make({ seed: 21 }))
    try {
      await expect(MockHttpServer.listen(HighLevelMock.make({ seed: 21 }), { port: first.port })).rejects
        .toBeInstanceOf(
          MockHttpServer.ListenError
        )
    } finally {
      await first.close()
    }
  })

  it.live("MockHttpServer.layer serves while its scope is open and closes with it", () =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(MockHttpServer.layer(HighLevelMock.make({ seed: 21 })), scope)
      const server = Context.get(context, MockHttpServer.MockHttpServer)
      const state = yield* Effect.promise(() => fetch(`${server.url}/__mock/state`).then((r) => r.json()))
      expect(state).toMatchObject({ seed: 21 })
      yield* Scope.close(scope, Exit.void)
      const after = yield* Effect.promise(() => fetch(`${server.url}/__mock/state`).then(() => "open", () => "closed"))
      expect(after).toBe("closed")
    }))
})
