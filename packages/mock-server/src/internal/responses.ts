/**
 * Building responses: JSON bodies as bytes, kept as a `Prepared` answer until the gateway turns it into a
 * `Response` (so body-altering faults can rewrite it first).
 *
 * @since 0.1.0
 * @internal
 */

const encoder = new TextEncoder()

/** A response before it becomes a `Response`: body-altering faults work on this. @internal */
export interface Prepared {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array<ArrayBuffer>
  /** Ids a write created or changed (`conversationId`, `messageId`…): the journal records them. */
  readonly ids?: Readonly<Record<string, string>>
}

const JSON_TYPE = "application/json; charset=utf-8"

/** @internal */
export const json = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Prepared => ({
  status,
  headers: { ...headers, "content-type": JSON_TYPE },
  body: encoder.encode(JSON.stringify(body))
})

/** @internal */
export const toResponse = (p: Prepared): Response =>
  new Response(p.body, {
    status: p.status,
    headers: { ...p.headers, "content-length": String(p.body.byteLength) }
  })

/** @internal */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}
