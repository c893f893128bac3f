/** Helpers to classify how an operation ended: success, a typed failure of the client, or something it must never do. */
import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"

/** Every tag of the client's typed error channel. */
const typedErrorTags: ReadonlySet<string> = new Set([
  "InvalidInputError",
  "InvalidRequestError",
  "UnauthorizedError",
  "ForbiddenError",
  "NotFoundError",
  "RateLimitError",
  "ServerError",
  "UnexpectedStatusError",
  "TransportError",
  "DecodeError",
  "PaginationStalled",
  "PaginationCursorMissing",
  "ResponseTooLargeError"
])

/**
 * `"success"`, the tag of the one typed failure, or a description of what went wrong (a defect, an interruption, an
 * untyped failure): tests assert the result is one of the first two.
 */
export const outcome = (exit: Exit.Exit<unknown, unknown>): string => {
  if (Exit.isSuccess(exit)) return "success"
  const cause = exit.cause
  if (Option.isSome(Cause.dieOption(cause))) return `defect: ${Cause.pretty(cause)}`
  if (Cause.isInterrupted(cause)) return "interrupted"
  const failures = [...Cause.failures(cause)]
  const [first] = failures
  if (failures.length !== 1 || first === undefined) return `unexpected cause: ${Cause.pretty(cause)}`
  const tag = typeof first === "object" && first !== null && "_tag" in first ? String(first._tag) : "<untagged>"
  return typedErrorTags.has(tag) ? tag : `untyped failure ${tag}`
}

/** Whether an outcome is allowed: a success or a typed error. */
export const isTypedOutcome = (result: string): boolean => result === "success" || typedErrorTags.has(result)
