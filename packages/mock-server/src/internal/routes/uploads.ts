/**
 * The upload operations: multipart upload (`fileAttachment` files plus `conversationId` and `locationId`), and the
 * signed-URL flow (initiate → PUT the bytes to the returned URL → complete). Every file is kept by the file store
 * under its caps and served back by the mock at the URL the answer carries: `<origin>/__mock/files/<id>/<name>`,
 * under the origin (and mount prefix) the request came to, so the URL works in-process (msw) and over HTTP alike.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockWire from "../../MockWire.js"
import type { StoredConversation } from "../model.js"
import * as Multipart from "../multipart.js"
import * as Responses from "../responses.js"
import type { FileStore, Limits, StoredFile } from "../store/files.js"
import * as Body from "./body.js"
import { type BearerContext, error, json } from "./route.js"

/** What the upload routes read and change. @internal */
export interface UploadState {
  readonly files: FileStore
  readonly conversation: (conversationId: string) => StoredConversation | undefined
  /** The mock's data clock (set and advanced by the control API): signed URLs expire on it. */
  readonly now: () => number
}

/** The file types the spec lists for upload-file-attachments. */
const ALLOWED = ["jpg", "jpeg", "png", "mp4", "mpeg", "zip", "rar", "pdf", "doc", "docx", "txt", "mp3", "wav"] as const

const extensionOf = (filename: string) => /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase()

const allowed = (filename: string) => ALLOWED.some((e) => e === extensionOf(filename))

const ALLOWED_TEXT = ALLOWED.map((e) => e.toUpperCase()).join(", ")

/** Where the mock serves what it stores: the request's origin and mount prefix (the path before `/conversations/`). */
const baseOf = (url: URL) => {
  const at = url.pathname.lastIndexOf("/conversations/")
  return `${url.origin}${at <= 0 ? "" : url.pathname.slice(0, at)}`
}

/** The URL a stored file is served at. */
const fileUrl = (base: string, file: StoredFile) =>
  `${base}/__mock/files/${file.id}/${encodeURIComponent(file.filename)}`

/** upload-file-attachments' documented error body (`UploadFilesErrorResponseDto`): `{status, message}`. */
const uploadError = (ctx: BearerContext, status: 400 | 413 | 415, message: string) =>
  Responses.json(status, { status, message, traceId: ctx.traceId } satisfies MockWire.UploadErrorBody, ctx.headers)

const forbidden = (ctx: BearerContext) => error(ctx, 403, "The token does not have access to this location.")

/** The location (403) and the conversation (404, or 403 when it is another location's). */
const target = (
  ctx: BearerContext,
  state: UploadState,
  locationId: string,
  conversationId: string
): Responses.Prepared | undefined => {
  if (locationId !== ctx.token.locationId) return forbidden(ctx)
  const conversation = state.conversation(conversationId)
  if (conversation === undefined) return error(ctx, 404, `Conversation with id ${conversationId} not found`)
  return conversation.locationId === ctx.token.locationId ? undefined : forbidden(ctx)
}

const quotaMessage = (limits: Limits) =>
  `Storage quota of ${limits.maxBytesPerLocation} bytes for the location exceeded`

const UPLOAD_FIELDS: Body.Fields = {
  conversationId: { kind: "string", required: true },
  contactId: { kind: "string", required: false },
  locationId: { kind: "string", required: true },
  // Listed (and marked required) by the spec, but a multipart upload carries files, not URLs: optional here.
  attachmentUrls: { kind: "string", required: false },
  chatServiceSid: { kind: "string", required: false },
  isGroupSms: { kind: "enum", required: false, values: ["true", "false"] }
}

/** Text fields of the form as an object; a repeated field becomes an array (which the string rules refuse). */
const fieldsOf = (parts: ReadonlyArray<Multipart.Part>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const part of parts) {
    if (part.filename !== undefined) continue
    const name = part.name.replace(/\[\]$/, "")
    const value = Multipart.text(part)
    const before = out[name]
    out[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value]
  }
  return out
}

