/**
 * The package as npm publishes it: what `package.json` promises a consumer. The packed tarball itself is installed and
 * its bin run by `scripts/consumer-smoke.sh` (a step of `.ci/run`); these checks fail fast, in `pnpm test`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import { existsSync, readFileSync, statSync } from "node:fs"
import { createRequire } from "node:module"
import * as Path from "node:path"
import { HELP } from "../src/internal/cli.js"

const root = Path.join(import.meta.dirname, "..")

const Manifest = Schema.Struct({
  name: Schema.String,
  license: Schema.String,
  files: Schema.Array(Schema.String),
  bin: Schema.Record({ key: Schema.String, value: Schema.String }),
  exports: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  publishConfig: Schema.Struct({ exports: Schema.Record({ key: Schema.String, value: Schema.Unknown }) }),
  peerDependencies: Schema.Record({ key: Schema.String, value: Schema.String })
})
const manifest = Schema.decodeUnknownSync(Manifest)(JSON.parse(readFileSync(Path.join(root, "package.json"), "utf8")))

describe("package.json of @highlevel-effect/mock-server", () => {
  it("asks for the Effect 3 line as a range, not the workspace's exact version", () => {
    // `catalog:` would be rewritten by `pnpm pack` to the catalog's exact version.
    expect(manifest.peerDependencies).toEqual({ effect: "^3.22.4" })
  })

  it("exports its package.json, in the workspace and as published", () => {
    expect(manifest.exports["./package.json"]).toBe("./package.json")
    expect(manifest.publishConfig.exports["./package.json"]).toBe("./package.json")
    const resolved = createRequire(import.meta.url).resolve(`${manifest.name}/package.json`)
    expect(resolved).toBe(Path.join(root, "package.json"))
  })

  it("ships the MIT licence it names", () => {
    expect(manifest.license).toBe("MIT")
    expect(manifest.files).toContain("LICENSE")
    const licence = readFileSync(Path.join(root, "LICENSE"), "utf8")
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) 2026 highlevel-effect contributors\n/)
  })

  it("links highlevel-mock to a committed launcher, so a fresh install (nothing built yet) has a target to link", () => {
    expect(Object.keys(manifest.bin)).toEqual(["highlevel-mock"])
    for (const target of Object.values(manifest.bin)) {
      // A build output as the target made pnpm warn "Failed to create bin" for every dependent of the mock.
      expect(target).not.toMatch(/^(\.\/)?dist\//)
      const file = Path.join(root, target)
      expect(existsSync(file)).toBe(true)
      expect(readFileSync(file, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/)
      expect(statSync(file).mode & 0o111).not.toBe(0)
      expect(manifest.files).toContain(Path.dirname(Path.normalize(target)))
    }
  })

  it("--help names the command as installed, highlevel-mock", () => {
    expect(HELP.split("\n")[0]).toBe("Usage: highlevel-mock [options]")
  })
})
