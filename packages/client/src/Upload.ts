/**
 * File uploads to a conversation: the multipart upload (`upload-file-attachments`) and the signed-URL flow
 * (`initiate-file-upload` → `PUT` to the returned URL → `complete-file-upload`). The inputs, the limits the client
 * checks before sending anything, and the results.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { TypeId } from "./ConversationsError.js"
import { LenientDateTime, NumberLenient, optionalOrNull } from "./internal/schema.js"

// Ids go into multipart fields and JSON bodies: no control character (a CR or LF would break a multipart part).
const Id = Schema.NonEmptyTrimmedString.pipe(
  Schema.filter((id) => !/\p{Cc}/u.test(id) || "must not contain control characters")
)

const MiB = 1024 * 1024

/**
 * The limits the client checks before an upload leaves, so an upload the server would refuse (413, 415) fails at
 * once with an `InvalidInputError` naming the file, and no bytes are sent:
 *
 * - `maxFileBytes`: one file of the multipart upload, 5 MiB (HighLevel's limit for attachments outside WhatsApp, as
 *   `initiate-file-upload` documents it; the project's mock enforces the same cap).
 * - `maxFiles`: files per multipart request, 10 (`maxGroupSmsFiles`, 1, when `isGroupSms`: the spec says so).
 * - `signedMaxFileBytes` / `signedWhatsAppMaxFileBytes`: the signed-URL flow, 5 MiB, or 100 MiB for the `WHATSAPP`
 *   channel (the spec's numbers); the `maxFileSize` an initiate answer returns is checked again before the `PUT`.
 *
 * @since 0.1.0
 * @category constants
 */
export const uploadLimits = {
  maxFileBytes: 5 * MiB,
  maxFiles: 10,
  maxGroupSmsFiles: 1,
  signedMaxFileBytes: 5 * MiB,
  signedWhatsAppMaxFileBytes: 100 * MiB
} as const

/**
 * The file types the multipart upload accepts (the spec's list), by file-name extension.
 *
 * @since 0.1.0
 * @category constants
 */
export const allowedExtensions = [
  "jpg",
  "jpeg",
  "png",
  "mp4",
  "mpeg",
  "zip",
  "rar",
  "pdf",
  "doc",
  "docx",
  "txt",
  "mp3",
  "wav"
] as const

// Control characters (a CR or LF would end the multipart header) and path separators have no place in a file name.
const FileName = Schema.NonEmptyTrimmedString.pipe(
  Schema.maxLength(255),
  Schema.filter((name) => !/[\p{Cc}/\\]/u.test(name) || "must not contain control characters or path separators")
)

const extensionOf = (filename: string): string => {
  const dot = filename.lastIndexOf(".")
  return dot < 0 ? "" : filename.slice(dot + 1).toLowerCase()
}

const AttachmentFileName = FileName.pipe(
  Schema.filter((name) =>
    (allowedExtensions as ReadonlyArray<string>).includes(extensionOf(name)) ||
    `must end in one of the accepted types (${allowedExtensions.join(", ")})`
  )
)

// `type/subtype`, optionally with parameters: what goes into a `Content-Type` header.
const ContentType = Schema.String.pipe(
  Schema.pattern(/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(\s*;[^\p{Cc}]*)?$/u, {
    message: () => "must be a MIME type (type/subtype)"
  })
)

/**
 * The bytes of a file: a `Uint8Array` already in memory, or a `Blob` (a `File`, or `fs.openAsBlob(path)` in Node,
 * read from disk as it is sent). Either is streamed into the request as it is, never copied into a second buffer,
 * and can be sent again if a rate limit asks for a retry.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FileData = Schema.Union(Schema.Uint8ArrayFromSelf, Schema.instanceOf(Blob))

/**
 * @since 0.1.0
 * @category models
 */
export type FileData = typeof FileData.Type

/**
 * The size in bytes of a file's data.
 *
 * @since 0.1.0
 * @category utils
 */
export const sizeOf = (data: FileData): number => data instanceof Uint8Array ? data.byteLength : data.size

const atMost = (max: number) => (data: FileData) =>
  sizeOf(data) <= max || `must be at most ${max} bytes (${max / MiB} MiB), got ${sizeOf(data)}`

