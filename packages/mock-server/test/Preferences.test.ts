import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockWire } from "../src/index.js"
import { callJson, decode, manualClock } from "./support.js"

const json = (method: string, body: unknown) => ({
  method,
  body: typeof body === "string" ? body : JSON.stringify(body),
  headers: { "content-type": "application/json" }
})

const setup = () => {
  const clock = manualClock(Date.UTC(2026, 5, 1))
  const mock = HighLevelMock.make({ seed: 11, conversations: 12, messagesPerConversation: 3, now: clock.now })
  const { locationId } = mock.credentials
  const other = mock.locations[1]
  if (other === undefined) throw new Error("the default scenario has a second location")
  const conversation = mock.store.conversationsOf(locationId)[0]
  if (conversation === undefined) throw new Error("no conversation")
  return { clock, mock, locationId, other, contactId: conversation.contactId, email: conversation.email }
}

const subtypesPath = (locationId: string) => `/conversations/preferences/custom-subtypes?locationId=${locationId}`

const list = async (mock: HighLevelMock.HighLevelMock, locationId: string) => {
  const res = await callJson(mock, subtypesPath(locationId))
  expect(res.status).toBe(200)
  return decode(MockWire.CustomSubtypesResponse, res.body).customSubtypes
}

describe("custom subtypes", () => {
  it("each location is seeded with an email and an sms subtype, not archived, ISO dates", async () => {
    const { locationId, mock } = setup()
    const subtypes = await list(mock, locationId)
    expect(subtypes.map((s) => [s.name, s.channel, s.archived])).toEqual([
      ["Newsletter", "email", false],
      ["Promotions", "sms", false]
    ])
    for (const s of subtypes) expect(new Date(s.dateUpdated).toISOString()).toBe(s.dateUpdated)
  })

  it("create answers 201 with the subtype, which the list then shows last; dates come from the mock's clock", async () => {
    const { clock, locationId, mock } = setup()
    clock.advance(5_000)
    const res = await callJson(
      mock,
      subtypesPath(locationId),
      json("POST", { name: "Webinars", description: "Invitations", channel: "email", language: "en" })
    )
    expect(res.status).toBe(201)
    const created = decode(MockWire.CustomSubtypeResponse, res.body).customSubtype
    expect(created).toMatchObject({ name: "Webinars", channel: "email", archived: false, locationId })
    expect(created.dateAdded).toBe(new Date(Date.UTC(2026, 5, 1) + 5_000).toISOString())
    expect((await list(mock, locationId)).at(-1)).toEqual(created)
  })

  it("dates follow the mock clock the control API moves", async () => {
    const { locationId, mock } = setup()
    mock.control.setClock(Date.UTC(2031, 2, 3))
    const res = await callJson(
      mock,
      subtypesPath(locationId),
      json("POST", { name: "Later", channel: "sms", language: "fr" })
    )
    const created = decode(MockWire.CustomSubtypeResponse, res.body).customSubtype
    expect(created.dateAdded).toBe("2031-03-03T00:00:00.000Z")
    mock.control.advanceClock(60_000)
    const path = `/conversations/preferences/custom-subtypes/${created.id}?locationId=${locationId}`
    const updated = decode(
      MockWire.CustomSubtypeResponse,
      (await callJson(mock, path, json("PUT", { archived: true }))).body
    )
    expect(updated.customSubtype.dateUpdated).toBe("2031-03-03T00:01:00.000Z")
  })

  it("update renames and archives; the list reads the change back; another location's id is a 404", async () => {
    const { locationId, mock, other } = setup()
    const [newsletter] = await list(mock, locationId)
    const path = `/conversations/preferences/custom-subtypes/${newsletter?.id}?locationId=${locationId}`
    const res = await callJson(mock, path, json("PUT", { name: "Digest", archived: true }))
    expect(res.status).toBe(200)
    expect((await list(mock, locationId))[0]).toMatchObject({ id: newsletter?.id, name: "Digest", archived: true })
    const otherSubtype = decode(
      MockWire.CustomSubtypesResponse,
      (await callJson(mock, subtypesPath(other.locationId), { token: other.tokens.full })).body
    )
    const foreignId = otherSubtype.customSubtypes[0]?.id ?? ""
    const missing = await callJson(
      mock,
      `/conversations/preferences/custom-subtypes/${foreignId}?locationId=${locationId}`,
      json("PUT", { name: "X" })
    )
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ statusCode: 404, message: `Custom subtype with id ${foreignId} not found` })
  })

  it("a second subtype of the same channel and name (any case) is a 400; another channel is fine", async () => {
    const { locationId, mock } = setup()
    const dup = await callJson(
      mock,
      subtypesPath(locationId),
      json("POST", { name: "newsletter", channel: "email", language: "en" })
    )
    expect(dup.status).toBe(400)
    expect(dup.body).toMatchObject({
      statusCode: 400,
      message: "A custom subtype named newsletter already exists for channel email"
    })
    const sms = await callJson(
      mock,
      subtypesPath(locationId),
      json("POST", { name: "Newsletter", channel: "sms", language: "en" })
    )
    expect(sms.status).toBe(201)
  })

  it("bad create bodies: 422 listing each problem in class-validator's phrasing; nothing is created", async () => {
    const { locationId, mock } = setup()
    const res = await callJson(
      mock,
      subtypesPath(locationId),
      json("POST", { channel: "fax", color: "red", name: "x".repeat(101) })
    )
    expect(res.status).toBe(422)
    expect(res.body).toMatchObject({
      statusCode: 422,
      error: "Unprocessable Entity",
      message: [
        "name must be shorter than or equal to 100 characters",
        "channel must be one of the following values: email, sms",
        "language should not be empty",
        "language must be a string",
        "property color should not exist"
      ]
    })
    const missing = await callJson(mock, subtypesPath(locationId), json("POST", {}))
    expect((missing.body as { message: Array<string> }).message).toEqual([
      "name should not be empty",
      "name must be a string",
      "channel must be one of the following values: email, sms",
      "language should not be empty",
      "language must be a string"
    ])
    expect(await list(mock, locationId)).toHaveLength(2)
  })

  it("a body that is not JSON is the body parser's 400", async () => {
    const { locationId, mock } = setup()
    const res = await callJson(mock, subtypesPath(locationId), json("POST", "{name:"))
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ statusCode: 400, error: "Bad Request" })
  })

  it("update: a wrong type or unknown property is a 422 and nothing changes", async () => {
    const { locationId, mock } = setup()
    const [newsletter] = await list(mock, locationId)
    const path = `/conversations/preferences/custom-subtypes/${newsletter?.id}?locationId=${locationId}`
    const res = await callJson(mock, path, json("PUT", { archived: "yes", channel: "sms" }))
    expect(res.status).toBe(422)
    expect((res.body as { message: Array<string> }).message).toEqual([
      "archived must be a boolean value",
      "property channel should not exist"
    ])
    expect((await list(mock, locationId))[0]).toEqual(newsletter)
  })

  it("locationId: missing is a 422, another location's is a 403, an unknown query parameter is a 422", async () => {
    const { locationId, mock, other } = setup()
    const missing = await callJson(mock, "/conversations/preferences/custom-subtypes")
    expect(missing.status).toBe(422)
    expect((missing.body as { message: Array<string> }).message).toEqual([
      "locationId should not be empty",
      "locationId must be a string"
    ])
    const foreign = await callJson(mock, subtypesPath(other.locationId))
    expect(foreign.status).toBe(403)
    expect(foreign.body).toMatchObject({ message: "The token does not have access to this location." })
    const extra = await callJson(mock, `${subtypesPath(locationId)}&limit=5`)
    expect((extra.body as { message: Array<string> }).message).toEqual(["property limit should not exist"])
  })

  it("no scope is declared: a token lacking both message scopes still lists; no token is a 401", async () => {
    const { locationId, mock } = setup()
    const limited = mock.locations[0]?.tokens.withoutMessagesScope ?? ""
    expect((await callJson(mock, subtypesPath(locationId), { token: limited })).status).toBe(200)
    const anonymous = await callJson(mock, subtypesPath(locationId), { token: null })
    expect(anonymous.status).toBe(401)
  })

  it("reset restores the seeded subtypes with the same ids, and creates after it reuse the same ids", async () => {
    const { locationId, mock } = setup()
    const seeded = await list(mock, locationId)
    const body = json("POST", { name: "Webinars", channel: "email", language: "en" })
    const first = await callJson(mock, subtypesPath(locationId), body)
    await callJson(
      mock,
      `/conversations/preferences/custom-subtypes/${seeded[0]?.id}?locationId=${locationId}`,
      json("PUT", { archived: true })
    )
    mock.control.reset()
    expect(await list(mock, locationId)).toEqual(seeded)
    const again = await callJson(mock, subtypesPath(locationId), body)
    expect(decode(MockWire.CustomSubtypeResponse, again.body).customSubtype.id).toBe(
      decode(MockWire.CustomSubtypeResponse, first.body).customSubtype.id
    )
  })
})

