/**
 * Where real traffic differs from HighLevel's published schemas, and how the derived response
 * schemas are patched for it: one entry per row D1…D9 of API-NOTES "Real responses vs
 * documentation", D10 (nulls, issue #15) and D11…D20 (the other operations, issue #11); the patches
 * live in `internal/readOverrides.ts` and `internal/otherOverrides.ts`. Nothing else deviates from the spec: `Conformance` closes every documented
 * object (`additionalProperties: false`) after these patches, so a difference that no entry
 * names fails validation until an entry is added here.
 *
 * @since 0.1.0
 */
import { otherOverrides } from "./internal/otherOverrides.js"
import { readOverrides } from "./internal/readOverrides.js"
import type { JsonSchema } from "./JsonSchema.js"
import type { Endpoint, PublishedSchemas } from "./PublishedSchemas.js"

/**
 * The working copy the patches edit: for each endpoint, the response schema of each status.
 *
 * @since 0.1.0
 * @category models
 */
export type ResponseSchemas = Record<Endpoint, Record<string, JsonSchema>>

/**
 * The working copy of the request bodies: for each endpoint that documents a JSON body, its schema.
 *
 * @since 0.1.0
 * @category models
 */
export type RequestSchemas = Partial<Record<Endpoint, JsonSchema>>

/**
 * The row ids of API-NOTES "Real responses vs documentation" (D1…D9), D10 from issue #15 (nulls), and
 * D11…D20 from the traffic of the 26 other operations (issue #11).
 *
 * @since 0.1.0
 * @category models
 */
export type OverrideId =
  | "D1"
  | "D2"
  | "D3"
  | "D4"
  | "D5"
  | "D6"
  | "D7"
  | "D8"
  | "D9"
  | "D10"
  | "D11"
  | "D12"
  | "D13"
  | "D14"
  | "D15"
  | "D16"
  | "D17"
  | "D18"
  | "D19"
  | "D20"

/**
 * One row: its id, why real traffic needs it, what the patch changes, and the patch itself.
 * `apply` edits the working copies (responses, JSON request bodies, multipart forms) in place: fresh ones for every
 * validator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Override {
  readonly id: OverrideId
  readonly reason: string
  readonly patch: string
  readonly apply: (
    responses: ResponseSchemas,
    published: PublishedSchemas,
    requests: RequestSchemas,
    forms: RequestSchemas
  ) => void
}

/**
 * D1…D20, in the order they are applied: the reads' rows (D10 last of them, so it also covers the fields the others
 * add), then the other operations'.
 *
 * @since 0.1.0
 * @category overrides
 */
export const all: ReadonlyArray<Override> = [...readOverrides, ...otherOverrides]

/**
 * The override with this id.
 *
 * @since 0.1.0
 * @category overrides
 */
export const byId = (id: OverrideId): Override => {
  const found = all.find((override) => override.id === id)
  if (found === undefined) throw new Error(`no override ${id}`)
  return found
}
