/**
 * A small `multipart/form-data` reader over the body bytes (RFC 7578): fields as text, files as bytes with their
 * name and content type. Synchronous, because route handlers are; the bytes are sliced, never decoded, so binary
 * files arrive unchanged.
 *
 * @since 0.1.0
 * @internal
 */

/** One part of the form. @internal */
export interface Part {
  readonly name: string
  /** Set for a file part (`filename=` in its Content-Disposition). */
  readonly filename: string | undefined
  readonly contentType: string | undefined
  readonly bytes: Uint8Array
}

/** The parts in order, or why the body is not a form. @internal */
export type Parsed = { readonly ok: true; readonly parts: ReadonlyArray<Part> } | {
  readonly ok: false
  readonly message: string
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The boundary of a `multipart/form-data` content type, if it is one. @internal */
export const boundaryOf = (contentType: string | null): string | undefined => {
  if (contentType === null || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  return match?.[1] ?? match?.[2]
}

const indexOf = (haystack: Uint8Array, needle: Uint8Array, from: number): number => {
  const first = needle[0]
  outer: for (let i = haystack.indexOf(first ?? 0, from); i !== -1; i = haystack.indexOf(first ?? 0, i + 1)) {
    if (i + needle.length > haystack.length) return -1
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

/** `name="a"; filename="b.png"` → { name: "a", filename: "b.png" } (quoted or bare values; `filename*` ignored). */
const dispositionParams = (value: string): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const match of value.matchAll(/;\s*([\w-]+)=(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
    const key = (match[1] ?? "").toLowerCase()
    out[key] = (match[2] ?? match[3] ?? "").replace(/\\(.)/g, "$1").trim()
  }
  return out
}

const CRLF = encoder.encode("\r\n")
const HEADERS_END = encoder.encode("\r\n\r\n")

/** Reads every part between the boundaries; the preamble and epilogue are ignored. @internal */
export const parse = (body: Uint8Array, boundary: string): Parsed => {
  const delimiter = encoder.encode(`--${boundary}`)
  let at = indexOf(body, delimiter, 0)
  if (at === -1) return { ok: false, message: "Multipart: Boundary not found" }
  const parts: Array<Part> = []
  for (;;) {
    const afterDelimiter = at + delimiter.length
    // `--boundary--` closes the form.
    if (body[afterDelimiter] === 45 && body[afterDelimiter + 1] === 45) return { ok: true, parts }
    const headersStart = indexOf(body, CRLF, afterDelimiter)
    if (headersStart === -1) return { ok: false, message: "Unexpected end of form" }
    const headersEnd = indexOf(body, HEADERS_END, headersStart)
    // A part without headers has its blank line right after the delimiter's CRLF.
    const emptyHeaders = body[headersStart + 2] === 13 && body[headersStart + 3] === 10
    const contentStart = emptyHeaders ? headersStart + 4 : headersEnd + 4
    if (!emptyHeaders && headersEnd === -1) return { ok: false, message: "Unexpected end of form" }
    const next = indexOf(body, encoder.encode(`\r\n--${boundary}`), contentStart)
    if (next === -1) return { ok: false, message: "Unexpected end of form" }
    const headers = emptyHeaders ? "" : decoder.decode(body.subarray(headersStart + 2, headersEnd))
    let disposition: Record<string, string> | undefined
    let contentType: string | undefined
    for (const line of headers.split("\r\n")) {
      const colon = line.indexOf(":")
      if (colon === -1) continue
      const name = line.slice(0, colon).trim().toLowerCase()
      const value = line.slice(colon + 1).trim()
      if (name === "content-disposition" && /^form-data\b/i.test(value)) disposition = dispositionParams(value)
      if (name === "content-type") contentType = value
    }
    const name = disposition?.["name"]
    if (name === undefined) return { ok: false, message: "Multipart: a part has no form-data name" }
    parts.push({ name, filename: disposition?.["filename"], contentType, bytes: body.slice(contentStart, next) })
    at = next + 2
  }
}

/** A field part's value as text. @internal */
export const text = (part: Part): string => decoder.decode(part.bytes)
