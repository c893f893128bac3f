/**
 * The messages of one seeded conversation, newest first: a timeline, then per message its type, direction and
 * sender, then its content from one builder per kind (call, email, text). The order of the generator's draws is
 * part of the data: changing it changes every seed's output.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockScenario from "../../MockScenario.js"
import { messageTypeNumber } from "../enums.js"
import type { Direction, StoredMessage } from "../model.js"
import * as Prng from "../prng.js"
import { DAY, MINUTE, weighted } from "./random.js"
import type { Texts } from "./texts.js"

// Weight tables and constant lists are hoisted: allocating them per message doubled the GC time of a 200,000-message
// seed.
const INBOUND_CALL: ReadonlyArray<readonly [string, number]> = [
  ["completed", 0.6],
  ["no-answer", 0.2],
  ["voicemail", 0.15],
  ["busy", 0.05]
]
const OUTBOUND_CALL: ReadonlyArray<readonly [string, number]> = [
  ["completed", 0.65],
  ["no-answer", 0.2],
  ["busy", 0.1],
  ["canceled", 0.05]
]
const OUTBOUND_EMAIL: ReadonlyArray<readonly [string, number]> = [
  ["delivered", 0.5],
  ["opened", 0.3],
  ["clicked", 0.1],
  ["sent", 0.1]
]
const OUTBOUND_TEXT: ReadonlyArray<readonly [string, number]> = [
  ["delivered", 0.75],
  ["sent", 0.1],
  ["read", 0.05],
  ["failed", 0.05],
  ["undelivered", 0.05]
]
const AUTOMATED_SOURCES: ReadonlyArray<string> = ["workflow", "api"]
const NO_ATTACHMENTS: ReadonlyArray<string> = Object.freeze([])

const typeNumber = (messageType: string): number => {
  const n = messageTypeNumber.get(messageType)
  if (n === undefined) throw new Error(`no type number for ${messageType}`)
  return n
}

/** A bulk send: conversations whose newest message has this time and body. @internal */
export interface Blast {
  readonly time: number
  readonly body: string
}

/** What the messages of one conversation share. @internal */
export interface Thread {
  readonly conversationId: string
  readonly locationId: string
  readonly contactId: string
  readonly firstName: string
  readonly userIds: ReadonlyArray<string>
  readonly providerId: string
  readonly texts: Texts
  readonly blastAction: MockScenario.LocationPlan["blastAction"]
  /** Message types of the conversation's channel, with weights. */
  readonly typeWeights: ReadonlyArray<readonly [string, number]>
  /** The newest message belongs to this bulk send. */
  readonly blast: Blast | undefined
  readonly newest: number
  readonly count: number
}

/** Who sent a message and how. */
interface Sender {
  readonly messageType: string
  readonly direction: Direction
  readonly source: string | undefined
  readonly userId: string | undefined
}

/** The fields that depend on the kind of message. */
type Content = Pick<StoredMessage, "body" | "contentType" | "status" | "attachments" | "call" | "emailMessageIds">

const senderOf = (prng: Prng.Prng, thread: Thread, isBlast: boolean): Sender => {
  let messageType = isBlast
    ? thread.blastAction === "automated" ? "TYPE_CAMPAIGN_SMS" : "TYPE_SMS"
    : weighted(prng, thread.typeWeights)
  const automatedType = messageType === "TYPE_CAMPAIGN_SMS"
  const direction: Direction = isBlast || automatedType || prng.chance(0.55) ? "outbound" : "inbound"
  let source: string | undefined
  let userId: string | undefined
  if (direction === "outbound") {
    if (isBlast) {
      source = thread.blastAction === "automated" ? "campaign" : "bulk_actions"
      userId = thread.blastAction === "manual" ? prng.pick(thread.userIds) : undefined
    } else if (automatedType) {
      source = "campaign"
    } else if (prng.chance(0.7)) {
      source = "app"
      userId = prng.pick(thread.userIds)
    } else {
      source = prng.pick(AUTOMATED_SOURCES)
    }
  }
  if (messageType === "TYPE_CALL" && direction === "outbound" && source !== "app") messageType = "TYPE_SMS"
  return { messageType, direction, source, userId }
}

