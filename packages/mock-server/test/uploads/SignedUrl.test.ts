/**
 * Uploads, signed URL: initiate → PUT → complete, in-process through `mock.fetch` and over real HTTP; the signature,
 * the content type, the expiry on the mock clock, and the size limits of the PUT.
 */
import { describe, expect, it } from "@effect/vitest"
import { MockHttpServer, MockWire } from "../../src/index.js"
import { decode } from "../support.js"
import {
  answer,
  api,
  bytesOf,
  file,
  form,
  inProcess,
  sameBytes,
  setup,
  signedFlow,
  type Target,
  UPLOAD
} from "./support.js"

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
