/**
 * Realistic wire bodies for the benchmarks, generated deterministically (same seed, same bytes) so every run and
 * every contender sees identical payloads. Field names, shapes and value kinds follow the project's API notes (the
 * wrapped messages page, `meta.call`, ISO dates on messages, epoch-ms dates and `sort` on search documents,
 * `traceId` on bodies); the values are made up.
 *
 * @since 0.1.0
 */

/**
 * A small deterministic PRNG (mulberry32): fixtures must not change between runs.
 */
const prng = (seed: number): () => number => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// HighLevel ids are 20 alphanumeric characters (e.g. `ve9EPM428h8vShlRW1KT`).
const makeId = (random: () => number, length = 20): string => {
  let id = ""
  for (let i = 0; i < length; i++) id += alphabet[Math.floor(random() * alphabet.length)] ?? "A"
  return id
}

const pick = <A>(random: () => number, values: ReadonlyArray<A>, fallback: A): A =>
  values[Math.floor(random() * values.length)] ?? fallback

const smsBodies = [
  "Hi, thanks for reaching out! Your appointment is confirmed for Tuesday at 3pm. Reply STOP to opt out.",
  "Can we move the call to tomorrow morning? Something came up this afternoon.",
  "Great, I just sent over the invoice. Let me know if you have any questions about the line items.",
  "Reminder: your free consultation is coming up. Reply YES to confirm or call us to reschedule.",
  "Thanks! Received.",
  "Hey, just following up on the quote from last week - are you still interested in moving forward?"
]

const emailBodies = [
  "<p>Hi Jane,</p><p>Attached is the proposal we discussed. The pricing is valid for 30 days.</p><p>Best,<br>Sam</p>",
  "<p>Hello,</p><p>Your order #48213 has shipped and should arrive within 3-5 business days.</p>",
  "<div>Thanks for signing up! Here is everything you need to get started with your new account.</div>"
]

/**
 * The ids that tie a set of messages together.
 *
 * @since 0.1.0
 * @category models
 */
export interface Owner {
  readonly locationId: string
  readonly contactId: string
  readonly conversationId: string
}

/**
 * One message as the API sends it: SMS (70 %), calls with `meta.call` (15 %, inbound ones without `userId`, none
 * with a `body`) and emails with `meta.email` (15 %).
 */
const message = (random: () => number, owner: Owner, id: string, dateMillis: number): object => {
  const roll = random()
  const direction = random() < 0.5 ? "inbound" : "outbound"
  const dateAdded = new Date(dateMillis).toISOString()
  const dateUpdated = new Date(dateMillis + 1200).toISOString()
  const userId = "Rm1gW0zN0hXk5pQ7uV2a"
  const common = {
    id,
    locationId: owner.locationId,
    contactId: owner.contactId,
    conversationId: owner.conversationId,
    dateAdded,
    dateUpdated,
    direction
  }
  if (roll < 0.15) {
    const duration = Math.floor(random() * 600)
    return {
      ...common,
      type: 1,
      messageType: "TYPE_CALL",
      status: "completed",
      contentType: "text/plain",
      attachments: [],
      meta: { call: { duration, status: duration === 0 ? "no-answer" : "completed" } },
      source: "app",
      ...(direction === "outbound" ? { userId } : {}),
      conversationProviderId: "cI08i1Bls3iTB9bKgFJh",
      altId: `CA${makeId(random, 32)}`
    }
  }
  if (roll < 0.3) {
    return {
      ...common,
      type: 3,
      messageType: "TYPE_EMAIL",
      status: pick(random, ["delivered", "opened", "clicked"], "delivered"),
      contentType: "text/html",
      body: pick(random, emailBodies, ""),
      attachments: random() < 0.3 ? ["https://example.invalid/files/proposal.pdf"] : [],
      meta: { email: { messageIds: [makeId(random)] } },
      source: "workflow",
      userId
    }
  }
  return {
    ...common,
    type: 2,
    messageType: "TYPE_SMS",
    status: pick(random, ["delivered", "sent", "read"], "delivered"),
    contentType: "text/plain",
    body: pick(random, smsBodies, ""),
    attachments: [],
    source: direction === "inbound" ? "app" : pick(random, ["app", "workflow", "api"], "app"),
    ...(direction === "outbound" ? { userId } : {}),
    conversationProviderId: "cI08i1Bls3iTB9bKgFJh",
    altId: `SM${makeId(random, 32)}`
  }
}

