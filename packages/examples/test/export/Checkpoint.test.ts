import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Checkpoint from "../../src/export/Checkpoint.js"
import * as Counts from "../../src/export/Counts.js"

// Reading a journal is pure: what a killed process can leave behind, and what each state means on resume.

const fingerprint: Checkpoint.Fingerprint = {
  output: "/tmp/out.ndjson",
  strategy: "conversations",
  filters: { locationId: "loc1", status: "unread" },
  messageTypes: null,
  limit: null
}
const header = JSON.stringify({ version: 1, export: fingerprint }) + "\n"
const commit = (conversationId: string, bytes: number, sms: number) =>
  JSON.stringify({ conversationId, bytes, counts: [["TYPE_SMS", "inbound", sms]] }) + "\n"

const endpointPrint: Checkpoint.Fingerprint = { ...fingerprint, strategy: "endpoint", filters: { locationId: "loc1" } }
const endpointHeader = JSON.stringify({ version: 1, export: endpointPrint }) + "\n"
const page = (walk: string, cursor: string | null, bytes: number, n: number) =>
  JSON.stringify({ walk, cursor, bytes, counts: [["TYPE_SMS", "inbound", n]] }) + "\n"

const resumedOf = (text: string) =>
  Either.getOrThrow(Checkpoint.read(text, fingerprint, "/tmp/out.checkpoint")).pipe(Option.getOrThrow)

describe("Checkpoint.read", () => {
  it("reads a journal without a complete header as no checkpoint at all (killed while creating it)", () => {
    for (const text of ["", "{\"version\":1,\"exp", header.trimEnd()]) {
      expect(Checkpoint.read(text, fingerprint, "c")).toEqual(Either.right(Option.none()))
    }
  })

  it("reads every complete commit, adding up the counts and keeping the last length", () => {
    const text = header + commit("a", 100, 2) + commit("b", 250, 3)
    const resumed = resumedOf(text)
    expect([...resumed.completed]).toEqual(["a", "b"])
    expect(resumed.bytes).toBe(250)
    expect(Counts.rows(resumed.counts)).toEqual([["TYPE_SMS", "inbound", 5]])
    expect(resumed.journalLength).toBe(Buffer.byteLength(text))
  })

  it("stops at a torn last line, and at the first complete line that is not a commit", () => {
    const kept = header + commit("a", 100, 2)
    expect(resumedOf(kept + "{\"conversationId\":\"b\",\"by").journalLength).toBe(Buffer.byteLength(kept))
    const garbled = resumedOf(kept + "not json\n" + commit("c", 300, 1))
    expect([...garbled.completed]).toEqual(["a"])
    expect(garbled.journalLength).toBe(Buffer.byteLength(kept))
  })

  it("counts bytes, not characters, in the journal's length", () => {
    const text = header + commit("ünïcode", 100, 1)
    expect(resumedOf(text).journalLength).toBe(Buffer.byteLength(text))
    expect(resumedOf(text).journalLength).toBeGreaterThan(text.length)
  })

  it("refuses the journal of another export, whatever the key order of its filters", () => {
    const other = Checkpoint.read(header, { ...fingerprint, limit: 5 }, "/tmp/out.checkpoint")
    expect(Either.isLeft(other) && other.left.reason).toBe("CheckpointMismatch")
    expect(Either.isLeft(other) && other.left.detail).toContain("/tmp/out.checkpoint belongs to another export")
    const reordered = { ...fingerprint, filters: { status: "unread", locationId: "loc1" } }
    expect(Either.isRight(Checkpoint.read(header, reordered, "c"))).toBe(true)
  })

  it("reads a page commit as where its walk goes on: the last cursor of each walk, null once complete", () => {
    const text = endpointHeader + page("messages", "c1", 100, 500) + page("messages", null, 150, 20) +
      page("emails", "e1", 400, 500)
    const resumed = Either.getOrThrow(Checkpoint.read(text, endpointPrint, "c")).pipe(Option.getOrThrow)
    expect([...resumed.walks]).toEqual([["messages", null], ["emails", "e1"]])
    expect([...resumed.walkMessages]).toEqual([["messages", 520], ["emails", 500]])
    expect(resumed.bytes).toBe(400)
    expect(resumed.completed.size).toBe(0)
  })

  it("stops at a page commit whose cursor is not a cursor (blank, not a string), or whose walk is unknown", () => {
    const kept = endpointHeader + page("messages", "c1", 100, 500)
    const numeric = JSON.stringify({ walk: "messages", cursor: 7, bytes: 200, counts: [] }) + "\n"
    const bads = [
      page("messages", "", 200, 500),
      page("messages", "  c2 ", 200, 500),
      page("sms", "c2", 200, 1),
      numeric
    ]
    for (const bad of bads) {
      const resumed = Either.getOrThrow(Checkpoint.read(kept + bad + page("emails", null, 300, 1), endpointPrint, "c"))
        .pipe(Option.getOrThrow)
      expect([...resumed.walks]).toEqual([["messages", "c1"]])
      expect(resumed.journalLength).toBe(Buffer.byteLength(kept))
    }
  })

  it("refuses a file whose first line is not a journal header: it is not a checkpoint, and is left alone", () => {
    for (const first of ["not json\n", "{\"id\":\"msg1\",\"body\":\"an NDJSON export\"}\n", "{\"version\":2}\n"]) {
      const result = Checkpoint.read(first + commit("a", 100, 1), fingerprint, "/tmp/x.checkpoint")
      expect(Either.isLeft(result) && result.left.reason).toBe("CheckpointUnreadable")
      expect(Either.isLeft(result) && result.left.detail).toContain("/tmp/x.checkpoint is not an export checkpoint")
    }
  })

  it("reads a journal written before strategies existed as one of the conversations strategy", () => {
    const old = JSON.stringify({ version: 1, export: { ...fingerprint, strategy: undefined } }) + "\n"
    expect(old).not.toContain("strategy")
    expect(Either.isRight(Checkpoint.read(old, fingerprint, "c"))).toBe(true)
    const other = Checkpoint.read(old, { ...fingerprint, strategy: "endpoint" }, "c")
    expect(Either.isLeft(other) && other.left.detail).toContain("strategy conversations")
  })
})
