/**
 * The `conversations` group: the reads are the client's existing single-page calls and listing; the writes run
 * through the generic runner (./run.ts).
 *
 * @since 0.1.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { CreatedConversation, DeletedConversation, UpdatedConversation } from "../../Conversation.js"
import { ConversationExistsError, type InvalidRequestError } from "../../ConversationsError.js"
import { CreateConversationInput, UpdateConversationInput } from "../../ConversationsInputs.js"
import type { ConversationsOperations } from "../../ConversationsOperations.js"
import { optionalOrNull } from "../schema.js"
import * as Validate from "../validate.js"
import { idempotent, inputOf, type OperationContext, post, responseOf, spanOf } from "./run.js"

const routes = {
  create: "/conversations/",
  conversation: "/conversations/{conversationId}"
} as const

// Create and Update answer `{ success, conversation }`: the operations return the conversation.
const createResponse = responseOf(Schema.transform(
  Schema.Struct({ conversation: CreatedConversation }),
  Schema.typeSchema(CreatedConversation),
  { strict: true, decode: ({ conversation }) => conversation, encode: (conversation) => ({ conversation }) }
))
const updateResponse = responseOf(Schema.transform(
  Schema.Struct({ conversation: UpdatedConversation }),
  Schema.typeSchema(UpdatedConversation),
  { strict: true, decode: ({ conversation }) => conversation, encode: (conversation) => ({ conversation }) }
))
const deleteResponse = responseOf(DeletedConversation)

const checkCreate = inputOf(CreateConversationInput)
const checkUpdate = inputOf(UpdateConversationInput)

// HighLevel's answer to a second conversation for a contact: 400 "Conversation with the contact id:… already
// exists!", with the existing conversation's id in `conversationId` (design-11; the mock answers the same).
const existsBody = Schema.decodeUnknownOption(Schema.parseJson(Schema.Struct({
  conversationId: optionalOrNull(Schema.String)
})))

const alreadyExists = (error: InvalidRequestError): boolean =>
  error.status === 400 && error.messages.some((message) => /already exists/i.test(message))

/**
 * The group, from the client's context and its existing reads.
 *
 * @internal
 */
export const make = (
  context: OperationContext,
  reads: Pick<ConversationsOperations, "get" | "search" | "searchPage">
): ConversationsOperations => {
  const create = Effect.fn("ConversationsClient.conversations.create", spanOf("POST", routes.create))(
    function*(input: CreateConversationInput) {
      const operation = "conversations.create"
      const checked = yield* checkCreate(operation, input)
      const body = yield* Validate.withLocation(operation, checked.wire, context.locationId)
      return yield* post(context, {
        operation,
        method: "POST",
        path: routes.create,
        body,
        response: createResponse,
        knownId: checked.value.contactId
      }, false).pipe(
        Effect.catchTag("NotFoundError", (error) => Effect.die(error)),
        Effect.catchIf(
          (error): error is InvalidRequestError => error._tag === "InvalidRequestError" && alreadyExists(error),
          (error) => {
            const conversationId = Option.flatMap(
              Option.fromNullable(error.body),
              (text) => Option.flatMap(existsBody(text), (parsed) => Option.fromNullable(parsed.conversationId))
            )
            return Effect.fail(
              new ConversationExistsError({
                operation,
                contactId: checked.value.contactId,
                ...Option.match(conversationId, { onNone: () => ({}), onSome: (id) => ({ conversationId: id }) }),
                ...(error.traceId !== undefined ? { traceId: error.traceId } : {})
              })
            )
          }
        )
      )
    }
  )

  const update = Effect.fn("ConversationsClient.conversations.update", spanOf("PUT", routes.conversation))(
    function*(conversationId: string, input: UpdateConversationInput) {
      const operation = "conversations.update"
      const id = yield* Validate.pathSegment(operation, "conversationId", conversationId)
      const checked = yield* checkUpdate(operation, input)
      const body = yield* Validate.withLocation(operation, checked.wire, context.locationId)
      return yield* idempotent(context, {
        operation,
        method: "PUT",
        path: `/conversations/${id}`,
        body,
        response: updateResponse
      }, true)
    }
  )

  const remove = Effect.fn("ConversationsClient.conversations.delete", spanOf("DELETE", routes.conversation))(
    function*(conversationId: string) {
      const operation = "conversations.delete"
      const id = yield* Validate.pathSegment(operation, "conversationId", conversationId)
      return yield* idempotent(context, {
        operation,
        method: "DELETE",
        path: `/conversations/${id}`,
        response: deleteResponse
      }, true)
    }
  )

  return { ...reads, create, update, delete: remove }
}