/**
 * A wrapped messages page (`{ messages: { lastMessageId, nextPage, messages }, traceId }`, API-NOTES D1) of `count`
 * messages, newest first. Message ids are `${idPrefix}${i}`, so callers can make them unique per page.
 *
 * @since 0.1.0
 * @category constructors
 */
export const messagesPage = (options: {
  readonly seed: number
  readonly owner: Owner
  readonly idPrefix: string
  readonly count: number
  readonly nextPage: boolean
  readonly traceId: string
}): object => {
  const random = prng(options.seed)
  const newest = Date.UTC(2024, 2, 27, 18, 13, 49)
  const messages = Array.from(
    { length: options.count },
    (_, i) => message(random, options.owner, `${options.idPrefix}${i}`, newest - i * 61_000)
  )
  return {
    messages: {
      lastMessageId: `${options.idPrefix}${options.count - 1}`,
      nextPage: options.nextPage,
      messages
    },
    traceId: options.traceId
  }
}

/**
 * A Get Conversation body: the documented fields plus the extras real responses carry, which the client drops.
 */
const conversation = (owner: Owner, traceId: string): object => ({
  id: owner.conversationId,
  contactId: owner.contactId,
  locationId: owner.locationId,
  deleted: false,
  inbox: true,
  type: 1,
  unreadCount: 2,
  assignedTo: "Rm1gW0zN0hXk5pQ7uV2a",
  starred: false,
  fullName: "Jane Cooper",
  contactName: "Jane Cooper",
  email: "jane.cooper@example.com",
  phone: "+15555550123",
  lastMessageBody: "Can we move the call to tomorrow morning? Something came up this afternoon.",
  lastMessageType: "TYPE_SMS",
  lastMessageDate: 1711563229000,
  dateAdded: 1709290800000,
  dateUpdated: 1711563229000,
  tags: ["lead", "newsletter"],
  traceId
})

/**
 * A search document (API-NOTES D5): many more fields than documented, epoch-ms dates and `sort: [n]`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const conversationSummary = (owner: Owner, sortValue: number): object => ({
  id: owner.conversationId,
  contactId: owner.contactId,
  locationId: owner.locationId,
  lastMessageBody: "Thanks! Received.",
  lastMessageType: "TYPE_SMS",
  type: "TYPE_PHONE",
  unreadCount: 0,
  fullName: "Jane Cooper",
  contactName: "Jane Cooper",
  email: "jane.cooper@example.com",
  phone: "+15555550123",
  dateAdded: 1709290800000,
  dateUpdated: sortValue,
  lastMessageDate: sortValue,
  lastManualMessageDate: sortValue,
  lastMessageDirection: "inbound",
  lastOutboundMessageAction: "manual",
  inbox: true,
  starred: false,
  assignedTo: "Rm1gW0zN0hXk5pQ7uV2a",
  followers: ["Rm1gW0zN0hXk5pQ7uV2a"],
  mentions: [],
  tags: ["lead"],
  companyName: "Cooper Plumbing",
  isLastMessageInternalComment: false,
  sort: [sortValue]
})

/**
 * The ids of the benchmarks' fixed conversation.
 *
 * @since 0.1.0
 * @category constants
 */
export const fixedOwner: Owner = {
  locationId: "ve9EPM428h8vShlRW1KT",
  contactId: "9VEmS0si86GW6gXWU89b",
  conversationId: "tDtDnQdgm2LXpyiqYvZ6"
}

/**
 * The bodies the per-request benchmark serves: one Get Conversation, one 100-message page and one Send Message
 * answer, as strings.
 *
 * @since 0.1.0
 * @category constants
 */
export const fixedBodies = (): {
  readonly conversation: string
  readonly page100: string
  readonly sent: string
} => ({
  sent: JSON.stringify({
    conversationId: fixedOwner.conversationId,
    messageId: "Snt7hQk2LpZ3vB9xW001",
    status: "pending",
    msg: "Message queued successfully.",
    traceId: "0e4c1f7a-2b3d-4e5f-9a6b-7c8d9e0f1a2b"
  }),
  conversation: JSON.stringify(conversation(fixedOwner, "8c2f6a1e-4b7d-4f0e-9a35-2d6c1b8e7f40")),
  page100: JSON.stringify(messagesPage({
    seed: 42,
    owner: fixedOwner,
    idPrefix: "Msg7hQk2LpZ3vB9xW",
    count: 100,
    nextPage: true,
    traceId: "3b9e1c47-0d2a-4e6f-8b15-7a4c9d2e6f13"
  }))
})
