/**
 * Decoding the events: the examples of HighLevel's event docs (copied here, CC0), the real-traffic extras, and what
 * happens to odd input: an unknown type is an UnknownEvent, never a failure; a known type without its required
 * `locationId` fails naming the field.
 */
import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as WebhookEvent from "../../src/WebhookEvent.js"

const decoded = (json: unknown) => Either.getOrThrow(WebhookEvent.decode(json))

describe("WebhookEvent.decode", () => {
  it("InboundMessage (docs example, SMS) with the real-traffic fields", () => {
    const event = decoded({
      type: "InboundMessage",
      locationId: "l1C08ntBrFjLS0elLIYU",
      attachments: [],
      body: "This is a test message",
      contactId: "cI08i1Bls3iTB9bKgFJh",
      contentType: "text/plain",
      conversationId: "fcanlLgpbQgQhderivVs",
      dateAdded: "2021-04-21T11:31:45.750Z",
      direction: "inbound",
      messageType: "SMS",
      status: "delivered",
      conversationProviderId: "cI08i1Bls3iTB9bKgF01",
      webhookId: "9c1f7c5e",
      timestamp: "2025-01-28T14:35:00Z",
      versionId: "v1",
      appId: "app1",
      messageTypeId: 2,
      messageTypeString: "TYPE_CUSTOM_PROVIDER_SMS",
      somethingNew: { kept: false }
    })
    expect(event).toBeInstanceOf(WebhookEvent.InboundMessage)
    expect(event).toMatchObject({ body: "This is a test message", webhookId: "9c1f7c5e", messageTypeId: 2 })
    expect(event.timestamp && DateTime.formatIso(event.timestamp)).toBe("2025-01-28T14:35:00.000Z")
    expect("somethingNew" in event).toBe(false)
  })

  it("OutboundMessage (docs examples: a call with callDuration, an email with `to` as an array)", () => {
    const call = decoded({
      type: "OutboundMessage",
      locationId: "0d48aEf7q67DAu134bpy",
      attachments: ["call recording url"],
      direction: "outbound",
      messageType: "CALL",
      callDuration: "120",
      callStatus: "completed",
      body: null
    })
    expect(call).toMatchObject({ callDuration: 120, callStatus: "completed", messageType: "CALL" })
    expect("body" in call).toBe(false)
    const email = decoded({
      type: "OutboundMessage",
      locationId: "kF4NJ5gzRyQF2gKFD34G",
      messageType: "Email",
      emailMessageId: "sddfDSF3G56GHG",
      from: "Internal Notify <sample@email.service>",
      threadId: "sddfDSF3G56GHG",
      subject: "Order Confirmed",
      to: ["example@email.com"],
      cc: "a@example.com",
      source: "app"
    })
    expect(email).toMatchObject({ to: ["example@email.com"], cc: ["a@example.com"], subject: "Order Confirmed" })
  })

  it("ConversationUnreadUpdate, LCEmailStats and ProviderOutboundMessage (docs examples)", () => {
    expect(decoded({
      type: "ConversationUnreadUpdate",
      locationId: "ADVlSQnPsdq3hinusd6C3",
      id: "MzKIpg0rEIH2ZUGKf6BS",
      contactId: "zsYhPBOUsEHtrK508Wm9",
      deleted: false,
      inbox: false,
      starred: true,
      unreadCount: 0
    })).toBeInstanceOf(WebhookEvent.ConversationUnreadUpdate)
    const stats = decoded({
      type: "LCEmailStats",
      locationId: "ve9EPM428h8vShlRW1KT",
      companyId: "ve9EPM428h8vShlRW1KT",
      webhookPayload: { event: "delivered", id: "x", timestamp: 1714032441, "log-level": "info" }
    })
    expect(stats).toMatchObject({ webhookPayload: { event: "delivered", "log-level": "info" } })
    const provider = decoded({
      contactId: "GKBhT6BfwY9mjzXAU3sq",
      locationId: "GKAWb4yu7A4LSc0skQ6g",
      messageId: "GKJxs4P5L8dWc5CFUITM",
      type: "SMS",
      phone: "+15864603685",
      message: "The text message to be sent to the contact",
      attachments: [],
      userId: "GK56r6wdJDrkUPd0xsmx"
    })
    expect(provider).toBeInstanceOf(WebhookEvent.ProviderOutboundMessage)
  })

  it("an unknown type, or an unknown messageType/direction, decodes; the unknown event keeps the whole payload", () => {
    const payload = { type: "ContactTagUpdate", locationId: "l1", tags: ["a"], webhookId: "w" }
    const unknown = decoded(payload)
    expect(unknown).toBeInstanceOf(WebhookEvent.UnknownEvent)
    expect(unknown).toMatchObject({ type: "ContactTagUpdate", webhookId: "w", payload })
    expect(decoded({ type: "InboundMessage", locationId: "l", messageType: "TikTok", direction: "sideways" }))
      .toMatchObject({ messageType: "TikTok", direction: "sideways" })
  })

  it("fails, naming the field, on a known type without locationId, a non-string type, or a non-object", () => {
    const issues = (json: unknown) =>
      Either.match(WebhookEvent.decode(json), { onLeft: (e) => e.issues.join(" "), onRight: () => "decoded" })
    expect(issues({ type: "InboundMessage" })).toMatch(/locationId/)
    expect(issues({ type: 7 })).toMatch(/type/)
    expect(issues([])).toMatch(/not a JSON object/)
    expect(issues({ type: "Mystery", webhookId: 5 })).toMatch(/webhookId/)
  })
})