/**
 * POST /conversations/messages/upload: 400 for a body that is not a form (or files under another name), 422 for
 * the fields, 403 / 404 for the target, then the caps in order (file count, type, size per file, the location's
 * quota: 413 / 415 with the documented body), then 200 `{uploadedFiles: {<filename>: <url>}}`.
 *
 * @internal
 */
export const upload = (ctx: BearerContext, state: UploadState): Responses.Prepared => {
  const boundary = Multipart.boundaryOf(ctx.request.headers.get("content-type"))
  if (boundary === undefined) {
    return error(ctx, 400, "Multipart: the body must be multipart/form-data with fileAttachment files", {
      error: "Bad Request"
    })
  }
  const parsed = Multipart.parse(ctx.bytes, boundary)
  if (!parsed.ok) return error(ctx, 400, parsed.message, { error: "Bad Request" })
  const files = parsed.parts.filter((p) => p.filename !== undefined)
  // multer's answer to a file under a field name the interceptor does not take.
  if (files.some((f) => f.name !== "fileAttachment")) {
    return error(ctx, 400, "Unexpected field", { error: "Bad Request" })
  }
  const fields = fieldsOf(parsed.parts)
  const problems = Body.problems(fields, UPLOAD_FIELDS)
  if (problems.length > 0) return Body.unprocessable(ctx, problems)
  const locationId = Body.text(fields, "locationId") ?? ""
  const conversationId = Body.text(fields, "conversationId") ?? ""
  const refused = target(ctx, state, locationId, conversationId)
  if (refused !== undefined) return refused
  if (files.length === 0) return uploadError(ctx, 400, "No file was uploaded: send files as fileAttachment")
  const { limits } = state.files
  // The spec: a group SMS upload takes one file per request.
  const maxFiles = Body.text(fields, "isGroupSms") === "true" ? 1 : limits.maxFilesPerRequest
  if (files.length > maxFiles) return uploadError(ctx, 413, `Too many files: at most ${maxFiles} per request`)
  const refusedType = files.find((f) => !allowed(f.filename ?? ""))
  if (refusedType !== undefined) {
    return uploadError(ctx, 415, `File type of ${refusedType.filename} is not allowed; allowed: ${ALLOWED_TEXT}`)
  }
  const tooLarge = files.find((f) => f.bytes.byteLength > limits.maxFileBytes)
  if (tooLarge !== undefined) {
    return uploadError(ctx, 413, `File too large: ${tooLarge.filename} is over ${limits.maxFileBytes} bytes`)
  }
  const total = files.reduce((n, f) => n + f.bytes.byteLength, 0)
  if (state.files.usedBytes(locationId) + total > limits.maxBytesPerLocation) {
    return uploadError(ctx, 413, quotaMessage(limits))
  }
  const base = baseOf(ctx.url)
  const uploadedFiles: Record<string, string> = {}
  for (const part of files) {
    const stored = state.files.put({
      locationId,
      conversationId,
      filename: part.filename ?? "",
      contentType: part.contentType ?? "application/octet-stream",
      bytes: part.bytes,
      dateAdded: state.now()
    })
    // Keyed by file name, as HighLevel answers: of two files with one name, the map shows the last.
    uploadedFiles[stored.filename] = fileUrl(base, stored)
  }
  return json(ctx, 200, { uploadedFiles, traceId: ctx.traceId } satisfies MockWire.UploadFilesResponse)
}

/** How long a signed URL stays valid (the spec: 15 minutes). */
const SIGNED_URL_MS = 15 * 60 * 1000

const INITIATE: Body.Fields = {
  locationId: { kind: "string", required: true },
  conversationId: { kind: "string", required: true },
  filename: { kind: "string", required: true },
  contentType: { kind: "string", required: true },
  fileSize: { kind: "number", required: false },
  channel: { kind: "string", required: true }
}

/**
 * POST /conversations/messages/upload/initiate: 422 for the body, 403 / 404 for the target, 400 for a file type
 * the API does not take, 413 when the announced `fileSize` is over the channel's limit (WhatsApp's or the others')
 * or the location's quota; then 200 with the signed URL, valid 15 minutes on the mock's clock.
 *
 * @internal
 */
