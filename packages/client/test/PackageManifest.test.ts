/**
 * The package as npm publishes it: what `package.json` promises a consumer. The packed tarball itself is installed and
 * run by `scripts/consumer-smoke.sh` (a step of `.ci/run`); these checks fail fast, in `pnpm test`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import * as Path from "node:path"

const root = Path.join(import.meta.dirname, "..")

const Manifest = Schema.Struct({
  name: Schema.String,
  license: Schema.String,
  files: Schema.Array(Schema.String),
  exports: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  publishConfig: Schema.Struct({ exports: Schema.Record({ key: Schema.String, value: Schema.Unknown }) }),
  peerDependencies: Schema.Record({ key: Schema.String, value: Schema.String })
})
const manifest = Schema.decodeUnknownSync(Manifest)(JSON.parse(readFileSync(Path.join(root, "package.json"), "utf8")))

describe("package.json of @highlevel-effect/client", () => {
  it("asks for the Effect 3 line as ranges, not the workspace's exact versions", () => {
    // `catalog:` would be rewritten by `pnpm pack` to the catalog's exact version.
    expect(manifest.peerDependencies).toEqual({
      effect: "^3.22.4",
      "@effect/platform": "^0.97.2",
      "@effect/sql": "^0.52.1"
    })
  })

  it("asks for @effect/sql only as an optional peer: only WebhookReplayStoreSql imports it", () => {
    const raw = JSON.parse(readFileSync(Path.join(root, "package.json"), "utf8"))
    expect(raw.peerDependenciesMeta).toEqual({ "@effect/sql": { optional: true } })
  })

  it("exports its package.json, in the workspace and as published", () => {
    expect(manifest.exports["./package.json"]).toBe("./package.json")
    expect(manifest.publishConfig.exports["./package.json"]).toBe("./package.json")
    // Node's own resolution, through the package's name (a self-reference), as a consumer's import resolves it.
    const resolved = createRequire(import.meta.url).resolve(`${manifest.name}/package.json`)
    expect(resolved).toBe(Path.join(root, "package.json"))
  })

  it("ships the MIT licence it names", () => {
    expect(manifest.license).toBe("MIT")
    expect(manifest.files).toContain("LICENSE")
    const licence = readFileSync(Path.join(root, "LICENSE"), "utf8")
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) 2026 highlevel-effect contributors\n/)
    expect(existsSync(Path.join(root, "..", "..", "LICENSE"))).toBe(true)
  })
})
