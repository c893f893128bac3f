/**
 * One seeded location: its identity and tokens, how its messages spread over its conversations, which
 * conversations end with a bulk send, and the conversations themselves with their keyset orderings.
 *
 * @since 0.1.0
 * @internal
 */
import type { Faker } from "@faker-js/faker"
import type * as MockScenario from "../../MockScenario.js"
import type { StoredContact, StoredConversation, StoredLocation, StoredMessage } from "../model.js"
import * as Prng from "../prng.js"
import { generateConversation, type Place } from "./conversations.js"
import type { Blast } from "./messages.js"
import { ordering } from "./ordering.js"
import { DAY, EPOCH, spread, uuidLike } from "./random.js"
import { makeTexts } from "./texts.js"

/** A location and the messages of each of its conversations (same index). */
interface LocationOutput {
  readonly location: StoredLocation
  readonly messages: ReadonlyArray<ReadonlyArray<StoredMessage>>
}

/** Bulk sends: groups of conversations whose newest message has the same timestamp (ties in search order). */
const blastsOf = (
  prng: Prng.Prng,
  n: number,
  plan: MockScenario.LocationPlan,
  texts: ReadonlyArray<string>
): Array<Blast | undefined> => {
  const blastOf = new Array<Blast | undefined>(n)
  const blasted = Math.min(n, Math.round(n * plan.blastShare))
  for (let i = 0; i < blasted;) {
    const size = Math.min(blasted - i, 2 + prng.int(Math.max(1, plan.blastGroupMax - 1)))
    const blast = { time: EPOCH + 60 * DAY + prng.int(150 * DAY), body: prng.pick(texts) }
    for (let j = 0; j < size; j++) blastOf[i + j] = blast
    i += size
  }
  return blastOf
}

/** Contacts without a conversation: a tenth of the conversations, at least 3. */
const extraContactsOf = (conversations: number) => Math.max(3, Math.ceil(conversations / 10))

/**
 * The location's contact directory: each conversation's contact, then contacts without a conversation. The extra
 * ones come from their own generator stream and Faker seed, drawn after everything else, so adding the directory
 * changed no seeded id or body.
 */
const contactsOf = (
  seed: number,
  index: number,
  locationId: string,
  conversations: ReadonlyArray<StoredConversation>,
  faker: Faker
): ReadonlyMap<string, StoredContact> => {
  const contacts = new Map<string, StoredContact>()
  for (const c of conversations) {
    contacts.set(c.contactId, {
      id: c.contactId,
      locationId,
      fullName: c.fullName,
      email: c.email,
      phone: c.phone,
      companyName: c.companyName
    })
  }
  const prng = Prng.make(seed ^ 0x00c0ffee, index)
  faker.seed(Prng.hash2(seed ^ 0x00c0ffee, index))
  for (let i = extraContactsOf(conversations.length); i > 0; i--) {
    const id = Prng.id(prng)
    const firstName = faker.person.firstName()
    const lastName = faker.person.lastName()
    contacts.set(id, {
      id,
      locationId,
      fullName: `${firstName} ${lastName}`,
      email: faker.internet.email({ firstName, lastName }).toLowerCase(),
      phone: faker.phone.number({ style: "international" }),
      companyName: undefined
    })
  }
  return contacts
}

/**
 * Location `index` of the seed: its own generator stream and Faker seed, so other locations never shift it.
 *
 * @internal
 */
export const generateLocation = (
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

  const counts = spread(prng, plan.conversations, plan.messages)
  const blasts = blastsOf(prng, plan.conversations, plan, texts.sms)
  const place: Place = { locationId, userIds, providerId, texts, blastAction: plan.blastAction }
  const conversations: Array<StoredConversation> = []
  const messages: Array<Array<StoredMessage>> = []
  for (let i = 0; i < plan.conversations; i++) {
    const generated = generateConversation(prng, faker, place, counts[i] ?? 0, blasts[i])
    conversations.push(generated.conversation)
    messages.push(generated.messages)
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
      providerId,
      contacts: contactsOf(seed, index, locationId, conversations, faker),
      conversations,
      orderings: {
        last_message_date: ordering(conversations, "last_message_date"),
        last_manual_message_date: ordering(conversations, "last_manual_message_date")
      }
    },
    messages
  }
}
