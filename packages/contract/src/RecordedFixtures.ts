/**
 * The recorded-style response bodies in `fixtures/recorded/`: made-up but realistic bodies in the
 * shapes real traffic shows (API-NOTES), one file per body, each naming its endpoint and status.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as fs from "node:fs"
import { Json } from "./JsonSchema.js"
import { Endpoint } from "./PublishedSchemas.js"

/**
 * One fixture file: which response it is, what it shows, and the body.
 *
 * @since 0.1.0
 * @category models
 */
export class RecordedFixture extends Schema.Class<RecordedFixture>("RecordedFixture")({
  endpoint: Endpoint,
  status: Schema.Int,
  description: Schema.String,
  body: Json
}) {}

/**
 * A fixture with the name of its file.
 *
 * @since 0.1.0
 * @category models
 */
export interface Named {
  readonly file: string
  readonly fixture: RecordedFixture
}

/**
 * The folder of the fixtures.
 *
 * @since 0.1.0
 * @category constants
 */
export const directory: URL = new URL("../fixtures/recorded/", import.meta.url)

const decode = Schema.decodeUnknownSync(RecordedFixture, { onExcessProperty: "error" })

/**
 * Every fixture, sorted by file name.
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = (): ReadonlyArray<Named> =>
  fs.readdirSync(directory).filter((file) => file.endsWith(".json")).sort().map((file) => ({
    file,
    fixture: decode(JSON.parse(fs.readFileSync(new URL(file, directory), "utf8")))
  }))
