/**
 * The inputs of the conversation writes, as Schemas: checked before anything is sent, and the request body encoded
 * by the same Schema.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const Id = Schema.NonEmptyTrimmedString

/**
 * Create Conversation (`POST /conversations/`): the contact and its location. `locationId` may be left out when the
 * client was given a default location.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateConversationInput = Schema.Struct({
  contactId: Id,
  locationId: Schema.optional(Id)
})

/**
 * @since 0.1.0
 * @category models
 */
export type CreateConversationInput = typeof CreateConversationInput.Type

/**
 * Update Conversation (`PUT /conversations/{conversationId}`): the unread count (a whole number, 0 marks it read)
 * and the star. `locationId`, which HighLevel requires, defaults to the client's location.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateConversationInput = Schema.Struct({
  locationId: Schema.optional(Id),
  unreadCount: Schema.optional(Schema.NonNegativeInt),
  starred: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category models
 */
export type UpdateConversationInput = typeof UpdateConversationInput.Type