/** A call: no body, `meta.call` with a duration for a completed one. */
const callContent = (prng: Prng.Prng, direction: Direction): Content => {
  const callStatus = weighted(prng, direction === "inbound" ? INBOUND_CALL : OUTBOUND_CALL)
  return {
    body: undefined,
    contentType: "text/plain",
    status: "completed",
    attachments: NO_ATTACHMENTS,
    call: { duration: callStatus === "completed" ? 10 + prng.int(900) : 0, status: callStatus },
    emailMessageIds: undefined
  }
}

/** An email: an HTML body and `meta.email.messageIds`. */
const emailContent = (prng: Prng.Prng, thread: Thread, direction: Direction): Content => {
  const body = prng.pick(thread.texts.email)
  const emailMessageIds = Array.from({ length: 1 + prng.int(3) }, () => Prng.id(prng))
  return {
    body,
    contentType: "text/html",
    status: direction === "inbound" ? "delivered" : weighted(prng, OUTBOUND_EMAIL),
    attachments: NO_ATTACHMENTS,
    call: undefined,
    emailMessageIds
  }
}

/** Any other kind: a text (the blast's own for a bulk send), sometimes a greeting, rarely an image. */
const textContent = (prng: Prng.Prng, thread: Thread, direction: Direction, blast: Blast | undefined): Content => {
  const { texts } = thread
  const body = blast !== undefined
    ? blast.body
    : prng.chance(0.3)
    ? `${prng.pick(texts.greetings)} ${thread.firstName}, ${prng.pick(texts.sms)}`
    : prng.pick(texts.sms)
  const status = direction === "inbound" ? "delivered" : weighted(prng, OUTBOUND_TEXT)
  const attachments = prng.chance(0.04)
    ? [`https://storage.googleapis.com/msgsndr/${thread.locationId}/media/${Prng.id(prng)}.jpeg`]
    : NO_ATTACHMENTS
  return { body, contentType: "text/plain", status, attachments, call: undefined, emailMessageIds: undefined }
}

const contentOf = (prng: Prng.Prng, thread: Thread, sender: Sender, blast: Blast | undefined): Content => {
  switch (sender.messageType) {
    case "TYPE_CALL":
      return callContent(prng, sender.direction)
    case "TYPE_EMAIL":
      return emailContent(prng, thread, sender.direction)
    default:
      return textContent(prng, thread, sender.direction, blast)
  }
}

/** The conversation's messages, newest first, `thread.newest` back in time. @internal */
export const messagesOf = (prng: Prng.Prng, thread: Thread): Array<StoredMessage> => {
  const meanGap = Math.min(2 * DAY, Math.max(MINUTE, Math.floor((90 * DAY) / Math.max(1, thread.count))))
  const messages: Array<StoredMessage> = []
  let time = thread.newest
  for (let m = 0; m < thread.count; m++) {
    if (m > 0) time -= MINUTE + Math.floor(-Math.log(1 - prng.float()) * meanGap)
    const blast = m === 0 ? thread.blast : undefined
    const sender = senderOf(prng, thread, blast !== undefined)
    const id = Prng.id(prng)
    const content = contentOf(prng, thread, sender, blast)
    messages.push({
      id,
      conversationId: thread.conversationId,
      locationId: thread.locationId,
      contactId: thread.contactId,
      messageType: sender.messageType,
      type: typeNumber(sender.messageType),
      direction: sender.direction,
      dateAdded: time,
      contentType: content.contentType,
      body: content.body,
      status: content.status,
      attachments: content.attachments,
      source: sender.source,
      userId: sender.userId,
      conversationProviderId: sender.messageType === "TYPE_SMS" || sender.messageType === "TYPE_CALL"
        ? thread.providerId
        : undefined,
      call: content.call,
      emailMessageIds: content.emailMessageIds,
      position: m
    })
  }
  return messages
}
