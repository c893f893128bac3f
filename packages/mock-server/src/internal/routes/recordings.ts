/**
 * Call recordings and transcriptions of a message: the WAV (`audio/x-wav`), the sentences as JSON, and the same as
 * a text download. Only a call that connected has them (see `recordings.ts`); any other message is a 404.
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredMessage } from "../model.js"
import * as Recordings from "../recordings.js"
import type * as Responses from "../responses.js"
import * as Body from "./body.js"
import { type BearerContext, error, json } from "./route.js"

/** What the recording routes read. @internal */
export interface RecordingState {
  readonly message: (messageId: string) => StoredMessage | undefined
}

const encoder = new TextEncoder()

/**
 * The checks of all three: no query parameter (422), the path's location is the token's (403), a message of that
 * location (404: another location's message is not disclosed), a call with a recording (404).
 */
const callOf = (ctx: BearerContext, state: RecordingState): StoredMessage | Responses.Prepared => {
  const unknown = [...new Set(ctx.url.searchParams.keys())]
  if (unknown.length > 0) return Body.unprocessable(ctx, unknown.map((k) => `property ${k} should not exist`))
  if (ctx.params.locationId !== ctx.token.locationId) {
    return error(ctx, 403, "The token does not have access to this location.")
  }
  const id = ctx.params.messageId ?? ""
  const message = state.message(id)
  if (message === undefined || message.locationId !== ctx.token.locationId) {
    return error(ctx, 404, `Message with id ${id} not found`)
  }
  if (!Recordings.hasRecording(message)) return error(ctx, 404, `No recording found for message ${id}`)
  return message
}

const isMessage = (value: StoredMessage | Responses.Prepared): value is StoredMessage => "messageType" in value

/** A binary answer with the request's headers. */
const bytes = (
  ctx: BearerContext,
  body: Uint8Array<ArrayBuffer>,
  contentType: string,
  disposition: string
): Responses.Prepared => ({
  status: 200,
  headers: { ...ctx.headers, "content-type": contentType, "content-disposition": disposition },
  body
})

/** GET /conversations/messages/{messageId}/locations/{locationId}/recording: the WAV. @internal */
export const recording = (ctx: BearerContext, state: RecordingState): Responses.Prepared => {
  const found = callOf(ctx, state)
  if (!isMessage(found)) return found
  // The content type and file name the spec documents for this answer.
  return bytes(ctx, Recordings.wav(found), "audio/x-wav", "attachment; filename=audio.wav")
}

/**
 * GET /conversations/locations/{locationId}/messages/{messageId}/transcription: the sentences, as an array of the
 * spec's `GetMessageTranscriptionResponseDto` (the spec shows one object; a transcription has many sentences).
 *
 * @internal
 */
export const transcription = (ctx: BearerContext, state: RecordingState): Responses.Prepared => {
  const found = callOf(ctx, state)
  if (!isMessage(found)) return found
  return json(ctx, 200, Recordings.transcription(found))
}

/** GET …/transcription/download: the sentences as text, one line each. @internal */
export const download = (ctx: BearerContext, state: RecordingState): Responses.Prepared => {
  const found = callOf(ctx, state)
  if (!isMessage(found)) return found
  const text = Recordings.transcriptText(Recordings.transcription(found))
  return bytes(ctx, encoder.encode(text), "text/plain; charset=utf-8", "attachment; filename=\"transcription.txt\"")
}
