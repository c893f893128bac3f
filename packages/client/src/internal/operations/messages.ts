/**
 * The `messages` group: the per-conversation listing is the client's existing one; the reads by id, the location
 * export and the writes run through the generic runner (./run.ts).
 *
 * @since 0.1.0
 * @internal
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { PaginationStalled } from "../../ConversationsError.js"
import {
  AddedMessage,
  CancelledSchedule,
  EmailMessageFromWire,
  ExportMessagesPage,
  MessageFromWire,
  SentMessage
} from "../../MessageResults.js"
import {
  AddAttachmentsInput,
  ExportMessagesParams,
  InboundMessageInput,
  OutboundCallInput,
  ReviewReplyInput,
  SendMessageInput,
  UpdateMessageStatusInput
} from "../../MessagesInputs.js"
import type { MessagesOperations } from "../../MessagesOperations.js"
// The call-media reads of the group are built by ./recordings.ts.
import type { RecordingOperations } from "../../RecordingOperations.js"
import { afterExportPage, Next } from "../pagination.js"
import type { ResponseKind } from "../request.js"
import { transportError } from "../response.js"
import * as Validate from "../validate.js"
import { idempotent, inputOf, type OperationContext, post, responseOf, spanOf } from "./run.js"

const routes = {
  message: "/conversations/messages/{id}",
  email: "/conversations/messages/email/{id}",
  export: "/conversations/messages/export",
  send: "/conversations/messages",
  inbound: "/conversations/messages/inbound",
  outbound: "/conversations/messages/outbound",
  reviewReply: "/conversations/messages/review-reply",
  cancelScheduled: "/conversations/messages/{messageId}/schedule",
  cancelScheduledEmail: "/conversations/messages/email/{emailMessageId}/schedule",
  status: "/conversations/messages/{messageId}/status",
  attachments: "/conversations/messages/{messageId}/attachments"
} as const

const messageResponse = responseOf(MessageFromWire)
const emailResponse = responseOf(EmailMessageFromWire)
const exportResponse = responseOf(ExportMessagesPage)
const sentResponse = responseOf(SentMessage)
const addedResponse = responseOf(AddedMessage)
const cancelledResponse = responseOf(CancelledSchedule)

// Add Message Attachments documents a 200 without a body: whatever comes is read (so the connection is reused) and
// dropped.
const noContent: ResponseKind<void> = {
  read: (operation: string, response: HttpClientResponse.HttpClientResponse) =>
    Effect.asVoid(Effect.mapError(response.text, (error) => transportError(operation, error)))
}

const checkSend = inputOf(SendMessageInput)
const checkInbound = inputOf(InboundMessageInput)
const checkOutbound = inputOf(OutboundCallInput)
const checkReviewReply = inputOf(ReviewReplyInput)
const checkStatus = inputOf(UpdateMessageStatusInput)
const checkAttachments = inputOf(AddAttachmentsInput)
const checkExport = inputOf(ExportMessagesParams)

// The query of an export page, from its encoded parameters; the cursor a response handed us replaces the caller's
// and only ever lands in the query.
const exportQuery = (
  wire: typeof ExportMessagesParams.Encoded,
  cursor: string | undefined
): Array<readonly [string, string]> => {
  const entries: Array<readonly [string, string]> = []
  for (const [key, value] of Object.entries(wire)) {
    if (value === undefined || (cursor !== undefined && key === "cursor")) continue
    entries.push([key, String(value)])
  }
  if (cursor !== undefined) entries.push(["cursor", cursor])
  return entries
}

const byId = (operation: string, name: string, id: string) => Validate.pathSegment(operation, name, id)

// The reads by id: a message, an email.
const readOps = (context: OperationContext) => {
  const get = Effect.fn("ConversationsClient.messages.get", spanOf("GET", routes.message))(
    function*(messageId: string) {
      const operation = "messages.get"
      const id = yield* byId(operation, "messageId", messageId)
      return yield* idempotent(context, {
        operation,
        method: "GET",
        path: `/conversations/messages/${id}`,
        response: messageResponse
      }, true)
    }
  )

  const getEmail = Effect.fn("ConversationsClient.messages.getEmail", spanOf("GET", routes.email))(
    function*(emailMessageId: string) {
      const operation = "messages.getEmail"
      const id = yield* byId(operation, "emailMessageId", emailMessageId)
      return yield* idempotent(context, {
        operation,
        method: "GET",
        path: `/conversations/messages/email/${id}`,
        response: emailResponse
      }, true)
    }
  )

  return { get, getEmail }
}

// The location-wide export: one page, or every page as a stream.
const exportOps = (context: OperationContext) => {
  // The parameters of an export, checked, with the location.
  const exportParams = (operation: string, params: ExportMessagesParams) =>
    Effect.flatMap(
      checkExport(operation, params),
      (checked) => Validate.withLocation(operation, checked.wire, context.locationId)
    )

  // An export has no resource to miss: a 404 is a wrong route, so none is typed.
  const exportPageAt = (operation: string, wire: typeof ExportMessagesParams.Encoded, cursor: string | undefined) =>
    idempotent(context, {
      operation,
      method: "GET",
      path: routes.export,
      query: exportQuery(wire, cursor),
      response: exportResponse
    }, false).pipe(Effect.catchTag("NotFoundError", (error) => Effect.die(error)))

  const exportPage = Effect.fn("ConversationsClient.messages.exportPage", spanOf("GET", routes.export))(
    function*(params: ExportMessagesParams = {}) {
      const wire = yield* exportParams("messages.exportPage", params)
      return yield* exportPageAt("messages.exportPage", wire, undefined)
    }
  )

  const exportAll = (params: ExportMessagesParams = {}) =>
    Stream.unwrap(
      Effect.map(exportParams("messages.export", params), (wire) =>
        Stream.paginateChunkEffect(wire.cursor, (cursor) =>
          Effect.flatMap(exportPageAt("messages.export", wire, cursor), (page) => {
            const chunk = Chunk.unsafeFromArray(page.messages)
            return Next.$match(afterExportPage(page, cursor), {
              More: (more) =>
                Effect.succeed([chunk, Option.some<string | undefined>(more.cursor)] as const),
              Last: () =>
                Effect.succeed([chunk, Option.none()] as const),
              // The export rule never answers NoCursor (a missing cursor is the last page): kept total for the match.
              NoCursor: () => Effect.succeed([chunk, Option.none()] as const),
              // The cursor came from the response: the token, if the server handed that back.
              Stalled: (stalled) =>
                Effect.fail(
                  new PaginationStalled({ operation: "messages.export", cursor: context.redact(stalled.cursor) })
                )
            })
          })))
    ).pipe(Stream.withSpan("ConversationsClient.messages.export"))

  return { exportPage, exportAll }
}

// The writes that add a message, each a POST.
const addOps = (context: OperationContext) => {
  const send = Effect.fn("ConversationsClient.messages.send", spanOf("POST", routes.send))(
    function*(input: SendMessageInput) {
      const operation = "messages.send"
      const checked = yield* checkSend(operation, input)
      return yield* post(context, {
        operation,
        method: "POST",
        path: routes.send,
        body: checked.wire,
        response: sentResponse,
        knownId: checked.value.contactId
      }, false).pipe(Effect.catchTag("NotFoundError", (error) => Effect.die(error)))
    }
  )

  const addInbound = Effect.fn("ConversationsClient.messages.addInbound", spanOf("POST", routes.inbound))(
    function*(input: InboundMessageInput) {
      const operation = "messages.addInbound"
      const checked = yield* checkInbound(operation, input)
      return yield* post(context, {
        operation,
        method: "POST",
        path: routes.inbound,
        body: checked.wire,
        response: addedResponse,
        knownId: checked.value.conversationId
      }, true)
    }
  )

  const addOutbound = Effect.fn("ConversationsClient.messages.addOutbound", spanOf("POST", routes.outbound))(
    function*(input: OutboundCallInput) {
      const operation = "messages.addOutbound"
      const checked = yield* checkOutbound(operation, input)
      return yield* post(context, {
        operation,
        method: "POST",
        path: routes.outbound,
        body: checked.wire,
        response: addedResponse,
        knownId: checked.value.conversationId
      }, true)
    }
  )

  const reviewReply = Effect.fn("ConversationsClient.messages.reviewReply", spanOf("POST", routes.reviewReply))(
    function*(input: ReviewReplyInput) {
      const operation = "messages.reviewReply"
      const checked = yield* checkReviewReply(operation, input)
      const body = yield* Validate.withLocation(operation, checked.wire, context.locationId)
      return yield* post(context, {
        operation,
        method: "POST",
        path: routes.reviewReply,
        body,
        response: sentResponse,
        knownId: checked.value.conversationId
      }, true)
    }
  )

  return { send, addInbound, addOutbound, reviewReply }
}

// The writes that change a message: DELETE and PUT, idempotent.
const updateOps = (context: OperationContext) => {
  const cancelScheduled = Effect.fn(
    "ConversationsClient.messages.cancelScheduled",
    spanOf("DELETE", routes.cancelScheduled)
  )(function*(messageId: string) {
    const operation = "messages.cancelScheduled"
    const id = yield* byId(operation, "messageId", messageId)
    return yield* idempotent(context, {
      operation,
      method: "DELETE",
      path: `/conversations/messages/${id}/schedule`,
      response: cancelledResponse
    }, true)
  })

  const cancelScheduledEmail = Effect.fn(
    "ConversationsClient.messages.cancelScheduledEmail",
    spanOf("DELETE", routes.cancelScheduledEmail)
  )(function*(emailMessageId: string) {
    const operation = "messages.cancelScheduledEmail"
    const id = yield* byId(operation, "emailMessageId", emailMessageId)
    return yield* idempotent(context, {
      operation,
      method: "DELETE",
      path: `/conversations/messages/email/${id}/schedule`,
      response: cancelledResponse
    }, true)
  })

  const updateStatus = Effect.fn("ConversationsClient.messages.updateStatus", spanOf("PUT", routes.status))(
    function*(messageId: string, input: UpdateMessageStatusInput) {
      const operation = "messages.updateStatus"
      const id = yield* byId(operation, "messageId", messageId)
      const checked = yield* checkStatus(operation, input)
      return yield* idempotent(context, {
        operation,
        method: "PUT",
        path: `/conversations/messages/${id}/status`,
        body: checked.wire,
        response: sentResponse
      }, true)
    }
  )

  const addAttachments = Effect.fn(
    "ConversationsClient.messages.addAttachments",
    spanOf("PUT", routes.attachments)
  )(function*(messageId: string, input: AddAttachmentsInput) {
    const operation = "messages.addAttachments"
    const id = yield* byId(operation, "messageId", messageId)
    const checked = yield* checkAttachments(operation, input)
    return yield* idempotent(context, {
      operation,
      method: "PUT",
      path: `/conversations/messages/${id}/attachments`,
      body: checked.wire,
      response: noContent
    }, true)
  })

  return { cancelScheduled, cancelScheduledEmail, updateStatus, addAttachments }
}

/**
 * The group, from the client's context and its existing listing.
 *
 * @internal
 */
export const make = (
  context: OperationContext,
  reads: Pick<MessagesOperations, "list" | "listPage">
): Omit<MessagesOperations, keyof RecordingOperations> => {
  const { exportAll, exportPage } = exportOps(context)
  return {
    ...reads,
    ...readOps(context),
    exportPage,
    export: exportAll,
    ...addOps(context),
    ...updateOps(context)
  }
}
