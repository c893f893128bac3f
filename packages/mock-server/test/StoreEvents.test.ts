import { describe, expect, it } from "@effect/vitest"
import { getResponse } from "msw"
import { makeInstance } from "../src/internal/instance.js"
import type { StoreEvent } from "../src/internal/store/events.js"
import { DEFAULT_LIMITS } from "../src/internal/store/files.js"

const instance = () =>
  makeInstance({
    settings: { seed: 42, scenario: "default", sizes: {}, rateLimit: false, messagesShape: "wrapped" },
    versions: ["2021-04-15"],
    now: () => Date.UTC(2025, 0, 1),
    journalLimit: 100,
    oauth: { clientId: "id", clientSecret: "secret" },
    baseUrl: undefined,
    controlToken: undefined,
    uploadLimits: DEFAULT_LIMITS
  })

const request = (i: ReturnType<typeof instance>, path: string, method: string, body: unknown) =>
  new Request(`http://mock.local${path}`, {
    method,
    headers: {
      authorization: `Bearer ${i.credentials().token}`,
      version: "2021-04-15",
      "content-type": "application/json"
    },
    body: JSON.stringify(body)
  })

describe("store change events", () => {
  it("each committed write reaches subscribers as a typed record with the stored objects, in commit order", async () => {
    const i = instance()
    const seen: Array<StoreEvent> = []
    const unsubscribe = i.events.subscribe((e) => seen.push(e))
    const location = i.locations()[0]
    const id = location?.conversationIds[0] ?? ""
    const mock = { fetch: (r: Request) => getResponse([...i.handlers], r) }
    await mock.fetch(request(i, `/conversations/${id}`, "PUT", { locationId: location?.locationId, starred: true }))
    await mock.fetch(request(i, `/conversations/${id}`, "DELETE", {}))
    expect(seen.map((e) => e._tag)).toEqual(["conversationUpdated", "conversationDeleted"])
    const [updated, deleted] = seen
    expect(updated?._tag === "conversationUpdated" && updated.conversation.starred).toBe(true)
    expect(updated?._tag === "conversationUpdated" && updated.previous.id).toBe(id)
    expect(deleted?._tag === "conversationDeleted" && deleted.conversation.deleted).toBe(true)
    i.control.reset()
    expect(seen.at(-1)?._tag).toBe("storeReset")
    unsubscribe()
    i.control.reset()
    expect(seen).toHaveLength(3)
  })
})
