/**
 * Uploads: multipart (`fileAttachment`) and the signed-URL flow (initiate → PUT → complete), in-process through
 * `mock.fetch` (the msw handlers) and over real HTTP; the files are served back at the URLs the answers carry.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import { HighLevelMock, MockFaults, MockHttpServer, MockWire } from "../src/index.js"
import { decode, manualClock } from "./support.js"

/** Where requests go: in-process (`mock.fetch`, any origin) or a listening server. */
interface Target {
  readonly origin: string
  readonly fetch: (request: Request) => Promise<Response>
}

const inProcess = (mock: HighLevelMock.HighLevelMock): Target => ({
  origin: "https://services.leadconnectorhq.com",
  fetch: mock.fetch
})

const setup = (options: HighLevelMock.Options = {}) => {
  const clock = manualClock(Date.UTC(2026, 5, 1))
  const mock = HighLevelMock.make({
    seed: 8,
    conversations: 10,
    messagesPerConversation: 2,
    now: clock.now,
    ...options
  })
  const { locationId, token } = mock.credentials
  const conversationId = mock.locations[0]?.conversationIds[0] ?? ""
  const other = mock.locations[1]
  if (other === undefined) throw new Error("the default scenario has a second location")
  return { clock, mock, locationId, token, conversationId, other }
}

const bytesOf = (n: number, salt = 0): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (i * 31 + salt) & 0xff
  return out
}

/** Byte equality without a structural diff (which takes seconds on megabytes, long enough for keep-alive to expire). */
const sameBytes = async (response: Response, expected: Uint8Array) =>
  Buffer.from(await response.arrayBuffer()).equals(Buffer.from(expected))

const file = (name: string, bytes: Uint8Array<ArrayBuffer>, type = "application/octet-stream") =>
  new File([bytes], name, { type })

const form = (fields: Record<string, string>, files: ReadonlyArray<File>, field = "fileAttachment") => {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) data.append(k, v)
  for (const f of files) data.append(field, f)
  return data
}

const api = (target: Target, token: string, path: string, init: { method: string; body?: BodyInit; json?: unknown }) =>
  target.fetch(
    new Request(`${target.origin}${path}`, {
      method: init.method,
      headers: {
        authorization: `Bearer ${token}`,
        version: "2021-04-15",
        ...(init.json === undefined ? {} : { "content-type": "application/json" })
      },
      ...(init.json !== undefined
        ? { body: JSON.stringify(init.json) }
        : init.body === undefined
        ? {}
        : { body: init.body })
    })
  )

const answer = async (response: Response) => ({
  status: response.status,
  body: await response.json() as Record<string, unknown>
})

const UPLOAD = "/conversations/messages/upload"