/**
 * One file of a multipart upload: its name (the type is read from the extension, one of {@link allowedExtensions}),
 * its content type (`application/octet-stream` when left out) and its bytes, at most `uploadLimits.maxFileBytes`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UploadFile = Schema.Struct({
  filename: AttachmentFileName,
  contentType: Schema.optional(ContentType),
  data: FileData.pipe(Schema.filter(atMost(uploadLimits.maxFileBytes)))
})

/**
 * @since 0.1.0
 * @category models
 */
export type UploadFile = typeof UploadFile.Type

/**
 * The input of `uploads.upload` (`UploadFilesDto`, sent as `multipart/form-data`, each file as a `fileAttachment`
 * part). `locationId` is the client's default when left out. The spec also marks `contactId` and `attachmentUrls`
 * required; HighLevel's own notes (and the mock) need only the conversation and the location: `contactId` is
 * optional here, and `attachmentUrls` (URLs, in a request that carries the files themselves) is not sent (overrides
 * listed in the README).
 *
 * @since 0.1.0
 * @category schemas
 */
export const UploadFilesInput = Schema.Struct({
  conversationId: Id,
  locationId: Schema.optional(Id),
  contactId: Schema.optional(Id),
  files: Schema.NonEmptyArray(UploadFile).pipe(Schema.maxItems(uploadLimits.maxFiles)),
  /** The Twilio chat service of a group SMS upload. */
  chatServiceSid: Schema.optional(Id),
  /** The group SMS flow: only one file per request. */
  isGroupSms: Schema.optional(Schema.Boolean)
}).pipe(
  Schema.filter((input) =>
    input.isGroupSms === true && input.files.length > uploadLimits.maxGroupSmsFiles
      ? { path: ["files"], message: `a group SMS upload takes at most ${uploadLimits.maxGroupSmsFiles} file` }
      : true
  )
)

/**
 * @since 0.1.0
 * @category models
 */
export type UploadFilesInput = typeof UploadFilesInput.Type

/**
 * The answer of `upload-file-attachments`: the URL of each uploaded file, by file name.
 *
 * @since 0.1.0
 * @category models
 */
export class UploadedFiles extends Schema.Class<UploadedFiles>("@highlevel-effect/client/UploadedFiles")({
  uploadedFiles: Schema.Record({ key: Schema.String, value: Schema.String }),
  twilioMediaSids: optionalOrNull(Schema.Array(Schema.String)),
  traceId: optionalOrNull(Schema.String)
}) {}

/**
 * The channel limit of the signed-URL flow: 100 MiB for `WHATSAPP`, 5 MiB otherwise.
 *
 * @since 0.1.0
 * @category utils
 */
export const signedLimitOf = (channel: string): number =>
  channel.toUpperCase() === "WHATSAPP" ? uploadLimits.signedWhatsAppMaxFileBytes : uploadLimits.signedMaxFileBytes

const initiateFields = {
  conversationId: Id,
  filename: FileName,
  contentType: ContentType,
  /** The file's size in bytes, checked against the channel's limit before sending. */
  fileSize: Schema.optional(Schema.Int.pipe(Schema.positive())),
  /** The channel the file is for; sets the size limit (`WHATSAPP`: 100 MiB, others: 5 MiB). */
  channel: Id
}

const fileSizeRule = (input: { readonly fileSize?: number | undefined; readonly channel: string }) =>
  input.fileSize !== undefined && input.fileSize > signedLimitOf(input.channel)
    ? {
      path: ["fileSize"],
      message: `must be at most ${
        signedLimitOf(input.channel)
      } bytes for channel ${input.channel}, got ${input.fileSize}`
    }
    : true

/**
 * The body of `initiate-file-upload` (`InitiateFileUploadDto`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const InitiateUploadBody = Schema.Struct({ ...initiateFields, locationId: Id }).pipe(
  Schema.filter(fileSizeRule)
)

/**
 * The input of `uploads.initiate`: the body, its `locationId` the client's default when left out.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InitiateUploadInput = Schema.Struct({ ...initiateFields, locationId: Schema.optional(Id) }).pipe(
  Schema.filter(fileSizeRule)
)

/**
 * @since 0.1.0
 * @category models
 */
export type InitiateUploadInput = typeof InitiateUploadInput.Type

/**
 * The answer of `initiate-file-upload`: where to `PUT` the file (valid about 15 minutes) and what `complete` needs.
 *
 * @since 0.1.0
 * @category models
 */
