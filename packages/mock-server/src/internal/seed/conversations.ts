/**
 * One seeded conversation: its contact (Faker), its channel, its messages (`messages.ts`), then what the
 * conversation says about them (last message, unread count, assignment, followers, tags…). The order of the
 * generator's draws is part of the data.
 *
 * @since 0.1.0
 * @internal
 */
import type { Faker } from "@faker-js/faker"
import type { StoredConversation, StoredMessage } from "../model.js"
import * as Prng from "../prng.js"
import { type Blast, messagesOf, type Thread } from "./messages.js"
import { DAY, EPOCH, HOUR, MINUTE, weighted } from "./random.js"

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

/** What the conversations of one location share. @internal */
export type Place = Pick<Thread, "locationId" | "userIds" | "providerId" | "texts" | "blastAction">

interface Contact {
  readonly id: string
  readonly contactId: string
  readonly firstName: string
  readonly fullName: string
  readonly email: string
  readonly phone: string
  readonly companyName: string | undefined
  readonly channel: number
}

const contactOf = (prng: Prng.Prng, faker: Faker): Contact => {
  const id = Prng.id(prng)
  const contactId = Prng.id(prng)
  const firstName = faker.person.firstName()
  const lastName = faker.person.lastName()
  const email = faker.internet.email({ firstName, lastName }).toLowerCase()
  const phone = faker.phone.number({ style: "international" })
  const companyName = prng.chance(0.4) ? faker.company.name() : undefined
  const channel = weighted(prng, CHANNEL_WEIGHTS)
  return { id, contactId, firstName, fullName: `${firstName} ${lastName}`, email, phone, companyName, channel }
}

const isManual = (m: StoredMessage) => m.source === "app" || m.source === "bulk_actions"

/** The conversation as its messages (newest first) leave it. */
const conversationOf = (
  prng: Prng.Prng,
  place: Place,
  contact: Contact,
  messages: ReadonlyArray<StoredMessage>,
  newest: number
): StoredConversation => {
  const { fullName } = contact
  const { userIds } = place
  const head = messages[0]
  const lastManual = messages.find((m) => m.direction === "outbound" && isManual(m))
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
  return {
    id: contact.id,
    locationId: place.locationId,
    contactId: contact.contactId,
    fullName,
    contactName: fullName.toLowerCase(),
    email: contact.email,
    phone: contact.phone,
    companyName: contact.companyName,
    tags,
    channel: contact.channel,
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
    lastOutboundMessageAction: lastOutbound === undefined ? undefined : isManual(lastOutbound) ? "manual" : "automated",
    searchText: `${fullName}\n${fullName.toLowerCase()}\n${contact.email}\n${contact.phone}\n${lastMessageBody}`
      .toLowerCase()
  }
}

/** One conversation of `count` messages, the newest from `blast` when it belongs to one. @internal */
export const generateConversation = (
  prng: Prng.Prng,
  faker: Faker,
  place: Place,
  count: number,
  blast: Blast | undefined
): { readonly conversation: StoredConversation; readonly messages: Array<StoredMessage> } => {
  const contact = contactOf(prng, faker)
  const newest = blast?.time ?? EPOCH + 60 * DAY + prng.int(150 * DAY)
  const messages = messagesOf(prng, {
    ...place,
    conversationId: contact.id,
    contactId: contact.contactId,
    firstName: contact.firstName,
    typeWeights: CHANNEL_MESSAGE_TYPES[contact.channel - 1] ?? [["TYPE_SMS", 1] as const],
    blast,
    newest,
    count
  })
  return { conversation: conversationOf(prng, place, contact, messages, newest), messages }
}
