/**
 * Keeping the token out of what the client keeps from a response.
 *
 * @since 0.1.0
 * @internal
 */
import * as Redacted from "effect/Redacted"
import { DecodeError } from "../ConversationsError.js"

/**
 * A function that replaces every occurrence of the secret in a text. Errors keep the raw body and the server's
 * messages for support, and a server or proxy that echoes the request ("Invalid token: …", a reflected header, a
 * field holding the token, which a decoder quotes) would otherwise carry the token into messages, logs and spans.
 *
 * @internal
 */
export const redactor = (secret: Redacted.Redacted<string>): (text: string) => string => {
  const value = Redacted.value(secret)
  return (text) => value === "" ? text : text.split(value).join("<redacted>")
}

/**
 * A `DecodeError` with the secret removed from every text it holds.
 *
 * @internal
 */
export const redactDecodeError = (error: DecodeError, redact: (text: string) => string): DecodeError =>
  new DecodeError({
    operation: error.operation,
    status: error.status,
    path: redact(error.path),
    detail: redact(error.detail),
    ...(error.traceId !== undefined ? { traceId: redact(error.traceId) } : {}),
    ...(error.body !== undefined ? { body: redact(error.body) } : {})
  })
