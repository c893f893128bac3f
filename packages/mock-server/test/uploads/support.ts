/**
 * What the upload tests share: a mock on a manual clock, requests in-process or to a listening server, files and
 * forms of known bytes, and the signed-URL flow (initiate → PUT → complete).
 */
import { expect } from "@effect/vitest"
import { HighLevelMock, MockWire } from "../../src/index.js"
import { decode, manualClock } from "../support.js"

/** Where requests go: in-process (`mock.fetch`, any origin) or a listening server. */
export interface Target {
  readonly origin: string
  readonly fetch: (request: Request) => Promise<Response>
}

export const inProcess = (mock: HighLevelMock.HighLevelMock): Target => ({
  origin: "https://services.leadconnectorhq.com",
  fetch: mock.fetch
})

export const setup = (options: HighLevelMock.Options = {}) => {
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

export const bytesOf = (n: number, salt = 0): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (i * 31 + salt) & 0xff
  return out
}

/** Byte equality without a structural diff (which takes seconds on megabytes, long enough for keep-alive to expire). */
export const sameBytes = async (response: Response, expected: Uint8Array) =>
  Buffer.from(await response.arrayBuffer()).equals(Buffer.from(expected))

export const file = (name: string, bytes: Uint8Array<ArrayBuffer>, type = "application/octet-stream") =>
  new File([bytes], name, { type })

export const form = (fields: Record<string, string>, files: ReadonlyArray<File>, field = "fileAttachment") => {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) data.append(k, v)
  for (const f of files) data.append(field, f)
  return data
}

export const api = (
  target: Target,
  token: string,
  path: string,
  init: { method: string; body?: BodyInit; json?: unknown }
) =>
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

export const answer = async (response: Response) => ({
  status: response.status,
  body: await response.json() as Record<string, unknown>
})

export const UPLOAD = "/conversations/messages/upload"

/** initiate → PUT → complete through `target`; returns each step's answer. */
export const signedFlow = async (
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
