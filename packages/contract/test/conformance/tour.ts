/**
 * The tour of all 29 operations: the client drives a fresh mock over HTTP through every write and every read, each
 * answered 2xx, so that every request body the client sends and every body the mock answers can be checked.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { type Exchange, setup } from "./capture.js"

/** Every operation of the app once (or more), in an order where each finds what it needs. */
const tour = Effect.gen(function*() {
  const { client, exchanges, location, mock, provider } = yield* setup
  const [conversationId] = location.conversationIds
  const withConversation = new Set(location.conversationIds.map((id) => mock.store.conversation(id)?.contactId))
  const lonely = location.contactIds.find((id) => !withConversation.has(id))
  const contactId = mock.store.conversation(conversationId ?? "")?.contactId
  // Channel 4 is a review conversation: the only kind a review reply may go to.
  const review = location.conversationIds.find((id) => mock.store.conversation(id)?.type === 4)
  if (conversationId === undefined || lonely === undefined || contactId === undefined || review === undefined) {
    return yield* Effect.dieMessage("the seed lacks a conversation, a review, or a contact without a conversation")
  }

  // The reads of the seeded data.
  yield* client.conversations.searchPage({ limit: 5 })
  yield* client.messages.listPage(conversationId, { limit: 5 })

  // Conversations and messages.
  const created = yield* client.conversations.create({ contactId: lonely })
  yield* client.conversations.update(conversationId, { unreadCount: 0, starred: true })
  const sms = yield* client.messages.send({ type: "SMS", contactId, message: "Your order has shipped" })
  const email = yield* client.messages.send({
    type: "Email",
    contactId,
    subject: "Invoice 42",
    html: "<p>Attached.</p>",
    emailTo: "ada@example.com"
  })
  const later = Math.floor(mock.control.clock() / 1000) + 3600
  const scheduled = yield* client.messages.send({
    type: "SMS",
    contactId,
    message: "Reminder",
    scheduledTimestamp: later
  })
  yield* client.messages.cancelScheduled(scheduled.messageId)
  yield* client.messages.addInbound({
    type: "SMS",
    conversationId,
    contactId,
    conversationProviderId: location.providerId,
    message: "Thanks!"
  })
  // Attachments may be added to call messages only (a recording after the call).
  const call = yield* client.messages.addOutbound({
    type: "Call",
    conversationId,
    conversationProviderId: location.providerId
  })
  yield* client.messages.reviewReply({ conversationId: review, message: "Thank you for the kind words!" })
  yield* provider.messages.updateStatus(sms.messageId, { status: "delivered" })
  yield* client.messages.addAttachments(call.messageId, { attachments: ["https://example.com/a.png"] })
  yield* client.messages.get(sms.messageId)
  yield* client.messages.exportPage({ limit: 10 })
  yield* client.conversations.get(conversationId)
  if (email.emailMessageId !== undefined) yield* client.messages.getEmail(email.emailMessageId)
  const scheduledEmail = yield* client.messages.send({
    type: "Email",
    contactId,
    subject: "Later",
    html: "<p>Soon.</p>",
    emailTo: "ada@example.com",
    scheduledTimestamp: later
  })
  if (scheduledEmail.emailMessageId !== undefined) {
    yield* client.messages.cancelScheduledEmail(scheduledEmail.emailMessageId)
  }
  yield* client.liveChat.typing({ conversationId, visitorId: "v1", isTyping: true })

  // Preferences.
  const subtype = yield* client.preferences.createCustomSubtype({
    name: "Release notes",
    channel: "email",
    language: "en"
  })
  yield* client.preferences.updateCustomSubtype(subtype.id, { name: "Changelog" })
  yield* client.preferences.listCustomSubtypes()
  yield* client.preferences.changeSubscription({
    contactId,
    email: "ada@example.com",
    subscription_action: { type: "custom", subtype_id: subtype.id, subtype_status: "unsubscribed" }
  })
  yield* client.preferences.unsubscriptionStatus({ contactId })

  // Uploads: the multipart form and the signed-URL flow.
  yield* client.uploads.upload({
    conversationId,
    contactId,
    files: [
      { filename: "a.png", contentType: "image/png", data: new Uint8Array([137, 80, 78, 71]) },
      { filename: "notes.txt", contentType: "text/plain", data: new TextEncoder().encode("hello") }
    ]
  })
  yield* client.uploads.uploadSigned({
    conversationId,
    channel: "SMS",
    filename: "note.txt",
    contentType: "text/plain",
    data: new TextEncoder().encode("hello")
  })

  // Call media: the recording (bytes), its transcription (JSON) and the transcription as a text file.
  const connected = location.conversationIds.flatMap((id) => mock.store.messagesOf(id)).find((message) =>
    message.messageType === "TYPE_CALL" && Number(message.meta?.call?.duration ?? 0) > 0
  )
  if (connected === undefined) return yield* Effect.dieMessage("the seed has no connected call")
  yield* Effect.scoped(
    Effect.flatMap(client.messages.recording(connected.id), (recording) => Stream.runDrain(recording.bytes))
  )
  yield* client.messages.transcription(connected.id)
  yield* client.messages.downloadTranscription(connected.id)

  yield* client.conversations.delete(created.id)
  return exchanges as ReadonlyArray<Exchange>
})

let made: Promise<ReadonlyArray<Exchange>> | undefined

/** The tour's exchanges, made once per test file (the tests of a file read the same traffic). */
export const tourOnce: Effect.Effect<ReadonlyArray<Exchange>> = Effect.suspend(() => {
  made ??= Effect.runPromise(Effect.scoped(tour))
  const running = made
  return Effect.promise(() => running)
})
