import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { Options } from "../../src/export/Model.js"
import * as ExportOptions from "../../src/export/Options.js"

// Every kind of bad option fails before anything is opened, with reason InvalidOptions, the option's name in `field`
// and a one-line detail that starts with it.

const settingsOf = (options: Options) => ExportOptions.settings(options).pipe(Effect.provide(NodeContext.layer))

// Options as a caller outside TypeScript's reach could pass them (a config file, JavaScript).
const unchecked = (options: Record<string, unknown>) => options as unknown as Options

const rejection = (options: Options) =>
  Effect.map(Effect.flip(settingsOf(options)), (error) => ({
    reason: error.reason,
    field: error.field,
    detail: error.detail
  }))

describe("export options", () => {
  it.effect("fill in their defaults and resolve paths", () =>
    Effect.gen(function*() {
      const settings = yield* settingsOf({ filters: { locationId: "loc1" }, output: "out.ndjson", messageTypes: [] })
      expect(settings.concurrency).toBe(4)
      expect(settings.resume).toBe(false)
      expect(settings.limit).toBeUndefined()
      expect(settings.messageTypes).toBeUndefined() // no types means every type
      expect(Duration.toMillis(settings.progressInterval)).toBe(250)
      expect(settings.output).toBe(`${process.cwd()}/out.ndjson`)
      const stdout = yield* settingsOf({ filters: {}, output: "-", progressInterval: "1 second" })
      expect(stdout.output).toBe("-")
      expect(Duration.toMillis(stdout.progressInterval)).toBe(1000)
    }))

  it.effect("name the field of a number out of range", () =>
    Effect.gen(function*() {
      expect(yield* rejection({ filters: {}, output: "x", concurrency: 0 })).toEqual({
        reason: "InvalidOptions",
        field: "concurrency",
        detail: "concurrency: must be an integer from 1 to 32, got 0"
      })
      expect((yield* rejection({ filters: {}, output: "x", concurrency: 2.5 })).field).toBe("concurrency")
      expect(yield* rejection({ filters: {}, output: "x", limit: -1 })).toEqual({
        reason: "InvalidOptions",
        field: "limit",
        detail: "limit: must be a positive integer, got -1"
      })
    }))

  it.effect("name the field of an empty path, an unknown message type and a bad filter", () =>
    Effect.gen(function*() {
      expect(yield* rejection({ filters: {}, output: "" })).toMatchObject({ field: "output" })
      expect(yield* rejection(unchecked({ filters: {}, output: "x", messageTypes: ["TYPE_SMS", "TYPE_PIGEON"] })))
        .toEqual({
          reason: "InvalidOptions",
          field: "messageTypes[1]",
          detail: "messageTypes[1]: unknown message type \"TYPE_PIGEON\""
        })
      const status = yield* rejection(unchecked({ filters: { status: "archived" }, output: "x" }))
      expect(status.field).toBe("filters.status")
      expect(status.detail).toContain("\"unread\"")
      expect(status.detail).toContain("got \"archived\"")
      expect((yield* rejection({ filters: { contactId: "" }, output: "x" })).field).toBe("filters.contactId")
    }))

  it.effect("name the field of options that cannot work together", () =>
    Effect.gen(function*() {
      expect(yield* rejection({ filters: {}, output: "-", checkpoint: "x.checkpoint" })).toEqual({
        reason: "InvalidOptions",
        field: "checkpoint",
        detail: "checkpoint: needs an output file: standard output cannot be truncated on resume"
      })
      expect(yield* rejection({ filters: {}, output: "x", resume: true })).toEqual({
        reason: "InvalidOptions",
        field: "resume",
        detail: "resume: needs a checkpoint path"
      })
    }))

  it.effect("name the field of a bad interval or callback", () =>
    Effect.gen(function*() {
      expect((yield* rejection(unchecked({ filters: {}, output: "x", progressInterval: "soon" }))).field).toBe(
        "progressInterval"
      )
      expect(yield* rejection(unchecked({ filters: {}, output: "x", onProgress: "print" }))).toEqual({
        reason: "InvalidOptions",
        field: "onProgress",
        detail: "onProgress: must be a function"
      })
    }))

  it.effect("choose the endpoint by default, and the conversations strategy when a conversation filter needs it", () =>
    Effect.gen(function*() {
      const plain = yield* settingsOf({ filters: { locationId: "loc1" }, output: "x", messageTypes: ["TYPE_SMS"] })
      expect(plain.strategy).toBe("endpoint")
      expect(ExportOptions.describePlan(plain.plan)).toBe(
        "the location export endpoint, 500 messages a page, emails in a second walk (default)"
      )
      const filtered = yield* settingsOf({ filters: { locationId: "loc1", status: "unread" }, output: "x", limit: 3 })
      expect(filtered.strategy).toBe("conversations")
      expect(filtered.plan.filters).toEqual(["status", "limit"])
      expect(ExportOptions.describePlan(filtered.plan, (option) => `--${option}`)).toBe(
        "one listing per conversation: --status, --limit select conversations, which the export endpoint cannot"
      )
      const asked = yield* settingsOf({ filters: {}, output: "x", strategy: "conversations" })
      expect(asked.strategy).toBe("conversations")
      expect(ExportOptions.describePlan(asked.plan)).toBe("one listing per conversation (asked for)")
      expect((yield* settingsOf({ filters: {}, output: "x", strategy: "endpoint" })).plan.explicit).toBe(true)
    }))

  it.effect("refuse the endpoint strategy together with conversation filters, naming them", () =>
    Effect.gen(function*() {
      expect(
        yield* rejection({ filters: { assignedTo: "unassigned", query: "refund" }, output: "x", strategy: "endpoint" })
      ).toEqual({
        reason: "InvalidOptions",
        field: "strategy",
        detail: "strategy: \"endpoint\" reads the whole location and cannot apply assignedTo, query: use " +
          "\"conversations\", or drop them"
      })
      expect((yield* rejection({ filters: {}, output: "x", strategy: "endpoint", limit: 5 })).detail).toContain("limit")
      expect((yield* rejection(unchecked({ filters: {}, output: "x", strategy: "search" }))).field).toBe("strategy")
    }))
})
