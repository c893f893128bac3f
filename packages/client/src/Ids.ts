/**
 * The ids of HighLevel resources, one brand each. Decoded responses carry them branded, so a message id cannot be
 * passed where a conversation id is expected; the operations also take plain strings (an id read from elsewhere needs
 * no cast) and check them before sending.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The id of a conversation (20 characters on HighLevel, e.g. `ve9EPM428h8vShlRW1KT`).
 *
 * @since 0.1.0
 * @category ids
 */
export const ConversationId = Schema.String.pipe(Schema.brand("ConversationId"))

/**
 * @since 0.1.0
 * @category ids
 */
export type ConversationId = typeof ConversationId.Type

/**
 * The id of a message; the exclusive cursor of the messages listing (`lastMessageId`) is one.
 *
 * @since 0.1.0
 * @category ids
 */
export const MessageId = Schema.String.pipe(Schema.brand("MessageId"))

/**
 * @since 0.1.0
 * @category ids
 */
export type MessageId = typeof MessageId.Type

/**
 * The id of a contact, the person a conversation is with.
 *
 * @since 0.1.0
 * @category ids
 */
export const ContactId = Schema.String.pipe(Schema.brand("ContactId"))

/**
 * @since 0.1.0
 * @category ids
 */
export type ContactId = typeof ContactId.Type

/**
 * The id of a location (a sub-account): every conversation belongs to one, and a token acts for one.
 *
 * @since 0.1.0
 * @category ids
 */
export const LocationId = Schema.String.pipe(Schema.brand("LocationId"))

/**
 * @since 0.1.0
 * @category ids
 */
export type LocationId = typeof LocationId.Type
