import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockWire } from "../src/index.js"
import { call, callJson, decode } from "./support.js"

const mock = HighLevelMock.make({ seed: 4, conversations: 30, messagesPerConversation: 12, rateLimit: false })
const { locationId } = mock.credentials
const messages = (mock.locations[0]?.conversationIds ?? []).flatMap((id) => mock.store.messagesOf(id))
const durationOf = (m: MockWire.Message) => {
  const meta = m.meta as { call?: { duration?: number } } | undefined
  return meta?.call?.duration
}
const connected = messages.filter((m) => (durationOf(m) ?? 0) > 0)
const unanswered = messages.find((m) => durationOf(m) === 0)
const sms = messages.find((m) => durationOf(m) === undefined)
const first = connected[0]
if (first === undefined || sms === undefined) throw new Error("the seed has connected calls and texts")

const recordingPath = (messageId: string, location = locationId) =>
  `/conversations/messages/${messageId}/locations/${location}/recording`
const transcriptionPath = (messageId: string, location = locationId) =>
  `/conversations/locations/${location}/messages/${messageId}/transcription`

describe("GET …/recording", () => {
  it("a connected call has a small WAV (audio/x-wav, RIFF/WAVE, 8 kHz mono 8-bit), the same bytes every time", async () => {
    const res = await call(mock, recordingPath(first.id))
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toBe("audio/x-wav")
    expect(res.headers.get("content-disposition")).toBe("attachment; filename=audio.wav")
    const bytes = new Uint8Array(await res.arrayBuffer())
    const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to))
    expect([ascii(0, 4), ascii(8, 12), ascii(36, 40)]).toEqual(["RIFF", "WAVE", "data"])
    const view = new DataView(bytes.buffer)
    expect(view.getUint32(24, true)).toBe(8000)
    expect(view.getUint16(22, true)).toBe(1)
    expect(view.getUint16(34, true)).toBe(8)
    expect(view.getUint32(40, true)).toBe(bytes.byteLength - 44)
    expect(bytes.byteLength).toBeLessThanOrEqual(44 + 8000)
    const again = new Uint8Array(await (await call(mock, recordingPath(first.id))).arrayBuffer())
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true)
    const twin = HighLevelMock.make({ seed: 4, conversations: 30, messagesPerConversation: 12, rateLimit: false })
    const fromTwin = new Uint8Array(await (await call(twin, recordingPath(first.id))).arrayBuffer())
    expect(Buffer.from(fromTwin).equals(Buffer.from(bytes))).toBe(true)
  })

  it("different calls sound different", async () => {
    const second = connected[1]
    if (second === undefined) throw new Error("two connected calls")
    const a = Buffer.from(await (await call(mock, recordingPath(first.id))).arrayBuffer())
    const b = Buffer.from(await (await call(mock, recordingPath(second.id))).arrayBuffer())
    expect(a.equals(b)).toBe(false)
  })

  it("a text message is a 404, an unanswered call too; an unknown id 404; another location 403", async () => {
    expect(await callJson(mock, recordingPath(sms.id))).toMatchObject({
      status: 404,
      body: { statusCode: 404, message: `No recording found for message ${sms.id}` }
    })
    if (unanswered !== undefined) expect((await call(mock, recordingPath(unanswered.id))).status).toBe(404)
    expect((await callJson(mock, recordingPath("NoSuchMessage0000000"))).status).toBe(404)
    const other = mock.locations[1]?.locationId ?? ""
    expect((await callJson(mock, recordingPath(first.id, other))).status).toBe(403)
    const withToken = await callJson(mock, recordingPath(first.id, other), {
      token: mock.locations[1]?.tokens.full ?? ""
    })
    expect(withToken.status).toBe(404) // another location's message is not disclosed
  })

  it("needs conversations/message.readonly (401); a query parameter is a 422", async () => {
    const token = mock.locations[0]?.tokens.withoutMessagesScope ?? ""
    expect((await callJson(mock, recordingPath(first.id), { token })).status).toBe(401)
    const extra = await callJson(mock, `${recordingPath(first.id)}?format=mp3`)
    expect(extra).toMatchObject({ status: 422, body: { message: ["property format should not exist"] } })
  })
})

describe("GET …/transcription and …/transcription/download", () => {
  it("the JSON is the sentences in order: the recording notice first, channels in turn, times within the call", async () => {
    const res = await callJson(mock, transcriptionPath(first.id))
    expect(res.status).toBe(200)
    const sentences = decode(MockWire.TranscriptionResponse, res.body)
    expect(sentences.length).toBeGreaterThanOrEqual(3)
    expect(sentences[0]?.transcript).toBe("This call may be recorded for quality assurance purposes.")
    const durationMs = (durationOf(first) ?? 0) * 1000
    sentences.forEach((s, i) => {
      expect(Object.keys(s).sort()).toEqual(
        ["confidence", "endTime", "mediaChannel", "sentenceIndex", "startTime", "transcript"]
      )
      expect(s.sentenceIndex).toBe(i)
      expect(s.mediaChannel).toBe(i % 2 === 0 ? 1 : 2)
      expect(s.startTime).toBeLessThan(s.endTime)
      expect(s.endTime).toBeLessThanOrEqual(durationMs)
      expect(s.confidence).toBeGreaterThanOrEqual(0.8)
      expect(s.confidence).toBeLessThanOrEqual(0.99)
    })
    // Deterministic: asked again, the same sentences.
    expect((await callJson(mock, transcriptionPath(first.id))).body).toEqual(sentences)
  })

  it("the download is text/plain, one line per sentence of the JSON, as an attachment", async () => {
    const sentences = decode(MockWire.TranscriptionResponse, (await callJson(mock, transcriptionPath(first.id))).body)
    const res = await call(mock, `${transcriptionPath(first.id)}/download`)
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8")
    expect(res.headers.get("content-disposition")).toBe("attachment; filename=\"transcription.txt\"")
    const lines = (await res.text()).trimEnd().split("\n")
    expect(lines).toHaveLength(sentences.length)
    lines.forEach((line, i) =>
      expect(line).toMatch(new RegExp(`^\\[\\d\\d:\\d\\d:\\d\\d\\] Channel ${sentences[i]?.mediaChannel}: `))
    )
    expect(lines[0]).toBe("[00:00:00] Channel 1: This call may be recorded for quality assurance purposes.")
  })

  it("a text message has no transcription (404), nor its download; another location 403", async () => {
    expect((await callJson(mock, transcriptionPath(sms.id))).status).toBe(404)
    expect((await callJson(mock, `${transcriptionPath(sms.id)}/download`)).status).toBe(404)
    expect((await callJson(mock, transcriptionPath(first.id, mock.locations[1]?.locationId ?? ""))).status).toBe(403)
  })
})
