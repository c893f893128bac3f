/**
 * The texts of one location's messages: everyday SMS/chat lines and HTML emails, written by Faker from the
 * location's seed so every seed reads differently.
 *
 * @since 0.1.0
 * @internal
 */
import type { Faker } from "@faker-js/faker"

/** @internal */
export interface Texts {
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

/** @internal */
export const makeTexts = (faker: Faker): Texts => ({
  sms: Array.from({ length: 240 }, (_, i) => (LINES[i % LINES.length] ?? (() => "Hi"))(faker)),
  email: Array.from(
    { length: 60 },
    () =>
      `<div><p>Hello,</p><p>${faker.hacker.phrase()} ${faker.company.catchPhrase()}.</p><p>${faker.hacker.phrase()}</p>` +
      `<p>Best regards,<br>${faker.person.fullName()}</p></div>`
  ),
  greetings: ["Hi", "Hello", "Hey", "Good morning", "Thanks"]
})
