/**
 * The `messages` group of the client (`client.messages.*`): read, list and export messages, send and add them,
 * cancel scheduled ones, update their status and attachments, with the closed error union of each operation.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type {
  GetMessagesError,
  ListMessagesError,
  NotFoundError,
  PaginationStalled,
  RequestError,
  WriteOutcomeUnknownError
} from "./ConversationsError.js"
import type { ConversationId, MessageId } from "./Ids.js"
import type { Message, MessagesPage } from "./Message.js"
import type {
  AddedMessage,
  CancelledSchedule,
  EmailMessage,
  ExportMessagesPage,
  SentMessage
} from "./MessageResults.js"
import type {
  AddAttachmentsInput,
  ExportMessagesParams,
  InboundMessageInput,
  OutboundCallInput,
  ReviewReplyInput,
  SendMessageInput,
  UpdateMessageStatusInput
} from "./MessagesInputs.js"
import type { RecordingOperations } from "./RecordingOperations.js"
import type { ListMessagesOptions, MessagesPageParams } from "./SearchParams.js"

/**
 * The failures of `messages.get` and `messages.getEmail`: an unknown id is `NotFoundError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetMessageError = RequestError | NotFoundError

/**
 * The failures of `messages.exportPage`.
 *
 * @since 0.1.0
 * @category errors
 */
export type ExportMessagesPageError = RequestError

/**
 * The failures of `messages.export`: a page's failure, or a repeated cursor.
 *
 * @since 0.1.0
 * @category errors
 */
export type ExportMessagesError = RequestError | PaginationStalled

/**
 * The failures of the message writes sent as `POST` (`send`, `addInbound`, `addOutbound`, `reviewReply`): retried
 * only after a 429 or a connection refused before sending; a timeout, a dropped connection or a 5xx after sending is
 * `WriteOutcomeUnknownError`, never resent. An unknown contact is `InvalidRequestError` (400).
 *
 * @since 0.1.0
 * @category errors
 */
export type SendMessageError = RequestError | WriteOutcomeUnknownError

/**
 * The failures of the writes that name a conversation (`addInbound`, `addOutbound`, `reviewReply`): those of
 * {@link SendMessageError}, and `NotFoundError` when the conversation is unknown. HighLevel documents neither answer
 * for an unknown conversation; the mock answers 404, as for every unknown resource, and a 400 stays
 * `InvalidRequestError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type ConversationMessageError = SendMessageError | NotFoundError

/**
 * The failures of the message writes sent as `PUT` or `DELETE` (`cancelScheduled`, `cancelScheduledEmail`,
 * `updateStatus`, `addAttachments`), retried like reads: an unknown message is `NotFoundError`; a status update by
 * an app that is not the message's conversation provider is `ForbiddenError` (403).
 *
 * @since 0.1.0
 * @category errors
 */
export type UpdateMessageError = RequestError | NotFoundError

/**
 * The operations of the `messages` group. Ids are branded ids or any string: checked and encoded as one path
 * segment before anything is sent; inputs are checked by their Schema (`InvalidInputError` naming the field).
 *
 * @since 0.1.0
 * @category models
 */
export interface MessagesOperations extends RecordingOperations {
  /** `GET /conversations/messages/{id}`: one message. */
  readonly get: (messageId: MessageId | string) => Effect.Effect<Message, GetMessageError>
  /** Every message of a conversation, newest first (the same as `listMessages`). */
  readonly list: (
    conversationId: ConversationId | string,
    options?: ListMessagesOptions
  ) => Stream.Stream<Message, ListMessagesError>
  /** `GET /conversations/{conversationId}/messages`: one page (the same as `getMessagesPage`). */
  readonly listPage: (
    conversationId: ConversationId | string,
    params?: MessagesPageParams
  ) => Effect.Effect<MessagesPage, GetMessagesError>
  /** `GET /conversations/messages/email/{id}`: an email with its body (the messages listing leaves bodies out). */
  readonly getEmail: (emailMessageId: string) => Effect.Effect<EmailMessage, GetMessageError>
  /** `GET /conversations/messages/export`: one page of the location's messages. */
  readonly exportPage: (
    params?: ExportMessagesParams
  ) => Effect.Effect<ExportMessagesPage, ExportMessagesPageError>
  /**
   * Every message of the location matching `params`, following `nextCursor` page by page as you pull. Without a
   * `channel` HighLevel returns every non-email type: a complete export also walks `channel: "Email"`.
   */
  readonly export: (params?: ExportMessagesParams) => Stream.Stream<Message, ExportMessagesError>
  /** `POST /conversations/messages`: send (or schedule, with `scheduledTimestamp`) a message to a contact. */
  readonly send: (input: SendMessageInput) => Effect.Effect<SentMessage, SendMessageError>
  /** `POST /conversations/messages/inbound`: a conversation provider adds a message it received. */
  readonly addInbound: (input: InboundMessageInput) => Effect.Effect<AddedMessage, ConversationMessageError>
  /** `POST /conversations/messages/outbound`: a conversation provider adds an external call. */
  readonly addOutbound: (input: OutboundCallInput) => Effect.Effect<AddedMessage, ConversationMessageError>
  /** `POST /conversations/messages/review-reply`: reply to a review. */
  readonly reviewReply: (input: ReviewReplyInput) => Effect.Effect<SentMessage, ConversationMessageError>
  /** `DELETE /conversations/messages/{messageId}/schedule`: the scheduled message is never sent. */
  readonly cancelScheduled: (messageId: MessageId | string) => Effect.Effect<CancelledSchedule, UpdateMessageError>
  /** `DELETE /conversations/messages/email/{emailMessageId}/schedule`: the scheduled email is never sent. */
  readonly cancelScheduledEmail: (emailMessageId: string) => Effect.Effect<CancelledSchedule, UpdateMessageError>
  /** `PUT /conversations/messages/{messageId}/status`: for the message's conversation provider app only. */
  readonly updateStatus: (
    messageId: MessageId | string,
    input: UpdateMessageStatusInput
  ) => Effect.Effect<SentMessage, UpdateMessageError>
  /** `PUT /conversations/messages/{messageId}/attachments`: replaces the message's attachments (at most 5). */
  readonly addAttachments: (
    messageId: MessageId | string,
    input: AddAttachmentsInput
  ) => Effect.Effect<void, UpdateMessageError>
}