const statusPath = (locationId: string, contactId: string, email?: string) =>
  `/conversations/preferences/unsubscriptions/status?locationId=${locationId}&contactId=${contactId}${
    email === undefined ? "" : `&email=${encodeURIComponent(email)}`
  }`

const readStatuses = async (mock: HighLevelMock.HighLevelMock, path: string) =>
  decode(MockWire.UnsubscriptionStatusResponse, (await callJson(mock, path)).body)

const CHANGE = "/conversations/preferences/unsubscriptions/user-change"

describe("subscription statuses", () => {
  it("a contact starts subscribed to One on One and to each email subtype of its location (not the sms one)", async () => {
    const { contactId, email, locationId, mock } = setup()
    const res = await callJson(mock, statusPath(locationId, contactId))
    expect(res.status).toBe(200)
    const body = decode(MockWire.UnsubscriptionStatusResponse, res.body)
    expect(body.contactId).toBe(contactId)
    expect(body.statuses).toHaveLength(1)
    expect(body.statuses[0]?.email).toBe(email)
    expect(body.statuses[0]?.subscriptions.map((s) => [s.type, s.subtype_name, s.subtype_status])).toEqual([
      ["default", "One on One", "subscribed"],
      ["custom", "Newsletter", "subscribed"]
    ])
  })

  it("a contact of the directory without a conversation has statuses too", async () => {
    const { locationId, mock } = setup()
    const withConversation = new Set(mock.store.conversationsOf(locationId).map((c) => c.contactId))
    const lonely = mock.locations[0]?.contactIds.find((id) => !withConversation.has(id))
    if (lonely === undefined) throw new Error("the directory has contacts without a conversation")
    const body = await readStatuses(mock, statusPath(locationId, lonely))
    expect(body.contactId).toBe(lonely)
    expect(body.statuses).toHaveLength(1)
    expect(body.statuses[0]?.subscriptions.map((s) => s.subtype_status)).toEqual(["subscribed", "subscribed"])
  })

  it("unsubscribing from a custom subtype shows in the status read back; resubscribing needs a legal reason", async () => {
    const { contactId, email, locationId, mock } = setup()
    const [newsletter] = await list(mock, locationId)
    const change = (action: Record<string, string>, extra: Record<string, string> = {}) =>
      callJson(mock, CHANGE, json("POST", { locationId, contactId, email, subscription_action: action, ...extra }))
    const off = await change({ type: "custom", subtype_id: newsletter?.id ?? "", subtype_status: "unsubscribed" })
    expect(off.status).toBe(201)
    expect(decode(MockWire.SubscriptionChangeResponse, off.body)).toMatchObject({ success: true, contactId, email })
    const read = async () =>
      (await readStatuses(mock, statusPath(locationId, contactId))).statuses[0]?.subscriptions
        .map((s) => s.subtype_status)
    expect(await read()).toEqual(["subscribed", "unsubscribed"])
    const noReason = await change({ type: "custom", subtype_id: newsletter?.id ?? "", subtype_status: "subscribed" })
    expect(noReason.status).toBe(422)
    expect((noReason.body as { message: Array<string> }).message).toEqual(["legal_reason should not be empty"])
    expect(await read()).toEqual(["subscribed", "unsubscribed"])
    const back = await change({ type: "default", subtype_name: "One on One", subtype_status: "unsubscribed" })
    expect(back.status).toBe(201)
    expect(await read()).toEqual(["unsubscribed", "unsubscribed"])
    const all = await change({ type: "resub_all", subtype_status: "subscribed" }, { legal_reason: "Asked by phone" })
    expect(all.status).toBe(201)
    expect(await read()).toEqual(["subscribed", "subscribed"])
  })

  it("a change for another email of the contact adds that email to the statuses; ?email= picks one", async () => {
    const { contactId, email, locationId, mock } = setup()
    const res = await callJson(
      mock,
      CHANGE,
      json("POST", {
        locationId,
        contactId,
        email: "second@example.com",
        subscription_action: { type: "default", subtype_name: "One on One", subtype_status: "unsubscribed" }
      })
    )
    expect(res.status).toBe(201)
    const all = await readStatuses(mock, statusPath(locationId, contactId))
    expect(all.statuses.map((s) => s.email)).toEqual([email, "second@example.com"])
    const one = await readStatuses(mock, statusPath(locationId, contactId, "second@example.com"))
    expect(one.statuses.map((s) => [s.email, s.subscriptions[0]?.["subtype_status"]])).toEqual([
      ["second@example.com", "unsubscribed"]
    ])
  })

  it("caller errors: unknown contact 400, other location 403, unknown or archived subtype 404 / 400, bad body 422", async () => {
    const { contactId, email, locationId, mock, other } = setup()
    const body = (over: Record<string, unknown>) =>
      json("POST", {
        locationId,
        contactId,
        email,
        subscription_action: { type: "default", subtype_name: "One on One", subtype_status: "unsubscribed" },
        ...over
      })
    expect((await callJson(mock, CHANGE, body({ contactId: "NoSuchContact0000000" }))).body).toMatchObject({
      statusCode: 400,
      message: "Contact not found"
    })
    expect((await callJson(mock, statusPath(locationId, "NoSuchContact0000000"))).status).toBe(400)
    expect((await callJson(mock, CHANGE, body({ locationId: other.locationId }))).status).toBe(403)
    const unknown = await callJson(
      mock,
      CHANGE,
      body({
        subscription_action: { type: "custom", subtype_id: "NoSuchSubtype0000000", subtype_status: "unsubscribed" }
      })
    )
    expect(unknown.status).toBe(404)
    const [newsletter] = await list(mock, locationId)
    await callJson(
      mock,
      `/conversations/preferences/custom-subtypes/${newsletter?.id}?locationId=${locationId}`,
      json("PUT", { archived: true })
    )
    const archived = await callJson(
      mock,
      CHANGE,
      body({
        subscription_action: { type: "custom", subtype_id: newsletter?.id, subtype_status: "unsubscribed" }
      })
    )
    expect(archived.status).toBe(400)
    const bad = await callJson(
      mock,
      CHANGE,
      body({
        email: "not-an-email",
        subscription_action: { type: "all", subtype_status: "maybe", extra: 1 },
        channel: "email"
      })
    )
    expect(bad.status).toBe(422)
    expect((bad.body as { message: Array<string> }).message).toEqual([
      "email must be an email",
      "subscription_action.type must be one of the following values: default, custom, resub_all",
      "subscription_action.subtype_status must be one of the following values: subscribed, unsubscribed",
      "property subscription_action.extra should not exist",
      "property channel should not exist"
    ])
    const noAction = await callJson(mock, CHANGE, body({ subscription_action: undefined }))
    expect((noAction.body as { message: Array<string> }).message).toEqual([
      "nested property subscription_action must be either object or array"
    ])
    const noName = await callJson(
      mock,
      CHANGE,
      body({
        subscription_action: { type: "default", subtype_status: "unsubscribed" }
      })
    )
    expect((noName.body as { message: Array<string> }).message).toEqual([
      "subscription_action.subtype_name must be one of the following values: One on One"
    ])
  })

  it("reset forgets every change", async () => {
    const { contactId, email, locationId, mock } = setup()
    const before = await readStatuses(mock, statusPath(locationId, contactId))
    await callJson(
      mock,
      CHANGE,
      json("POST", {
        locationId,
        contactId,
        email,
        subscription_action: { type: "default", subtype_name: "One on One", subtype_status: "unsubscribed" }
      })
    )
    mock.control.reset()
    const after = await readStatuses(mock, statusPath(locationId, contactId))
    expect(after.statuses).toEqual(before.statuses)
  })
})
