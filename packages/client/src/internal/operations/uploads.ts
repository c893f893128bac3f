/**
 * The upload operations: the multipart upload, and the signed-URL flow (initiate, `PUT` to the signed URL,
 * complete).
 *
 * @since 0.1.0
 * @internal
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { TransportError, type UnexpectedStatusError } from "../../ConversationsError.js"
import {
  CompletedUpload,
  CompleteUploadBody,
  CompleteUploadInput,
  InitiatedUpload,
  InitiateUploadBody,
  InitiateUploadInput,
  PutSignedInput,
  sizeOf,
  UploadedFiles,
  UploadFilesInput,
  UploadRejectedError,
  UploadSignedInput
} from "../../Upload.js"
import type { UploadsOperations } from "../../UploadsOperations.js"
import { withoutRedirectsContext } from "../redirects.js"
import { failureOf, transportError } from "../response.js"
import { retryAfterFailure } from "../retry.js"
import { timeoutExchange } from "../timeout.js"
import { dieOnNotFound, type GroupContext, locationOf } from "./groupContext.js"
import { fileBody, multipart } from "./multipart.js"
import { ignored } from "./responseKinds.js"
import { inputOf, post, responseOf, spanOf } from "./run.js"

const routes = {
  upload: "/conversations/messages/upload",
  initiate: "/conversations/messages/upload/initiate",
  complete: "/conversations/messages/upload/complete",
  // The signed URL is the storage's, whatever the initiate answer said: the span names no part of it.
  signed: "{uploadUrl}"
} as const

const checkUpload = inputOf(UploadFilesInput)
const checkInitiate = inputOf(InitiateUploadInput)
const encodeInitiate = inputOf(InitiateUploadBody)
const checkPut = inputOf(PutSignedInput)
const checkComplete = inputOf(CompleteUploadInput)
const encodeComplete = inputOf(CompleteUploadBody)
const checkSigned = inputOf(UploadSignedInput)

const uploadedBody = responseOf(UploadedFiles)
const initiatedBody = responseOf(InitiatedUpload)
const completedBody = responseOf(CompletedUpload)

// The signed `PUT` carries no token: nothing of a response can echo one, so nothing needs its redaction.
const noToken = Redacted.make("")

// 413 and 415 are the upload routes' documented refusals; every other status keeps its own error.
const rejected = <A, E>(effect: Effect.Effect<A, E | UnexpectedStatusError>) =>
  Effect.catchIf(
    effect,
    (error): error is UnexpectedStatusError =>
      typeof error === "object" && error !== null && "_tag" in error && error._tag === "UnexpectedStatusError" &&
      "status" in error && (error.status === 413 || error.status === 415),
    (error) =>
      Effect.fail(
        new UploadRejectedError({
          operation: error.operation,
          status: error.status,
          reason: error.status === 413 ? "too_large" : "unsupported_type",
          messages: error.messages,
          ...(error.traceId !== undefined ? { traceId: error.traceId } : {}),
          ...(error.body !== undefined ? { body: error.body } : {})
        })
      )
  )

const timedOut = (operation: string) =>
  new TransportError({ operation, reason: "timeout", detail: "no complete answer from the signed URL in time" })

// One attempt of the signed `PUT`: the bare transport (no base URL, no token), the client's timeout, no redirects.
const putAttempt = (context: GroupContext, operation: string, request: HttpClientRequest.HttpClientRequest) =>
  timeoutExchange(
    context.bare.execute(request).pipe(
      // The platform's description names the URL, which came from a response.
      Effect.mapError((error) => {
        const failure = transportError(operation, error)
        return new TransportError({ ...failure, detail: context.redact(failure.detail) })
      }),
      Effect.tap((response) => Effect.annotateCurrentSpan("http.response.status_code", response.status)),
      Effect.flatMap((response) =>
        response.status >= 200 && response.status < 300
          ? ignored.read(operation, response, noToken, context.maxBodyBytes)
          : failureOf(operation, response, noToken, false, context.maxBodyBytes)
      )
    ),
    context.timeout,
    () => timedOut(operation),
    withoutRedirectsContext
  )

// The multipart upload: files and fields in one POST.
const multipartUpload = (context: GroupContext) =>
  Effect.fn("ConversationsClient.uploads.upload", spanOf("POST", routes.upload))(
    function*(input: UploadFilesInput) {
      const operation = "uploads.upload"
      const { value } = yield* checkUpload(operation, input)
      const locationId = yield* locationOf(operation, value.locationId, context.locationId)
      const fields: Array<readonly [string, string]> = [
        ["conversationId", value.conversationId],
        ["locationId", locationId]
      ]
      if (value.contactId !== undefined) fields.push(["contactId", value.contactId])
      if (value.chatServiceSid !== undefined) fields.push(["chatServiceSid", value.chatServiceSid])
      if (value.isGroupSms !== undefined) fields.push(["isGroupSms", String(value.isGroupSms)])
      const body = multipart(
        fields,
        value.files.map((file) => ({
          name: "fileAttachment",
          filename: file.filename,
          contentType: file.contentType ?? "application/octet-stream",
          data: file.data
        }))
      )
      return yield* rejected(post(context, {
        operation,
        method: "POST",
        path: routes.upload,
        body,
        response: uploadedBody,
        knownId: value.conversationId
      }, true))
    }
  )

// The three steps of a signed upload: initiate (a signed URL), the `PUT` of the bytes to it, complete.
const signedSteps = (context: GroupContext) => {
  const initiate = Effect.fn("ConversationsClient.uploads.initiate", spanOf("POST", routes.initiate))(
    function*(input: InitiateUploadInput) {
      const operation = "uploads.initiate"
      const { value } = yield* checkInitiate(operation, input)
      const locationId = yield* locationOf(operation, value.locationId, context.locationId)
      const { wire } = yield* encodeInitiate(operation, { ...value, locationId })
      return yield* rejected(post(context, {
        operation,
        method: "POST",
        path: routes.initiate,
        body: wire,
        response: initiatedBody,
        knownId: value.conversationId
      }, true))
    }
  )

  const putSigned = Effect.fn("ConversationsClient.uploads.putSigned", spanOf("PUT", routes.signed))(
    function*(input: PutSignedInput) {
      const operation = "uploads.putSigned"
      const { value } = yield* checkPut(operation, input)
      // The URL exactly as handed out: its query is the signature, so it is not re-encoded.
      const request = HttpClientRequest.put(value.uploadUrl).pipe(
        HttpClientRequest.setBody(fileBody(value.data, value.contentType))
      )
      const attempt = putAttempt(context, operation, request)
      // A `PUT` of the same bytes to the same URL is idempotent: retried like a read.
      const schedule = context.idempotentRetry
      return yield* rejected(dieOnNotFound(schedule === undefined ? attempt : retryAfterFailure(attempt, schedule)))
    }
  )

  const complete = Effect.fn("ConversationsClient.uploads.complete", spanOf("POST", routes.complete))(
    function*(input: CompleteUploadInput) {
      const operation = "uploads.complete"
      const { value } = yield* checkComplete(operation, input)
      const locationId = yield* locationOf(operation, value.locationId, context.locationId)
      const { wire } = yield* encodeComplete(operation, { ...value, locationId })
      // A 404 is the file missing from storage (the `PUT` failed, or the URL expired).
      return yield* post(context, {
        operation,
        method: "POST",
        path: routes.complete,
        body: wire,
        response: completedBody,
        knownId: value.uploadId
      }, true)
    }
  )

  return { initiate, putSigned, complete }
}

/**
 * @internal
 */
export const make = (context: GroupContext): UploadsOperations => {
  const { complete, initiate, putSigned } = signedSteps(context)

  const uploadSigned = Effect.fn("ConversationsClient.uploads.uploadSigned")(function*(input: UploadSignedInput) {
    const { value } = yield* checkSigned("uploads.uploadSigned", input)
    const locationId = yield* locationOf("uploads.uploadSigned", value.locationId, context.locationId)
    const started = yield* initiate({
      conversationId: value.conversationId,
      locationId,
      filename: value.filename,
      contentType: value.contentType,
      ...(sizeOf(value.data) > 0 ? { fileSize: sizeOf(value.data) } : {}),
      channel: value.channel
    })
    yield* putSigned({
      uploadUrl: started.uploadUrl,
      contentType: value.contentType,
      data: value.data,
      ...(started.maxFileSize !== undefined ? { maxFileSize: started.maxFileSize } : {})
    })
    return yield* complete({
      uploadId: started.uploadId,
      filePath: started.filePath,
      conversationId: value.conversationId,
      locationId,
      filename: value.filename
    })
  })

  return { upload: multipartUpload(context), initiate, putSigned, complete, uploadSigned }
}
