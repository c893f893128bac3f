/**
 * Deterministic seed data: locations, tokens, conversations and messages, plus the indexes the handlers read.
 *
 * Everything derives from the seed: Faker (seeded per location) for names, emails, phones and texts, the sfc32
 * generator for ids, choices and timestamps, and a fixed epoch instead of the clock.
 *
 * @since 0.1.0
 * @internal
 */
import { base, en, en_US, Faker } from "@faker-js/faker"
import type * as MockScenario from "../MockScenario.js"
import { messageTypeNumber } from "./enums.js"
import type {
  Dataset,
  Direction,
  Ordering,
  SortField,
  StoredConversation,
  StoredLocation,
  StoredMessage
} from "./model.js"
import * as Prng from "./prng.js"

/** 2024-01-01T00:00:00.000Z: every seeded timestamp is an offset from it, never from `Date.now()`. @internal */
export const EPOCH = Date.UTC(2024, 0, 1)
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const TAGS = ["lead", "customer", "vip", "follow-up", "newsletter", "appointment", "billing", "referral"]

/** Message types by conversation channel (index = channel - 1), with weights. */
const CHANNEL_MESSAGE_TYPES: ReadonlyArray<ReadonlyArray<readonly [string, number]>> = [
  [["TYPE_SMS", 0.68], ["TYPE_CALL", 0.2], ["TYPE_EMAIL", 0.05], ["TYPE_WEBCHAT", 0.04], ["TYPE_CAMPAIGN_SMS", 0.03]],
  [["TYPE_EMAIL", 0.85], ["TYPE_SMS", 0.1], ["TYPE_CALL", 0.05]],
  [["TYPE_FACEBOOK", 0.8], ["TYPE_INSTAGRAM", 0.1], ["TYPE_SMS", 0.1]],
  [["TYPE_REVIEW", 0.5], ["TYPE_GMB", 0.3], ["TYPE_SMS", 0.2]],
  [["TYPE_SMS", 1]]
]
const CHANNEL_WEIGHTS: ReadonlyArray<readonly [number, number]> = [[1, 0.6], [2, 0.2], [3, 0.1], [4, 0.05], [5, 0.05]]

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

const weighted = <A>(prng: Prng.Prng, items: ReadonlyArray<readonly [A, number]>): A => {
  let x = prng.float()
  for (const [item, weight] of items) {
    if (x < weight) return item
    x -= weight
  }
  const last = items[items.length - 1]
  if (last === undefined) throw new Error("weighted: empty list")
  return last[0]
}

const typeNumber = (messageType: string): number => {
  const n = messageTypeNumber.get(messageType)
  if (n === undefined) throw new Error(`no type number for ${messageType}`)
  return n
}

