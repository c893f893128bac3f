/**
 * Keeping the token out of what the client keeps or prints from a response: one replacement, applied wherever a
 * response value (a body, a message, a cursor, an id) enters an error, a span attribute or a log.
 *
 * @since 0.1.0
 * @internal
 */
import * as Redacted from "effect/Redacted"

const placeholder = "<redacted>"

const replaceAll = (text: string, value: string): string =>
  value === "" || !text.includes(value) ? text : text.split(value).join(placeholder)

/**
 * A function that replaces every occurrence of the secret in a text. Errors keep the raw body and the server's
 * messages for support, and a server or proxy that echoes the request ("Invalid token: …", a reflected header, a
 * field holding the token, which a decoder quotes) would otherwise carry the token into messages, logs and spans.
 *
 * @internal
 */
export const redactor = (secret: Redacted.Redacted<string>): (text: string) => string => {
  const value = Redacted.value(secret)
  return (text) => replaceAll(text, value)
}

/**
 * The tokens a client has sent, and the function that removes them all from a text. Values a response hands over
 * (a cursor kept by a listing, an id taken from a search) outlive the request that fetched them, so they are
 * redacted against every token the client sent, not only the current one.
 *
 * @internal
 */
export interface Redaction {
  /** Records a token about to be sent. */
  readonly remember: (secret: Redacted.Redacted<string>) => void
  /** `text` with every remembered token replaced by `<redacted>`. */
  readonly redact: (text: string) => string
}

// A refreshing provider hands out a new access token every day or so: a long-lived client keeps the last few, which
// covers a value fetched with the token before a refresh and printed after it.
const rememberedTokens = 8

/**
 * A new, empty {@link Redaction}.
 *
 * @internal
 */
export const makeRedaction = (): Redaction => {
  let newestFirst: ReadonlyArray<string> = []
  // Longest first: a token that contains another is replaced whole.
  let longestFirst: ReadonlyArray<string> = []
  return {
    remember: (secret) => {
      const value = Redacted.value(secret)
      if (value === "" || newestFirst.includes(value)) return
      newestFirst = [value, ...newestFirst].slice(0, rememberedTokens)
      longestFirst = [...newestFirst].sort((a, b) => b.length - a.length)
    },
    redact: (text) => longestFirst.reduce(replaceAll, text)
  }
}
