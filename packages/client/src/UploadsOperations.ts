/**
 * The `uploads` group of the client: the multipart upload and the signed-URL flow.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { NotFoundError, RequestError, WriteOutcomeUnknownError } from "./ConversationsError.js"
import type {
  CompletedUpload,
  CompleteUploadInput,
  InitiatedUpload,
  InitiateUploadInput,
  PutSignedInput,
  UploadedFiles,
  UploadFilesInput,
  UploadRejectedError,
  UploadSignedInput
} from "./Upload.js"

/**
 * The failures of `uploads.upload`: `UploadRejectedError` when the server refuses the size (413) or the type (415);
 * `WriteOutcomeUnknownError` when the request was sent and its answer never came (the upload is not resent);
 * `NotFoundError` when the conversation is unknown (the mock's 404; HighLevel documents no answer for it).
 *
 * @since 0.1.0
 * @category errors
 */
export type UploadError = RequestError | NotFoundError | UploadRejectedError | WriteOutcomeUnknownError

/**
 * The failures of `uploads.initiate`: a file over the server's limit is an `UploadRejectedError` (413); an unknown
 * conversation is `NotFoundError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type InitiateUploadError = RequestError | NotFoundError | UploadRejectedError | WriteOutcomeUnknownError

/**
 * The failures of `uploads.putSigned`: the storage's answer (an expired URL is a `ForbiddenError` or an
 * `InvalidRequestError`, a file over the signed size a 413 `UploadRejectedError`).
 *
 * @since 0.1.0
 * @category errors
 */
export type PutSignedError = RequestError | UploadRejectedError

/**
 * The failures of `uploads.complete`: `NotFoundError` when the file is not in storage (the `PUT` failed, or the URL
 * expired).
 *
 * @since 0.1.0
 * @category errors
 */
export type CompleteUploadError = RequestError | NotFoundError | WriteOutcomeUnknownError

/**
 * The failures of `uploads.uploadSigned`: those of its three steps.
 *
 * @since 0.1.0
 * @category errors
 */
export type UploadSignedError = InitiateUploadError | PutSignedError | CompleteUploadError

/**
 * The upload operations (scope `conversations/message.write`). Sizes and counts are checked before anything is sent
 * (`Upload.uploadLimits`); file bytes are streamed into the request, never buffered a second time.
 *
 * @since 0.1.0
 * @category models
 */
export interface UploadsOperations {
  /**
   * `POST /conversations/messages/upload`: the files as `multipart/form-data` (`fileAttachment` parts), with the
   * conversation and location. Returns the URL of each file, to attach to a message. A `POST`: never resent once it
   * may have reached the server.
   */
  readonly upload: (input: UploadFilesInput) => Effect.Effect<UploadedFiles, UploadError>
  /** `POST /conversations/messages/upload/initiate`: a signed URL (valid about 15 minutes) to `PUT` the file to. */
  readonly initiate: (input: InitiateUploadInput) => Effect.Effect<InitiatedUpload, InitiateUploadError>
  /**
   * `PUT` the file's bytes to the signed URL of an initiate answer. The request goes to that URL as given and carries
   * none of the client's headers (no token, no `Version`): only the content type and the bytes. Idempotent, so
   * retried like a read.
   */
  readonly putSigned: (input: PutSignedInput) => Effect.Effect<void, PutSignedError>
  /** `POST /conversations/messages/upload/complete`: checks the stored file and returns its public URL. */
  readonly complete: (input: CompleteUploadInput) => Effect.Effect<CompletedUpload, CompleteUploadError>
  /** The signed-URL flow in one call: `initiate`, `putSigned` (checked against the answer's `maxFileSize`), `complete`. */
  readonly uploadSigned: (input: UploadSignedInput) => Effect.Effect<CompletedUpload, UploadSignedError>
}
