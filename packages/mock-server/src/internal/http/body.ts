/**
 * A request's body, read up to a limit: a body over it is refused with a 413 (and drained) instead.
 *
 * @since 0.1.0
 * @internal
 */
import type * as Http from "node:http"
import { refuseThenDrain } from "./refusals.js"

/** Reads the request body up to `max` bytes; undefined, as soon as it is over the limit, when it is. */
const readBody = (req: Http.IncomingMessage, max: number): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > max) {
        req.off("data", onData)
        chunks.length = 0
        resolve(undefined)
        return
      }
      chunks.push(chunk)
    }
    req.on("data", onData)
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

const tooLarge = (req: Http.IncomingMessage, res: Http.ServerResponse, maxBody: number) =>
  refuseThenDrain(req, res, 413, `Request body larger than ${maxBody} bytes`)

/** The body of a request that may carry one; undefined (after answering 413) when it is too large. @internal */
export const bodyOf = async (
  req: Http.IncomingMessage,
  res: Http.ServerResponse,
  maxBody: number
): Promise<{ readonly bytes: Buffer | undefined } | undefined> => {
  const method = req.method ?? "GET"
  if (method === "GET" || method === "HEAD") return { bytes: undefined }
  const declared = Number(req.headers["content-length"] ?? "0")
  if (declared > maxBody) {
    tooLarge(req, res, maxBody)
    return undefined
  }
  const bytes = await readBody(req, maxBody)
  if (bytes === undefined) {
    tooLarge(req, res, maxBody)
    return undefined
  }
  return { bytes }
}