describe("POST /conversations/messages/upload (multipart)", () => {
  it("stores each fileAttachment and answers {uploadedFiles: {name: url}}; each URL serves the bytes back", async () => {
    const { conversationId, locationId, mock, token } = setup()
    const target = inProcess(mock)
    const png = bytesOf(3000)
    const pdf = bytesOf(1200, 7)
    const res = await answer(
      await api(target, token, UPLOAD, {
        method: "POST",
        body: form({ conversationId, locationId }, [
          file("photo.png", png, "image/png"),
          file("a b.pdf", pdf, "application/pdf")
        ])
      })
    )
    expect(res.status).toBe(200)
    const uploaded = decode(MockWire.UploadFilesResponse, res.body).uploadedFiles
    expect(Object.keys(uploaded)).toEqual(["photo.png", "a b.pdf"])
    for (const url of Object.values(uploaded)) {
      expect(url).toMatch(/^https:\/\/services\.leadconnectorhq\.com\/__mock\/files\//)
    }
    const served = await target.fetch(new Request(uploaded["photo.png"] ?? ""))
    expect(served.status).toBe(200)
    expect(served.headers.get("content-type")).toBe("image/png")
    expect(await sameBytes(served, png)).toBe(true)
    const second = await target.fetch(new Request(uploaded["a b.pdf"] ?? ""))
    expect(await sameBytes(second, pdf)).toBe(true)
    // File downloads are not API requests: the upload is the only entry.
    expect(mock.control.journal().map((e) => e.route)).toEqual(["uploadFiles"])
  })

  it("caller errors: not a form 400, files under another name 400, missing fields 422, no file 400", async () => {
    const { conversationId, locationId, mock, token } = setup()
    const target = inProcess(mock)
    const json = await answer(
      await api(target, token, UPLOAD, { method: "POST", json: { conversationId, locationId } })
    )
    expect(json.status).toBe(400)
    const wrongField = await answer(
      await api(target, token, UPLOAD, {
        method: "POST",
        body: form({ conversationId, locationId }, [file("a.png", bytesOf(10))], "file")
      })
    )
    expect(wrongField).toMatchObject({ status: 400, body: { message: "Unexpected field" } })
    const missing = await answer(
      await api(target, token, UPLOAD, {
        method: "POST",
        body: form({ color: "red" }, [file("a.png", bytesOf(10))])
      })
    )
    expect(missing.status).toBe(422)
    expect(missing.body["message"]).toEqual([
      "conversationId should not be empty",
      "conversationId must be a string",
      "locationId should not be empty",
      "locationId must be a string",
      "property color should not exist"
    ])
    const none = await answer(
      await api(target, token, UPLOAD, { method: "POST", body: form({ conversationId, locationId }, []) })
    )
    expect(none).toMatchObject({ status: 400, body: { status: 400 } })
  })

  it("target errors: another location 403, unknown conversation 404, a token without message.write 401", async () => {
    const { conversationId, locationId, mock, other, token } = setup()
    const target = inProcess(mock)
    const send = (fields: Record<string, string>, as = token) =>
      api(target, as, UPLOAD, { method: "POST", body: form(fields, [file("a.png", bytesOf(10))]) }).then((r) =>
        r.status
      )
    expect(await send({ conversationId, locationId: other.locationId })).toBe(403)
    expect(await send({ conversationId: other.conversationIds[0] ?? "", locationId })).toBe(403)
    expect(await send({ conversationId: "NoSuchConversation00", locationId })).toBe(404)
    expect(await send({ conversationId, locationId }, mock.locations[0]?.tokens.withoutMessagesScope)).toBe(401)
  })

  it("caps: file count, file type (415), size per file and the location's quota answer with the documented body", async () => {
    const { conversationId, locationId, mock, token } = setup({
      uploads: { maxFileBytes: 1000, maxFilesPerRequest: 2, maxBytesPerLocation: 2500 }
    })
    const target = inProcess(mock)
    const send = (files: ReadonlyArray<File>, extra: Record<string, string> = {}) =>
      api(target, token, UPLOAD, { method: "POST", body: form({ conversationId, locationId, ...extra }, files) }).then(
        answer
      )
    const three = await send([file("a.png", bytesOf(1)), file("b.png", bytesOf(1)), file("c.png", bytesOf(1))])
    decode(MockWire.UploadErrorBody, three.body)
    expect(three).toEqual({
      status: 413,
      body: { status: 413, message: "Too many files: at most 2 per request", traceId: expect.any(String) }
    })
    const group = await send([file("a.png", bytesOf(1)), file("b.png", bytesOf(1))], { isGroupSms: "true" })
    expect(group.body["message"]).toBe("Too many files: at most 1 per request")
    const exe = await send([file("tool.exe", bytesOf(1))])
    expect(exe).toMatchObject({ status: 415, body: { status: 415 } })
    expect(String(exe.body["message"])).toContain("tool.exe")
    const big = await send([file("big.png", bytesOf(1001))])
    expect(big).toMatchObject({ status: 413, body: { message: "File too large: big.png is over 1000 bytes" } })
    expect((await send([file("a.png", bytesOf(1000)), file("b.png", bytesOf(1000))])).status).toBe(200)
    const quota = await send([file("c.png", bytesOf(600))])
    expect(quota).toMatchObject({
      status: 413,
      body: { message: "Storage quota of 2500 bytes for the location exceeded" }
    })
    expect((await send([file("c.png", bytesOf(500))])).status).toBe(200)
  })

  it("faults target the upload routes by id: a replaced answer stores nothing; the journal names the route", async () => {
    const { conversationId, locationId, mock, token } = setup({ uploads: { maxBytesPerLocation: 100 } })
    const target = inProcess(mock)
    mock.control.setFaults([MockFaults.rule("uploadFiles", MockFaults.serverError(503), { times: 1 })])
    const send = () =>
      api(target, token, UPLOAD, {
        method: "POST",
        body: form({ conversationId, locationId }, [file("a.txt", bytesOf(100))])
      })
    expect((await send()).status).toBe(503)
    // The quota holds exactly one such file: the faulted request stored nothing.
    expect((await send()).status).toBe(200)
    expect(mock.control.journal().map((e) => [e.route, e.status, e.fault])).toEqual([
      ["uploadFiles", 503, "serverError"],
      ["uploadFiles", 200, undefined]
    ])
  })

  it.live.prop(
    "any files (bytes with CR, LF and dashes, names with spaces and quotes) come back byte for byte at their URLs",
    {
      files: FastCheck.array(
        FastCheck.record({
          stem: FastCheck.stringMatching(/^[A-Za-z0-9 _'-]{1,12}$/),
          extension: FastCheck.constantFrom("png", "pdf", "txt", "wav"),
          bytes: FastCheck.uint8Array({ maxLength: 600 }).chain((random) =>
            // Spliced-in CRLF and dashes: what a boundary search could mistake for a delimiter.
            FastCheck.constantFrom("", "\r\n", "\r\n--", "--", "\r\n\r\n").map((s) =>
              Uint8Array.from([...new TextEncoder().encode(s), ...random, ...new TextEncoder().encode(s)])
            )
          )
        }),
        { minLength: 1, maxLength: 4 }
      )
    },
    ({ files }) =>
      Effect.promise(async () => {
        const { conversationId, locationId, mock, token } = setup()
        const target = inProcess(mock)
        const named = files.map((f, i) => ({ ...f, name: `${i}-${f.stem}.${f.extension}` }))
        const res = await answer(
          await api(target, token, UPLOAD, {
            method: "POST",
            body: form({ conversationId, locationId }, named.map((f) => file(f.name, Uint8Array.from(f.bytes))))
          })
        )
        expect(res.status).toBe(200)
        const uploaded = decode(MockWire.UploadFilesResponse, res.body).uploadedFiles
        expect(Object.keys(uploaded)).toEqual(named.map((f) => f.name))
        for (const f of named) {
          const served = await target.fetch(new Request(uploaded[f.name] ?? ""))
          expect(await sameBytes(served, Uint8Array.from(f.bytes))).toBe(true)
        }
      }),
    { fastCheck: { numRuns: 40 } }
  )

  it("reset forgets stored files: their URLs answer 404", async () => {
    const { conversationId, locationId, mock, token } = setup()
    const target = inProcess(mock)
    const res = await answer(
      await api(target, token, UPLOAD, {
        method: "POST",
        body: form({ conversationId, locationId }, [file("a.txt", bytesOf(5))])
      })
    )
    const url = Object.values(res.body["uploadedFiles"] as Record<string, string>)[0] ?? ""
    expect((await target.fetch(new Request(url))).status).toBe(200)
    mock.control.reset()
    expect((await target.fetch(new Request(url))).status).toBe(404)
  })
})

/** initiate → PUT → complete through `target`; returns each step's answer. */
const signedFlow = async (
  target: Target,
  token: string,
  fields: { locationId: string; conversationId: string },
  bytes: Uint8Array<ArrayBuffer>
) => {
  const initiated = await answer(
    await api(target, token, `${UPLOAD}/initiate`, {
      method: "POST",
      json: { ...fields, filename: "clip.mp4", contentType: "video/mp4", fileSize: bytes.byteLength, channel: "SMS" }
    })
  )
  expect(initiated.status).toBe(200)
  const init = decode(MockWire.InitiateUploadResponse, initiated.body)
  const put = await target.fetch(
    new Request(init.uploadUrl, { method: "PUT", headers: { "content-type": "video/mp4" }, body: bytes })
  )
  expect(put.status).toBe(200)
  const completed = await answer(
    await api(target, token, `${UPLOAD}/complete`, {
      method: "POST",
      json: { ...fields, uploadId: init.uploadId, filePath: init.filePath, filename: "clip.mp4" }
    })
  )
  return { init, completed }
}

describe("signed-URL upload: initiate → PUT → complete", () => {
  it("in-process: the flow ends with a URL serving the PUT bytes; expiresAt is 15 minutes on the mock's clock", async () => {
    const { conversationId, locationId, mock, token } = setup()
    const target = inProcess(mock)
    const bytes = bytesOf(4096, 3)
    const { completed, init } = await signedFlow(target, token, { locationId, conversationId }, bytes)
    expect(init.expiresAt).toBe(Date.UTC(2026, 5, 1) + 15 * 60 * 1000)
    expect(init.maxFileSize).toBe(5 * 1024 * 1024)
    expect(init.filePath).toBe(`location/${locationId}/conversations/${conversationId}/${init.uploadId}.mp4`)
    expect(completed.status).toBe(200)
    decode(MockWire.CompleteUploadResponse, completed.body)
    expect(completed.body["metadata"]).toEqual({ size: 4096, contentType: "video/mp4" })
    const url = (completed.body["uploadedFiles"] as Record<string, string>)["clip.mp4"] ?? ""
    const served = await target.fetch(new Request(url))
    expect(await sameBytes(served, bytes)).toBe(true)
  })

  it("over HTTP: the same flow, with URLs under the server's origin", async () => {
    const { conversationId, locationId, mock, token } = setup()
    const server = await MockHttpServer.listen(mock, { port: 0 })
    try {
      const target: Target = { origin: server.url, fetch: (r) => fetch(r) }
      const bytes = bytesOf(2 * 1024 * 1024, 9) // over the server's 1 MiB JSON limit: uploads have their own
      const { completed, init } = await signedFlow(target, token, { locationId, conversationId }, bytes)
      expect(init.uploadUrl.startsWith(`${server.url}/__mock/uploads/`)).toBe(true)
      const url = (completed.body["uploadedFiles"] as Record<string, string>)["clip.mp4"] ?? ""
      expect(url.startsWith(`${server.url}/__mock/files/`)).toBe(true)
      const served = await fetch(url)
      expect(served.headers.get("content-type")).toBe("video/mp4")
      expect(await sameBytes(served, bytes)).toBe(true)
      const multipart = await answer(
        await api(target, token, UPLOAD, {
          method: "POST",
          body: form({ conversationId, locationId }, [file("b.wav", bytesOf(300_000), "audio/wav")])
        })
      )
      expect(multipart.status).toBe(200)
      const wav = await fetch(Object.values(multipart.body["uploadedFiles"] as Record<string, string>)[0] ?? "")
      expect((await wav.arrayBuffer()).byteLength).toBe(300_000)
    } finally {
      await server.close()
    }
  })

  it("the signed URL refuses a wrong signature (403), another content type (403), and expires after 15 minutes (400)", async () => {
    const { clock, conversationId, locationId, mock, token } = setup()
    const target = inProcess(mock)
    const init = decode(
      MockWire.InitiateUploadResponse,
      (await answer(
        await api(target, token, `${UPLOAD}/initiate`, {
          method: "POST",
          json: { locationId, conversationId, filename: "a.png", contentType: "image/png", channel: "SMS" }
        })
      )).body
    )
    const put = (url: string, type = "image/png") =>
      target.fetch(new Request(url, { method: "PUT", headers: { "content-type": type }, body: bytesOf(10) }))
    const forged = new URL(init.uploadUrl)
    forged.searchParams.set("X-Goog-Signature", "0".repeat(32))
    const bad = await put(forged.href)
    expect(bad.status).toBe(403)
    expect(await bad.text()).toContain("<Code>SignatureDoesNotMatch</Code>")
    expect((await put(init.uploadUrl, "image/jpeg")).status).toBe(403)
    clock.advance(15 * 60 * 1000)
    expect((await put(init.uploadUrl)).status).toBe(200) // at the instant of expiry it still works
    clock.advance(1)
    const late = await put(init.uploadUrl)
    expect(late.status).toBe(400)
    expect(await late.text()).toContain("<Code>ExpiredToken</Code>")
  })

  it("the 15 minutes run on the mock clock: control.advanceClock expires the URL, no waiting", async () => {
    const { conversationId, locationId, mock, token } = setup()
    const target = inProcess(mock)
    mock.control.setClock(Date.UTC(2030, 0, 1))
    const init = decode(
      MockWire.InitiateUploadResponse,
      (await answer(
        await api(target, token, `${UPLOAD}/initiate`, {
          method: "POST",
          json: { locationId, conversationId, filename: "a.txt", contentType: "text/plain", channel: "SMS" }
        })
      )).body
    )
    expect(init.expiresAt).toBe(Date.UTC(2030, 0, 1) + 15 * 60 * 1000)
    mock.control.advanceClock(15 * 60 * 1000 + 1)
    const late = await target.fetch(new Request(init.uploadUrl, { method: "PUT", body: bytesOf(3) }))
    expect(late.status).toBe(400)
    expect(await late.text()).toContain("<Code>ExpiredToken</Code>")
  })

  it("complete before any PUT, with another filePath or another conversation is a 404; twice answers the same file", async () => {
    const { conversationId, locationId, mock, token } = setup()
    const target = inProcess(mock)
    const init = decode(
      MockWire.InitiateUploadResponse,
      (await answer(
        await api(target, token, `${UPLOAD}/initiate`, {
          method: "POST",
          json: { locationId, conversationId, filename: "a.txt", contentType: "text/plain", channel: "SMS" }
        })
      )).body
    )
    const complete = (over: Record<string, string> = {}) =>
      api(target, token, `${UPLOAD}/complete`, {
        method: "POST",
        json: {
          locationId,
          conversationId,
          uploadId: init.uploadId,
          filePath: init.filePath,
          filename: "a.txt",
          ...over
        }
      }).then(answer)
    const early = await complete()
    expect(early).toMatchObject({
      status: 404,
      body: { message: "File not found in storage - upload may have failed or URL expired" }
    })
    await target.fetch(new Request(init.uploadUrl, { method: "PUT", body: bytesOf(20) }))
    expect((await complete({ filePath: "location/x/y.txt" })).status).toBe(404)
    expect((await complete({ conversationId: mock.locations[0]?.conversationIds[1] ?? "" })).status).toBe(404)
    const first = await complete()
    const again = await complete()
    expect(first.status).toBe(200)
    expect(again.body["uploadedFiles"]).toEqual(first.body["uploadedFiles"])
    // Completed: the signed URL takes no more bytes.
    expect((await target.fetch(new Request(init.uploadUrl, { method: "PUT", body: bytesOf(5) }))).status).toBe(409)
  })

  it("initiate: 422 for the body, 400 for a file type, 413 over the channel's size (WhatsApp has its own) or the quota", async () => {
    const { conversationId, locationId, mock, token } = setup({ uploads: { maxBytesPerLocation: 200 * 1024 * 1024 } })
    const target = inProcess(mock)
    const initiate = (over: Record<string, unknown>) =>
      api(target, token, `${UPLOAD}/initiate`, {
        method: "POST",
        json: { locationId, conversationId, filename: "v.mp4", contentType: "video/mp4", channel: "SMS", ...over }
      }).then(answer)
    const bad = await initiate({ filename: undefined, fileSize: "big", extra: true })
    expect(bad.status).toBe(422)
    expect(bad.body["message"]).toEqual([
      "filename should not be empty",
      "filename must be a string",
      "fileSize must be a number conforming to the specified constraints",
      "property extra should not exist"
    ])
    expect((await initiate({ filename: "v.exe" })).status).toBe(400)
    expect((await initiate({ fileSize: 6 * 1024 * 1024 })).status).toBe(413)
    const whatsapp = await initiate({ fileSize: 6 * 1024 * 1024, channel: "WHATSAPP" })
    expect(whatsapp.status).toBe(200)
    expect(whatsapp.body["maxFileSize"]).toBe(100 * 1024 * 1024)
    expect((await initiate({ fileSize: 101 * 1024 * 1024, channel: "WHATSAPP" })).status).toBe(413)
    expect((await initiate({ locationId: mock.locations[1]?.locationId })).status).toBe(403)
  })

  it("the PUT is held to the initiated maxFileSize and to the location's quota (413 EntityTooLarge)", async () => {
    const { conversationId, locationId, mock, token } = setup({
      uploads: { maxFileBytes: 100, maxBytesPerLocation: 150 }
    })
    const target = inProcess(mock)
    const start = async () =>
      decode(
        MockWire.InitiateUploadResponse,
        (await answer(
          await api(target, token, `${UPLOAD}/initiate`, {
            method: "POST",
            json: { locationId, conversationId, filename: "a.txt", contentType: "text/plain", channel: "SMS" }
          })
        )).body
      ).uploadUrl
    const put = (url: string, n: number) => target.fetch(new Request(url, { method: "PUT", body: bytesOf(n) }))
    const tooBig = await put(await start(), 101)
    expect(tooBig.status).toBe(413)
    expect(await tooBig.text()).toContain("EntityTooLarge")
    expect((await put(await start(), 100)).status).toBe(200)
    expect((await put(await start(), 60)).status).toBe(413) // 100 received + 60 > 150
  })
})