/** A 128-bit, uuid-shaped secret built from the generator (tokens, refresh tokens). */
const uuidLike = (prng: Prng.Prng): string => {
  const h = () => prng.next().toString(16).padStart(8, "0")
  const a = h(), b = h(), c = h(), d = h()
  return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-a${c.slice(1, 4)}-${c.slice(4)}${d}`
}

interface Texts {
  readonly sms: ReadonlyArray<string>
  readonly email: ReadonlyArray<string>
  readonly greetings: ReadonlyArray<string>
}

/** Everyday SMS/chat lines; Faker fills in the variable parts so every seed reads differently. */
const LINES: ReadonlyArray<(faker: Faker) => string> = [
  (f) => `Your appointment is confirmed for ${f.date.weekday()} at ${1 + f.number.int(11)}:00. Reply C to confirm.`,
  (f) => `Can we move our call to ${f.date.weekday()}?`,
  () => "Thanks, got it!",
  () => "What are your opening hours this weekend?",
  (f) => `The invoice for ${f.commerce.productName()} is ready: $${f.commerce.price({ min: 20, max: 900 })}.`,
  (f) => `Is the ${f.commerce.productName()} still available?`,
  () => "Please call me back when you have a minute.",
  (f) => `Reminder: your ${f.commerce.department().toLowerCase()} order ships tomorrow.`,
  () => "Sounds good, see you then.",
  (f) => `${f.company.catchPhrase()}. Reply STOP to opt out.`,
  (f) => `${f.hacker.phrase()}`,
  () => "Do you offer financing?",
  (f) => `I left a review for ${f.company.name()} yesterday.`,
  () => "Running 10 minutes late, sorry!",
  (f) => `Our ${f.commerce.productAdjective().toLowerCase()} offer ends ${f.date.weekday()}: book now.`
]

const makeTexts = (faker: Faker): Texts => ({
  sms: Array.from({ length: 240 }, (_, i) => (LINES[i % LINES.length] ?? (() => "Hi"))(faker)),
  email: Array.from(
    { length: 60 },
    () =>
      `<div><p>Hello,</p><p>${faker.hacker.phrase()} ${faker.company.catchPhrase()}.</p><p>${faker.hacker.phrase()}</p>` +
      `<p>Best regards,<br>${faker.person.fullName()}</p></div>`
  ),
  greetings: ["Hi", "Hello", "Hey", "Good morning", "Thanks"]
})

/** Splits `total` messages over `n` conversations unevenly (exponential weights), at least one each when possible. */
const spread = (prng: Prng.Prng, n: number, total: number): Array<number> => {
  if (n === 0) return []
  const weights = Array.from({ length: n }, () => -Math.log(1 - prng.float()) + 0.05)
  const sum = weights.reduce((a, b) => a + b, 0)
  const floor = total >= n ? 1 : 0
  const counts = weights.map((w) => Math.max(floor, Math.floor((total * w) / sum)))
  let diff = total - counts.reduce((a, b) => a + b, 0)
  // Bounded: each step moves the sum one closer to `total`.
  for (let i = 0; diff !== 0; i = (i + 1) % n) {
    const c = counts[i] ?? 0
    if (diff > 0) {
      counts[i] = c + 1
      diff--
    } else if (c > floor) {
      counts[i] = c - 1
      diff++
    }
  }
  return counts
}

const compareKeyThenId = (
  value: (c: StoredConversation) => number
) =>
(a: StoredConversation, b: StoredConversation) => {
  const d = value(a) - value(b)
  if (d !== 0) return d
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The value each `sortBy` sorts on; a conversation without a manual message sorts by its `dateAdded`. @internal */
export const sortValue: Readonly<Record<SortField, (c: StoredConversation) => number>> = {
  last_message_date: (c) => c.lastMessageDate,
  last_manual_message_date: (c) => c.lastManualMessageDate ?? c.dateAdded
}

/** Ties above this size cannot be encoded as value + k/1000 below value + 1. @internal */
export const MAX_TIE_GROUP = 999

/**
 * Builds the keyset ordering of one location. Keys stay exact: at 1.7e12 a double resolves about 0.00024, so
 * value + k/1000 (k < 1000) is distinct for every k and below value + 1.
 *
 * @internal
 */
export const ordering = (
  conversations: ReadonlyArray<StoredConversation>,
  field: SortField
): Ordering => {
  const value = sortValue[field]
  const docs = conversations.filter((c) => !c.deleted).sort(compareKeyThenId(value))
  const keys = new Float64Array(docs.length)
  const keyOf = new Map<string, number>()
  let k = 0
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as StoredConversation
    const v = value(doc)
    if (!Number.isSafeInteger(v)) throw new Error(`${field} of ${doc.id} is not an integer epoch ms: ${v}`)
    const previous = docs[i - 1]
    k = previous !== undefined && value(previous) === v ? k + 1 : 0
    if (k > MAX_TIE_GROUP - 1) {
      throw new Error(
        `more than ${MAX_TIE_GROUP} conversations share ${field} = ${v}; the keyset encoding cannot order them`
      )
    }
    const key = k === 0 ? v : v + k / 1000
    keys[i] = key
    keyOf.set(doc.id, key)
  }
  return { docs, keys, keyOf }
}

interface LocationOutput {
  readonly location: StoredLocation
  readonly messages: ReadonlyArray<ReadonlyArray<StoredMessage>>
}

const generateLocation = (
  seed: number,
  index: number,
  plan: MockScenario.LocationPlan,
  faker: Faker
): LocationOutput => {
  const prng = Prng.make(seed, index)
  faker.seed(Prng.hash2(seed, index))
  const texts = makeTexts(faker)

  const locationId = Prng.id(prng)
  const companyId = Prng.id(prng)
  const name = faker.company.name()
  const userIds = Array.from({ length: 5 }, () => Prng.id(prng))
  const providerId = Prng.id(prng)
  const tokens = {
    full: `pit-${uuidLike(prng)}`,
    withoutMessagesScope: `pit-${uuidLike(prng)}`,
    withoutConversationsScope: `pit-${uuidLike(prng)}`
  }
  const refreshToken = uuidLike(prng)
  const authorizationCode = uuidLike(prng).replaceAll("-", "")

  const n = plan.conversations
  const counts = spread(prng, n, plan.messages)

  // Bulk sends: groups of conversations whose newest message has the same timestamp.
  const blastOf = new Array<{ time: number; body: string } | undefined>(n)
  const blasted = Math.min(n, Math.round(n * plan.blastShare))
  for (let i = 0; i < blasted;) {
    const size = Math.min(blasted - i, 2 + prng.int(Math.max(1, plan.blastGroupMax - 1)))
    const blast = { time: EPOCH + 60 * DAY + prng.int(150 * DAY), body: prng.pick(texts.sms) }
    for (let j = 0; j < size; j++) blastOf[i + j] = blast
    i += size
  }

  const conversations: Array<StoredConversation> = []
  const allMessages: Array<Array<StoredMessage>> = []
  for (let i = 0; i < n; i++) {
    const id = Prng.id(prng)
    const contactId = Prng.id(prng)
    const firstName = faker.person.firstName()
    const lastName = faker.person.lastName()
    const fullName = `${firstName} ${lastName}`
    const email = faker.internet.email({ firstName, lastName }).toLowerCase()
    const phone = faker.phone.number({ style: "international" })
    const companyName = prng.chance(0.4) ? faker.company.name() : undefined
    const channel = weighted(prng, CHANNEL_WEIGHTS)
    const typeWeights = CHANNEL_MESSAGE_TYPES[channel - 1] ?? [["TYPE_SMS", 1] as const]
    const count = counts[i] ?? 0
    const blast = blastOf[i]
    const newest = blast?.time ?? EPOCH + 60 * DAY + prng.int(150 * DAY)
    const meanGap = Math.min(2 * DAY, Math.max(MINUTE, Math.floor((90 * DAY) / Math.max(1, count))))

    const messages: Array<StoredMessage> = []
    let time = newest
    for (let m = 0; m < count; m++) {
      if (m > 0) time -= MINUTE + Math.floor(-Math.log(1 - prng.float()) * meanGap)
      const isBlast = m === 0 && blast !== undefined
      let messageType = isBlast
        ? plan.blastAction === "automated" ? "TYPE_CAMPAIGN_SMS" : "TYPE_SMS"
        : weighted(prng, typeWeights)
      const automatedType = messageType === "TYPE_CAMPAIGN_SMS"
      const direction: Direction = isBlast || automatedType || prng.chance(0.55) ? "outbound" : "inbound"
      let source: string | undefined
      let userId: string | undefined
      if (direction === "outbound") {
        if (isBlast) {
          source = plan.blastAction === "automated" ? "campaign" : "bulk_actions"
          userId = plan.blastAction === "manual" ? prng.pick(userIds) : undefined
        } else if (automatedType) {
          source = "campaign"
        } else if (prng.chance(0.7)) {
          source = "app"
          userId = prng.pick(userIds)
        } else {
          source = prng.pick(AUTOMATED_SOURCES)
        }
      }
      if (messageType === "TYPE_CALL" && direction === "outbound" && source !== "app") messageType = "TYPE_SMS"
      const mid = Prng.id(prng)
      let body: string | undefined
      let contentType = "text/plain"
      let status: string | undefined
      let call: StoredMessage["call"]
      let emailMessageIds: Array<string> | undefined
      let attachments = NO_ATTACHMENTS
      switch (messageType) {
        case "TYPE_CALL": {
          const callStatus = weighted(prng, direction === "inbound" ? INBOUND_CALL : OUTBOUND_CALL)
          call = { duration: callStatus === "completed" ? 10 + prng.int(900) : 0, status: callStatus }
          status = "completed"
          break
        }
        case "TYPE_EMAIL": {
          contentType = "text/html"
          body = prng.pick(texts.email)
          emailMessageIds = Array.from({ length: 1 + prng.int(3) }, () => Prng.id(prng))
          status = direction === "inbound" ? "delivered" : weighted(prng, OUTBOUND_EMAIL)
          break
        }
        default: {
          body = isBlast
            ? blast.body
            : prng.chance(0.3)
            ? `${prng.pick(texts.greetings)} ${firstName}, ${prng.pick(texts.sms)}`
            : prng.pick(texts.sms)
          status = direction === "inbound" ? "delivered" : weighted(prng, OUTBOUND_TEXT)
          if (prng.chance(0.04)) {
            attachments = [`https://storage.googleapis.com/msgsndr/${locationId}/media/${Prng.id(prng)}.jpeg`]
          }
        }
      }
      messages.push({
        id: mid,
        conversationId: id,
        locationId,
        contactId,
        messageType,
        type: typeNumber(messageType),
        direction,
        dateAdded: time,
        contentType,
        body,
        status,
        attachments,
        source,
        userId,
        conversationProviderId: messageType === "TYPE_SMS" || messageType === "TYPE_CALL" ? providerId : undefined,
        call,
        emailMessageIds,
        position: m
      })
    }

    const head = messages[0]
    const lastManual = messages.find((m) =>
      m.direction === "outbound" && (m.source === "app" || m.source === "bulk_actions")
    )
    const lastOutbound = messages.find((m) => m.direction === "outbound")
    const oldest = messages[messages.length - 1]?.dateAdded ?? newest
    const dateAdded = oldest - prng.int(2 * HOUR)
    let leadingInbound = 0
    while (messages[leadingInbound]?.direction === "inbound") leadingInbound++
    const unreadCount = leadingInbound > 0 && prng.chance(0.7) ? leadingInbound : 0
    const assignedTo = prng.chance(0.7) ? prng.pick(userIds) : undefined
    const followers = [...new Set(Array.from({ length: prng.int(3) }, () => prng.pick(userIds)))].sort()
    const mentions = prng.chance(0.08) ? [prng.pick(userIds)] : []
    const tags = [...new Set(Array.from({ length: prng.int(4) }, () => prng.pick(TAGS)))].sort()
    const lastMessageBody = head?.body ?? ""
    conversations.push({
      id,
      locationId,
      contactId,
      fullName,
      contactName: fullName.toLowerCase(),
      email,
      phone,
      companyName,
      tags,
      channel,
      assignedTo,
      followers,
      mentions,
      starred: prng.chance(0.12),
      inbox: prng.chance(0.95),
      deleted: false,
      unreadCount,
      dateAdded,
      dateUpdated: (head?.dateAdded ?? dateAdded) + prng.int(5 * MINUTE),
      lastMessageDate: head?.dateAdded ?? dateAdded,
      lastManualMessageDate: lastManual?.dateAdded,
      lastMessageBody,
      lastMessageType: head?.messageType,
      lastMessageDirection: head?.direction,
      lastOutboundMessageAction: lastOutbound === undefined
        ? undefined
        : lastOutbound.source === "app" || lastOutbound.source === "bulk_actions"
        ? "manual"
        : "automated",
      searchText: `${fullName}\n${fullName.toLowerCase()}\n${email}\n${phone}\n${lastMessageBody}`.toLowerCase()
    })
    allMessages.push(messages)
  }

  return {
    location: {
      locationId,
      companyId,
      name,
      userIds,
      tokens,
      refreshToken,
      authorizationCode,
      conversations,
      orderings: {
        last_message_date: ordering(conversations, "last_message_date"),
        last_manual_message_date: ordering(conversations, "last_manual_message_date")
      }
    },
    messages: allMessages
  }
}

