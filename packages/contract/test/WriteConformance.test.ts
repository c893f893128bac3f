/**
 * Conformance of all 29 operations' traffic: the client drives the mock (over real HTTP, undici) through every
 * operation (`conformance/tour.ts`), a recording transport captures each request body the client sent (JSON, or the
 * parts of the multipart upload) and each answer of the mock, and every one of them validates against HighLevel's
 * published schemas plus the overrides of `Overrides.ts` (each deviation named there with its reason). Bodies that are
 * not JSON (the recording, the transcription download) must carry the media type the spec names.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Conformance from "../src/Conformance.js"
import * as Overrides from "../src/Overrides.js"
import { endpoints, load } from "../src/PublishedSchemas.js"
import { api, coveredBy, problemsOf } from "./conformance/capture.js"
import { tourOnce } from "./conformance/tour.js"

const writeOverrides = Overrides.all.filter((override) => Number(override.id.slice(1)) >= 11)

describe("conformance of every operation's traffic (mock over HTTP)", () => {
  it.effect("the tour reaches all 29 operations, each answered 2xx", () =>
    Effect.gen(function*() {
      const exchanges = yield* tourOnce
      expect(coveredBy(exchanges)).toEqual([...endpoints].sort())
      expect(api(exchanges).filter((exchange) => exchange.status >= 300)).toEqual([])
    }))

  it.effect("each of D11…D20 is needed: without it the captured traffic fails", () =>
    Effect.gen(function*() {
      const exchanges = yield* tourOnce
      expect(writeOverrides.map((override) => override.id)).toEqual([
        "D11",
        "D12",
        "D13",
        "D14",
        "D15",
        "D16",
        "D17",
        "D18",
        "D19",
        "D20"
      ])
      for (const override of writeOverrides.filter((candidate) => candidate.id !== "D20")) {
        const without = Conformance.make({ overrides: Overrides.all.filter((other) => other !== override) })
        expect(problemsOf(without, exchanges).length, override.id).toBeGreaterThan(0)
      }
      // D20 is about error bodies: ErrorConformance.test.ts shows it is needed.
      expect(problemsOf(Conformance.validator(), exchanges)).toEqual([])
    }))

  it.effect("every JSON request body the client sent validates against the published request schema", () =>
    Effect.gen(function*() {
      const sent = api(yield* tourOnce).filter((exchange) => exchange.requestBody !== undefined)
      // Every operation that documents a JSON request body sent one.
      expect(coveredBy(sent)).toEqual(endpoints.filter((endpoint) => load().endpoints[endpoint].requestBody).sort())
      const problems = sent.flatMap((exchange) =>
        Option.match(exchange.endpoint, {
          onNone: () => [`${exchange.method} ${exchange.path}: no operation`],
          onSome: (endpoint) =>
            Conformance.validateRequestBody(endpoint, exchange.requestBody).map((problem) => `${endpoint}: ${problem}`)
        })
      )
      expect(problems).toEqual([])
    }))

  it.effect("the multipart upload's parts validate against the published form (fields and fileAttachment files)", () =>
    Effect.gen(function*() {
      const uploads = api(yield* tourOnce).filter((exchange) => Option.isSome(exchange.form))
      expect(uploads.map((exchange) => exchange.endpoint)).toEqual([Option.some("upload-file-attachments")])
      const parts = uploads.flatMap((exchange) => Option.getOrElse(exchange.form, () => []))
      expect(parts.filter((part) => part.file)).toEqual([
        { name: "fileAttachment", value: "a.png", file: true },
        { name: "fileAttachment", value: "notes.txt", file: true }
      ])
      expect(Conformance.validator().validateForm("upload-file-attachments", parts)).toEqual([])
    }))

  it.effect("every JSON body the mock answered validates against the published response schema", () =>
    Effect.gen(function*() {
      const answered = api(yield* tourOnce).filter((exchange) => exchange.json)
      expect(coveredBy(answered).length).toBe(27)
      const problems = answered.flatMap((exchange) =>
        Option.match(exchange.endpoint, {
          onNone: () => [`${exchange.method} ${exchange.path}: no operation`],
          onSome: (endpoint) =>
            Conformance.validateResponse(endpoint, exchange.status, exchange.responseBody).map((problem) =>
              `${endpoint} ${exchange.status}: ${problem}`
            )
        })
      )
      expect(problems).toEqual([])
    }))

  it.effect("the recording and the transcription download carry the documented media types", () =>
    Effect.gen(function*() {
      const media = api(yield* tourOnce).filter((exchange) => !exchange.json)
      expect(media.map((exchange) => [Option.getOrUndefined(exchange.endpoint), exchange.contentType])).toEqual([
        ["get-message-recording", "audio/x-wav"],
        ["download-message-transcription", "text/plain; charset=utf-8"]
      ])
      const validator = Conformance.validator()
      for (const exchange of media) {
        const endpoint = Option.getOrThrow(exchange.endpoint)
        expect(validator.validateMedia(endpoint, exchange.status, exchange.contentType)).toEqual([])
      }
    }))
})
