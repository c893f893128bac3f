/**
 * Call recordings and their transcriptions: the models of `messages.recording`, `messages.transcription` and
 * `messages.downloadTranscription`, and the parameters they take.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { TransportError } from "./ConversationsError.js"
import { NumberLenient, optionalOrNull } from "./internal/schema.js"

/**
 * The parameters of the recording and transcription reads: the location the message belongs to (part of the path),
 * the client's default location when left out.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MessageMediaParams = Schema.Struct({
  locationId: Schema.optional(Schema.NonEmptyTrimmedString)
})

/**
 * @since 0.1.0
 * @category models
 */
export type MessageMediaParams = typeof MessageMediaParams.Type

/**
 * The recording of a call message, as `GET /conversations/messages/{messageId}/locations/{locationId}/recording`
 * answers it: the head (content type, length, file name) and the audio as a stream of bytes, read only as the
 * consumer pulls, so a long recording is never held in memory whole. The stream belongs to the scope
 * `messages.recording` ran in: closing that scope aborts a body not read to the end. Each pull waits at most the
 * client's `timeout` (an idle timeout); the whole body may take longer.
 *
 * @since 0.1.0
 * @category models
 */
export interface Recording {
  /** The `Content-Type` of the answer (`audio/x-wav` on HighLevel), `application/octet-stream` when absent. */
  readonly contentType: string
  /** The `Content-Length`, when the server sent one. */
  readonly contentLength: number | undefined
  /** The file name of the `Content-Disposition` header (`audio.wav`), when there is one. */
  readonly filename: string | undefined
  /** The audio, chunk by chunk as it arrives. Run it once: the body is read from the connection. */
  readonly bytes: Stream.Stream<Uint8Array, TransportError>
}

/**
 * One sentence of a call's transcription. The spec documents every field as required and numeric, with string
 * examples (`"startTime": "34"`): numbers are read from either form, and only `transcript` is required.
 *
 * @since 0.1.0
 * @category models
 */
export class TranscriptionSentence
  extends Schema.Class<TranscriptionSentence>("@highlevel-effect/client/TranscriptionSentence")({
    transcript: Schema.String,
    /** The speaker's channel (the user interaction channel). */
    mediaChannel: optionalOrNull(NumberLenient),
    sentenceIndex: optionalOrNull(NumberLenient),
    /** Milliseconds from the start of the call. */
    startTime: optionalOrNull(NumberLenient),
    /** Milliseconds from the start of the call. */
    endTime: optionalOrNull(NumberLenient),
    confidence: optionalOrNull(NumberLenient)
  })
{}

// The spec documents one sentence object; a transcription has many. Both an array and a single object decode, the
// latter as a transcription of one sentence.
const SingleSentence = Schema.transform(
  TranscriptionSentence,
  Schema.Array(Schema.typeSchema(TranscriptionSentence)),
  {
    strict: true,
    decode: (sentence) => [sentence],
    encode: (sentences) => sentences[0] ?? new TranscriptionSentence({ transcript: "" })
  }
)

/**
 * The body of `GET /conversations/locations/{locationId}/messages/{messageId}/transcription`: an array of sentences,
 * or the single sentence object the spec documents.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TranscriptionFromWire = Schema.Union(Schema.Array(TranscriptionSentence), SingleSentence)
