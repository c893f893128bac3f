/**
 * Uploads, multipart: `POST /conversations/messages/upload` with `fileAttachment` parts, in-process through
 * `mock.fetch` (the msw handlers); the files are served back at the URLs the answers carry.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import { MockFaults, MockWire } from "../../src/index.js"
import { decode } from "../support.js"
import { answer, api, bytesOf, file, form, inProcess, sameBytes, setup, UPLOAD } from "./support.js"

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