export class InitiatedUpload extends Schema.Class<InitiatedUpload>("@highlevel-effect/client/InitiatedUpload")({
  uploadUrl: Schema.String,
  uploadId: Schema.String,
  filePath: Schema.String,
  expiresAt: optionalOrNull(LenientDateTime),
  maxFileSize: optionalOrNull(NumberLenient),
  traceId: optionalOrNull(Schema.String)
}) {}

/**
 * The input of `uploads.putSigned`: the signed URL an initiate answer handed out, the file's bytes and the content
 * type given to initiate (a signed URL may be bound to it). `maxFileSize`, when given (the initiate answer's), is
 * checked before any byte is sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PutSignedInput = Schema.Struct({
  uploadUrl: Schema.String.pipe(
    Schema.filter((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol) || "must be an http(s) URL")
  ),
  contentType: ContentType,
  data: FileData,
  maxFileSize: Schema.optional(Schema.Number)
}).pipe(
  Schema.filter((input) =>
    input.maxFileSize !== undefined && sizeOf(input.data) > input.maxFileSize
      ? { path: ["data"], message: `must be at most ${input.maxFileSize} bytes, got ${sizeOf(input.data)}` }
      : true
  )
)

/**
 * @since 0.1.0
 * @category models
 */
export type PutSignedInput = typeof PutSignedInput.Type

const completeFields = {
  uploadId: Id,
  filePath: Id,
  conversationId: Id,
  filename: FileName
}

/**
 * The body of `complete-file-upload` (`CompleteFileUploadDto`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CompleteUploadBody = Schema.Struct({ ...completeFields, locationId: Id })

/**
 * The input of `uploads.complete`: the body, its `locationId` the client's default when left out.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CompleteUploadInput = Schema.Struct({ ...completeFields, locationId: Schema.optional(Id) })

/**
 * @since 0.1.0
 * @category models
 */
export type CompleteUploadInput = typeof CompleteUploadInput.Type

/**
 * What `complete-file-upload` reports about the stored file.
 *
 * @since 0.1.0
 * @category models
 */
export class UploadMetadata extends Schema.Class<UploadMetadata>("@highlevel-effect/client/UploadMetadata")({
  size: optionalOrNull(NumberLenient),
  contentType: optionalOrNull(Schema.String)
}) {}

/**
 * The answer of `complete-file-upload`: the public URL by file name, and the file's metadata.
 *
 * @since 0.1.0
 * @category models
 */
export class CompletedUpload extends Schema.Class<CompletedUpload>("@highlevel-effect/client/CompletedUpload")({
  uploadedFiles: Schema.Record({ key: Schema.String, value: Schema.String }),
  metadata: optionalOrNull(UploadMetadata),
  traceId: optionalOrNull(Schema.String)
}) {}

/**
 * The input of `uploads.uploadSigned`, the whole signed-URL flow in one call: the conversation, the channel (its
 * size limit), and the file.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UploadSignedInput = Schema.Struct({
  conversationId: Id,
  locationId: Schema.optional(Id),
  channel: Id,
  filename: FileName,
  contentType: ContentType,
  data: FileData
}).pipe(
  Schema.filter((input) =>
    sizeOf(input.data) > signedLimitOf(input.channel)
      ? {
        path: ["data"],
        message: `must be at most ${signedLimitOf(input.channel)} bytes for channel ${input.channel}, got ${
          sizeOf(input.data)
        }`
      }
      : true
  )
)

/**
 * @since 0.1.0
 * @category models
 */
export type UploadSignedInput = typeof UploadSignedInput.Type

/**
 * The server refused an upload: too large (413) or of a type it does not take (415). The client checks both limits
 * before sending; this is the server's word when its limits differ.
 *
 * @since 0.1.0
 * @category errors
 */
export class UploadRejectedError
  extends Schema.TaggedError<UploadRejectedError>("@highlevel-effect/client/UploadRejectedError")(
    "UploadRejectedError",
    {
      operation: Schema.String,
      status: Schema.Number,
      reason: Schema.Literal("too_large", "unsupported_type"),
      messages: Schema.Array(Schema.String),
      traceId: Schema.optional(Schema.String),
      body: Schema.optional(Schema.String)
    }
  )
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return `${this.operation}: upload rejected (${this.status}, ${
      this.reason === "too_large" ? "too large" : "unsupported type"
    })` + (this.messages.length > 0 ? `: ${this.messages.join("; ")}` : "") +
      (this.traceId !== undefined ? ` [traceId ${this.traceId}]` : "")
  }
}