/**
 * Generates the whole data set of a plan. Pure: the same seed and plan give the same data.
 *
 * @internal
 */
export const generate = (seed: number, plan: MockScenario.Plan): Dataset => {
  const faker = new Faker({ locale: [en_US, en, base] })
  const locations: Array<StoredLocation> = []
  const conversationById = new Map<string, StoredConversation>()
  const messagesByConversation = new Map<string, ReadonlyArray<StoredMessage>>()
  const messageById = new Map<string, StoredMessage>()
  let messageCount = 0
  plan.locations.forEach((locationPlan, index) => {
    const { location, messages } = generateLocation(seed, index, locationPlan, faker)
    locations.push(location)
    location.conversations.forEach((conversation, i) => {
      if (conversationById.has(conversation.id)) throw new Error(`duplicate conversation id ${conversation.id}`)
      conversationById.set(conversation.id, conversation)
      const list = messages[i] ?? []
      messagesByConversation.set(conversation.id, list)
      for (const message of list) {
        if (messageById.has(message.id)) throw new Error(`duplicate message id ${message.id}`)
        messageById.set(message.id, message)
      }
      messageCount += list.length
    })
  })
  return {
    seed,
    scenario: plan.name,
    locations,
    locationById: new Map(locations.map((l) => [l.locationId, l])),
    conversationById,
    messagesByConversation,
    messageById,
    conversationCount: conversationById.size,
    messageCount
  }
}
