/**
 * The `conversations` group of the client (`client.conversations.*`): read, search, create, update and delete
 * conversations, with the closed error union of each operation.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type {
  Conversation,
  ConversationSummary,
  CreatedConversation,
  DeletedConversation,
  SearchConversationsPage,
  UpdatedConversation
} from "./Conversation.js"
import type {
  ConversationExistsError,
  GetConversationError,
  NotFoundError,
  RequestError,
  SearchAllError,
  SearchConversationsError,
  WriteOutcomeUnknownError
} from "./ConversationsError.js"
import type { CreateConversationInput, UpdateConversationInput } from "./ConversationsInputs.js"
import type { ConversationId } from "./Ids.js"
import type { SearchConversationsParams } from "./SearchParams.js"

/**
 * The failures of `conversations.create`: a `POST`, so a timeout, a dropped connection or a 5xx after sending is
 * `WriteOutcomeUnknownError` (never resent); a contact that already has a conversation is `ConversationExistsError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type CreateConversationError = RequestError | ConversationExistsError | WriteOutcomeUnknownError

/**
 * The failures of `conversations.update` (a `PUT`, retried like a read): an unknown conversation is `NotFoundError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type UpdateConversationError = RequestError | NotFoundError

/**
 * The failures of `conversations.delete` (a `DELETE`, retried like a read): an unknown (or already deleted)
 * conversation is `NotFoundError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type DeleteConversationError = RequestError | NotFoundError

/**
 * The operations of the `conversations` group. Ids are a `ConversationId` or any string: checked and encoded as one
 * path segment before anything is sent; inputs are checked by their Schema (`InvalidInputError` naming the field).
 *
 * @since 0.1.0
 * @category models
 */
export interface ConversationsOperations {
  /** `GET /conversations/{conversationId}` (the same as `getConversation`). */
  readonly get: (conversationId: ConversationId | string) => Effect.Effect<Conversation, GetConversationError>
  /** Every conversation matching a search, following the keyset cursor (the same as `searchConversations`). */
  readonly search: (params: SearchConversationsParams) => Stream.Stream<ConversationSummary, SearchAllError>
  /** `GET /conversations/search`: one page (the same as `searchConversationsPage`). */
  readonly searchPage: (
    params: SearchConversationsParams
  ) => Effect.Effect<SearchConversationsPage, SearchConversationsError>
  /** `POST /conversations/`: a conversation for a contact (one per contact per location). */
  readonly create: (input: CreateConversationInput) => Effect.Effect<CreatedConversation, CreateConversationError>
  /** `PUT /conversations/{conversationId}`: set the unread count (0 marks it read) or the star. */
  readonly update: (
    conversationId: ConversationId | string,
    input: UpdateConversationInput
  ) => Effect.Effect<UpdatedConversation, UpdateConversationError>
  /** `DELETE /conversations/{conversationId}`. */
  readonly delete: (
    conversationId: ConversationId | string
  ) => Effect.Effect<DeletedConversation, DeleteConversationError>
}