export const initiate = (ctx: BearerContext, state: UploadState): Responses.Prepared => {
  const body = Body.decode(ctx, INITIATE)
  if (!body.ok) return body.answer
  const locationId = Body.text(body.value, "locationId") ?? ""
  const conversationId = Body.text(body.value, "conversationId") ?? ""
  const refused = target(ctx, state, locationId, conversationId)
  if (refused !== undefined) return refused
  const filename = Body.text(body.value, "filename") ?? ""
  if (!allowed(filename)) {
    return error(ctx, 400, `File type of ${filename} is not allowed; allowed: ${ALLOWED_TEXT}`, {
      error: "Bad Request"
    })
  }
  const { limits } = state.files
  const channel = Body.text(body.value, "channel") ?? ""
  const maxFileSize = channel.toUpperCase() === "WHATSAPP" ? limits.maxWhatsAppFileBytes : limits.maxFileBytes
  const fileSize = body.value["fileSize"]
  if (typeof fileSize === "number" && fileSize > maxFileSize) {
    return error(ctx, 413, `File size ${fileSize} exceeds the maximum of ${maxFileSize} bytes for channel ${channel}`, {
      error: "Payload Too Large"
    })
  }
  if (typeof fileSize === "number" && state.files.usedBytes(locationId) + fileSize > limits.maxBytesPerLocation) {
    return error(ctx, 413, quotaMessage(limits), { error: "Payload Too Large" })
  }
  const pending = state.files.initiate({
    locationId,
    conversationId,
    filename,
    contentType: Body.text(body.value, "contentType") ?? "",
    maxFileSize,
    expiresAt: state.now() + SIGNED_URL_MS
  })
  const signed = new URLSearchParams({
    "X-Goog-Algorithm": "GOOG4-RSA-SHA256",
    "X-Goog-Expires": String(SIGNED_URL_MS / 1000),
    "X-Goog-Signature": pending.signature
  })
  const answer: MockWire.InitiateUploadResponse = {
    uploadUrl: `${baseOf(ctx.url)}/__mock/uploads/${pending.uploadId}?${signed.toString()}`,
    uploadId: pending.uploadId,
    filePath: pending.filePath,
    expiresAt: pending.expiresAt,
    maxFileSize: pending.maxFileSize,
    traceId: ctx.traceId
  }
  return json(ctx, 200, answer)
}

const COMPLETE: Body.Fields = {
  uploadId: { kind: "string", required: true },
  filePath: { kind: "string", required: true },
  locationId: { kind: "string", required: true },
  conversationId: { kind: "string", required: true },
  filename: { kind: "string", required: true }
}

/**
 * POST /conversations/messages/upload/complete: 422 for the body, 403 for the location, 404 when nothing was
 * uploaded under that id and path (never initiated, never PUT, another conversation); then 200 with the file's URL
 * and metadata. Completing again answers the same file (a retried `complete` does not fail or duplicate).
 *
 * @internal
 */
export const complete = (ctx: BearerContext, state: UploadState): Responses.Prepared => {
  const body = Body.decode(ctx, COMPLETE)
  if (!body.ok) return body.answer
  if (Body.text(body.value, "locationId") !== ctx.token.locationId) return forbidden(ctx)
  const pending = state.files.pending(Body.text(body.value, "uploadId") ?? "")
  const matches = pending !== undefined && pending.locationId === ctx.token.locationId &&
    pending.filePath === Body.text(body.value, "filePath") &&
    pending.conversationId === Body.text(body.value, "conversationId")
  const file = matches ? state.files.complete(pending.uploadId, state.now()) : undefined
  if (file === undefined) {
    return error(ctx, 404, "File not found in storage - upload may have failed or URL expired")
  }
  const answer: MockWire.CompleteUploadResponse = {
    uploadedFiles: { [Body.text(body.value, "filename") ?? file.filename]: fileUrl(baseOf(ctx.url), file) },
    metadata: { size: file.bytes.byteLength, contentType: file.contentType },
    traceId: ctx.traceId
  }
  return json(ctx, 200, answer)
}
