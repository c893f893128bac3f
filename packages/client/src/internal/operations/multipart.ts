/**
 * A `multipart/form-data` body built as a stream of its parts: the part headers are small encoded strings, the files
 * go in as they are (a `Uint8Array` as one chunk, never copied; a `Blob` read as it is sent), and the exact length is
 * known up front. `FormData` would copy a `Uint8Array` into a `Blob` first (a second buffer of every file), and
 * leaves the length to the transport.
 *
 * @since 0.1.0
 * @internal
 */
import * as HttpBody from "@effect/platform/HttpBody"
import * as Stream from "effect/Stream"
import { type FileData, sizeOf } from "../../Upload.js"

/**
 * A file part.
 *
 * @internal
 */
export interface FilePart {
  readonly name: string
  readonly filename: string
  readonly contentType: string
  readonly data: FileData
}

const encoder = new TextEncoder()

// The HTML standard's escaping of names in a multipart header: `"`, CR and LF percent-encoded. The inputs have no
// control characters (the Schemas refuse them); this keeps a quote from ending the parameter.
const escape = (value: string): string => value.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")

const blobStream = (blob: Blob): Stream.Stream<Uint8Array, Error> =>
  Stream.fromReadableStream({
    evaluate: () => blob.stream(),
    onError: (cause) => cause instanceof Error ? cause : new Error(String(cause))
  })

const dataStream = (data: FileData): Stream.Stream<Uint8Array, Error> =>
  data instanceof Uint8Array ? Stream.succeed(data) : blobStream(data)

/**
 * The body: text fields first, then the files, as a stream with its content type (with the boundary) and length.
 * The stream can run again (a retry after a 429 sends the same bytes).
 *
 * @internal
 */
export const multipart = (
  fields: ReadonlyArray<readonly [string, string]>,
  files: ReadonlyArray<FilePart>,
  boundary: string = `----highlevel-effect-${globalThis.crypto.randomUUID()}`
): HttpBody.HttpBody => {
  const chunks: Array<FileData> = []
  let length = 0
  const text = (value: string) => {
    const bytes = encoder.encode(value)
    chunks.push(bytes)
    length += bytes.byteLength
  }
  for (const [name, value] of fields) {
    text(`--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${value}\r\n`)
  }
  for (const file of files) {
    text(
      `--${boundary}\r\nContent-Disposition: form-data; name="${escape(file.name)}"; ` +
        `filename="${escape(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`
    )
    chunks.push(file.data)
    length += sizeOf(file.data)
    text("\r\n")
  }
  text(`--${boundary}--\r\n`)
  return HttpBody.stream(
    Stream.flatMap(Stream.fromIterable(chunks), dataStream),
    `multipart/form-data; boundary=${boundary}`,
    length
  )
}

/**
 * A file as a whole request body (the signed-URL `PUT`): a `Uint8Array` as is, a `Blob` streamed, with its length.
 *
 * @internal
 */
export const fileBody = (data: FileData, contentType: string): HttpBody.HttpBody =>
  data instanceof Uint8Array
    ? HttpBody.uint8Array(data, contentType)
    : HttpBody.stream(blobStream(data), contentType, data.size)
