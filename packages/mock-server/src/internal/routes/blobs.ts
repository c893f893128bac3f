/**
 * What the mock serves outside the API, with no token (as a CDN and a signed storage URL need none): the stored
 * files (`GET /__mock/files/<id>[/<name>]`) and the signed-URL target of the upload flow
 * (`PUT /__mock/uploads/<uploadId>?X-Goog-Signature=…`), which answers as Google Cloud Storage does: XML errors,
 * an empty 200 with an `ETag`. Like the control API these requests pass no gateway and are not journaled.
 *
 * @since 0.1.0
 * @internal
 */
import * as Prng from "../prng.js"
import * as Responses from "../responses.js"
import type { FileStore } from "../store/files.js"

/** Paths below `/__mock/` this module answers. @internal */
export const ownsPath = (path: string) => path.startsWith("files/") || path.startsWith("uploads/")

const gcsError = (status: number, code: string, message: string) =>
  new Response(
    `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    {
      status,
      headers: { "content-type": "application/xml; charset=UTF-8" }
    }
  )

const notFound = (message: string) => Responses.toResponse(Responses.json(404, { statusCode: 404, message }))

const serveFile = (files: FileStore, request: Request, id: string): Response => {
  const file = files.file(id)
  if (file === undefined) return notFound(`No file with id ${id}`)
  const body = request.method === "HEAD" ? null : file.bytes.slice()
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.bytes.byteLength),
      "content-disposition": `inline; filename="${file.filename.replace(/["\\\r\n]/g, "_")}"`
    }
  })
}

const receive = async (files: FileStore, request: Request, uploadId: string, now: number): Promise<Response> => {
  const pending = files.pending(uploadId)
  if (pending === undefined) return gcsError(404, "NoSuchUpload", "The requested upload was not found.")
  const url = new URL(request.url)
  if (url.searchParams.get("X-Goog-Signature") !== pending.signature) {
    return gcsError(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided."
    )
  }
  if (now > pending.expiresAt) {
    return gcsError(
      400,
      "ExpiredToken",
      `The provided token has expired. Request signature expired at: ${new Date(pending.expiresAt).toISOString()}`
    )
  }
  // The content type is part of what HighLevel signs: another one breaks the signature.
  const contentType = request.headers.get("content-type")
  if (contentType !== null && contentType.split(";")[0]?.trim() !== pending.contentType) {
    return gcsError(403, "SignatureDoesNotMatch", `The signed content type is ${pending.contentType}.`)
  }
  if (pending.completed !== undefined) {
    return gcsError(409, "UploadCompleted", "The upload was completed; initiate a new one.")
  }
  const bytes = new Uint8Array(await request.arrayBuffer())
  if (bytes.byteLength > pending.maxFileSize) {
    return gcsError(413, "EntityTooLarge", `Your proposed upload is larger than ${pending.maxFileSize} bytes.`)
  }
  const already = pending.received?.byteLength ?? 0
  if (files.usedBytes(pending.locationId) - already + bytes.byteLength > files.limits.maxBytesPerLocation) {
    return gcsError(413, "EntityTooLarge", `The location's quota of ${files.limits.maxBytesPerLocation} bytes is full.`)
  }
  files.receive(uploadId, bytes)
  let etag = 0x811c9dc5 // FNV-1a over the bytes: the same bytes, the same ETag
  for (const byte of bytes) etag = Math.imul(etag ^ byte, 0x01000193)
  etag = Prng.hash2(etag, bytes.byteLength)
  return new Response(null, {
    status: 200,
    headers: { etag: `"${etag.toString(16).padStart(8, "0")}"`, "content-length": "0" }
  })
}

/**
 * Answers `/__mock/files/…` and `/__mock/uploads/…` (`path` below `/__mock/`), or undefined for another method,
 * which the control API then answers (404).
 *
 * @internal
 */
export const makeBlobs =
  (files: FileStore, now: () => number) => (request: Request, path: string): Promise<Response> | undefined => {
    const [kind, id = ""] = path.split("/")
    if (kind === "files" && (request.method === "GET" || request.method === "HEAD")) {
      return Promise.resolve(serveFile(files, request, id))
    }
    if (kind === "uploads" && request.method === "PUT") return receive(files, request, id, now())
    return undefined
  }
