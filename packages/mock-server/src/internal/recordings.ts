/**
 * Call recordings and their transcriptions, generated on demand from the message (never stored): a call that
 * connected (`meta.call.duration` > 0) has a small WAV (a tone whose pitch comes from the message id, 0.1 s per
 * call second, at most 1 s, 8 kHz 8-bit mono) and a transcription of a few sentences spread over the call. The same
 * message always gives the same bytes.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockWire from "../MockWire.js"
import type { StoredMessage } from "./model.js"
import * as Prng from "./prng.js"

/** Whether a message has a recording (and a transcription): a call that connected. @internal */
export const hasRecording = (message: StoredMessage): boolean => message.call !== undefined && message.call.duration > 0

/** A number from the message id alone (FNV-1a), so regenerating never depends on the data set's seed. */
const idHash = (id: string, salt: number): number => {
  let h = 0x811c9dc5 ^ salt
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return h >>> 0
}

const SAMPLE_RATE = 8000

/** The WAV of a call message: RIFF header (44 bytes) and unsigned 8-bit PCM samples. @internal */
export const wav = (message: StoredMessage): Uint8Array<ArrayBuffer> => {
  const seconds = Math.min(message.call?.duration ?? 0, 10)
  const samples = Math.max(1, Math.round(seconds * SAMPLE_RATE / 10))
  const out = new Uint8Array(44 + samples)
  const view = new DataView(out.buffer)
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i)
  }
  ascii(0, "RIFF")
  view.setUint32(4, 36 + samples, true)
  ascii(8, "WAVE")
  ascii(12, "fmt ")
  view.setUint32(16, 16, true) // PCM format chunk size
  view.setUint16(20, 1, true) // PCM
  view.setUint16(22, 1, true) // mono
  view.setUint32(24, SAMPLE_RATE, true)
  view.setUint32(28, SAMPLE_RATE, true) // bytes per second: 1 byte per sample
  view.setUint16(32, 1, true) // block align
  view.setUint16(34, 8, true) // bits per sample
  ascii(36, "data")
  view.setUint32(40, samples, true)
  const hertz = 300 + (idHash(message.id, 1) % 500)
  for (let i = 0; i < samples; i++) {
    // A tone that fades in and out, so it clicks at neither end.
    const envelope = Math.min(1, i / 400, (samples - i) / 400)
    out[44 + i] = 128 + Math.round(90 * envelope * Math.sin((2 * Math.PI * hertz * i) / SAMPLE_RATE))
  }
  return out
}

/** One sentence, as `GetMessageTranscriptionResponseDto` documents it (`mediaChannel` 1: the location's side,
 * 2: the contact; times in ms from the start of the call). @internal */
type Sentence = MockWire.TranscriptionSentence

const AGENT = [
  "Thanks for calling, how can I help you today?",
  "Let me check that for you.",
  "I can book you in for Thursday morning.",
  "Is there anything else I can help with?",
  "I'll send you a confirmation by text."
] as const

const CONTACT = [
  "Hi, I'm calling about my appointment.",
  "I'd like to move it to later this week.",
  "Thursday works for me.",
  "Could you send me the details?",
  "No, that's all, thank you."
] as const

/** The transcription of a call message: the recording notice, then agent and contact in turn. @internal */
export const transcription = (message: StoredMessage): ReadonlyArray<Sentence> => {
  const prng = Prng.make(idHash(message.id, 2))
  const count = 2 + prng.int(4)
  const span = (message.call?.duration ?? 1) * 1000
  const slot = Math.floor(span / (count + 1))
  return Array.from({ length: count + 1 }, (_, i): Sentence => {
    const agent = i % 2 === 0
    const lines = agent ? AGENT : CONTACT
    const transcript = i === 0
      ? "This call may be recorded for quality assurance purposes."
      : lines[(i + prng.int(lines.length)) % lines.length] ?? ""
    const startTime = i * slot
    return {
      mediaChannel: agent ? 1 : 2,
      sentenceIndex: i,
      startTime,
      endTime: startTime + Math.max(1, Math.floor(slot * 0.8)),
      transcript,
      confidence: Math.round((0.8 + prng.float() * 0.19) * 100) / 100
    }
  })
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000)
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
}

/** The downloadable text: one line per sentence, `[hh:mm:ss] Channel n: transcript`. @internal */
export const transcriptText = (sentences: ReadonlyArray<Sentence>): string =>
  sentences.map((s) => `[${clock(s.startTime)}] Channel ${s.mediaChannel}: ${s.transcript}\n`).join("")
