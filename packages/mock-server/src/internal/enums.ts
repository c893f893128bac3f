/**
 * Enumerations of the Conversations API, derived from HighLevel public OpenAPI file `apps/conversations.json`
 * (GoHighLevel/highlevel-api-docs, CC0-1.0) at commit 0af86a4cbd48c66a4071c7e509d1079f9f10ed17. Only the value lists
 * are taken; the numbering of message types follows the project API notes (see `messageTypeNumber`).
 *
 * @since 0.1.0
 * @internal
 */

/** `GetMessageResponseDto.messageType` and search `lastMessageType` (the same 42 values, in the file order). @internal */
export const MESSAGE_TYPES = [
  "TYPE_CALL",
  "TYPE_SMS",
  "TYPE_RCS",
  "TYPE_EMAIL",
  "TYPE_SMS_REVIEW_REQUEST",
  "TYPE_WEBCHAT",
  "TYPE_SMS_NO_SHOW_REQUEST",
  "TYPE_CAMPAIGN_SMS",
  "TYPE_CAMPAIGN_CALL",
  "TYPE_CAMPAIGN_EMAIL",
  "TYPE_CAMPAIGN_VOICEMAIL",
  "TYPE_FACEBOOK",
  "TYPE_CAMPAIGN_FACEBOOK",
  "TYPE_CAMPAIGN_MANUAL_CALL",
  "TYPE_CAMPAIGN_MANUAL_SMS",
  "TYPE_GMB",
  "TYPE_CAMPAIGN_GMB",
  "TYPE_REVIEW",
  "TYPE_INSTAGRAM",
  "TYPE_WHATSAPP",
  "TYPE_CUSTOM_SMS",
  "TYPE_CUSTOM_EMAIL",
  "TYPE_CUSTOM_PROVIDER_SMS",
  "TYPE_CUSTOM_PROVIDER_EMAIL",
  "TYPE_IVR_CALL",
  "TYPE_ACTIVITY_CONTACT",
  "TYPE_ACTIVITY_INVOICE",
  "TYPE_ACTIVITY_PAYMENT",
  "TYPE_ACTIVITY_OPPORTUNITY",
  "TYPE_LIVE_CHAT",
  "TYPE_LIVE_CHAT_INFO_MESSAGE",
  "TYPE_ACTIVITY_APPOINTMENT",
  "TYPE_FACEBOOK_COMMENT",
  "TYPE_INSTAGRAM_COMMENT",
  "TYPE_CUSTOM_CALL",
  "TYPE_INTERNAL_COMMENT",
  "TYPE_ACTIVITY_EMPLOYEE_ACTION_LOG",
  "TYPE_TIKTOK",
  "TYPE_TIKTOK_COMMENT",
  "TYPE_ACTIVITY_WHATSAPP",
  "TYPE_FORM_SUBMISSION",
  "TYPE_SMS_REACTION"
] as const

/** The `type` filter of GET /conversations/{conversationId}/messages (19 values, one spelled `TYPE_INTERNAL_COMMENTS`). @internal */
export const MESSAGE_TYPE_FILTERS = [
  "TYPE_CALL",
  "TYPE_SMS",
  "TYPE_RCS",
  "TYPE_EMAIL",
  "TYPE_FACEBOOK",
  "TYPE_GMB",
  "TYPE_INSTAGRAM",
  "TYPE_WHATSAPP",
  "TYPE_ACTIVITY_APPOINTMENT",
  "TYPE_ACTIVITY_CONTACT",
  "TYPE_ACTIVITY_INVOICE",
  "TYPE_ACTIVITY_PAYMENT",
  "TYPE_ACTIVITY_OPPORTUNITY",
  "TYPE_LIVE_CHAT",
  "TYPE_INTERNAL_COMMENTS",
  "TYPE_ACTIVITY_EMPLOYEE_ACTION_LOG",
  "TYPE_TIKTOK",
  "TYPE_ACTIVITY_WHATSAPP",
  "TYPE_FORM_SUBMISSION"
] as const

/**
 * Message `type` number of each `messageType`. The API notes anchor 1 = TYPE_CALL, 3 = TYPE_EMAIL,
 * 10 = TYPE_CAMPAIGN_VOICEMAIL and 34 = TYPE_CUSTOM_CALL, and say the numbers follow the order of the original enum;
 * that order is the OpenAPI list without TYPE_RCS (a later insertion), which hits all four anchors. TYPE_RCS has no
 * known number, so the mock never emits it. Numbers past 34 are unverified.
 *
 * @internal
 */
export const messageTypeNumber: ReadonlyMap<string, number> = new Map(
  MESSAGE_TYPES.filter((type) => type !== "TYPE_RCS").map((type, index) => [type, index + 1] as const)
)

/** Search `sortBy` values (OpenAPI order). @internal */
export const SORT_BY = [
  "last_manual_message_date",
  "last_message_date",
  "score_profile",
  "overdue_at",
  "due_at"
] as const

/** Search `status` values. @internal */
export const STATUSES = ["all", "read", "unread", "starred", "recents"] as const

/**
 * Conversation channel: the get-conversation number is the index + 1 of the search string (the notes: "same order
 * as the numbers 1–5").
 *
 * @internal
 */
export const CONVERSATION_TYPES = [
  "TYPE_PHONE",
  "TYPE_EMAIL",
  "TYPE_FB_MESSENGER",
  "TYPE_REVIEW",
  "TYPE_GROUP_SMS"
] as const

/** The query parameters GET /conversations/search documents (any other one is answered with 422). @internal */
export const SEARCH_PARAMETERS = [
  "locationId",
  "contactId",
  "assignedTo",
  "followers",
  "mentions",
  "query",
  "sort",
  "startAfterDate",
  "id",
  "limit",
  "lastMessageType",
  "lastMessageAction",
  "lastMessageDirection",
  "status",
  "sortBy",
  "sortScoreProfile",
  "scoreProfile",
  "scoreProfileMin",
  "scoreProfileMax",
  "startDate",
  "endDate"
] as const

/** The query parameters GET /conversations/{conversationId}/messages documents. @internal */
export const MESSAGES_PARAMETERS = ["lastMessageId", "limit", "type"] as const
