import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
import * as Path from "node:path"
import { runScript } from "./utils/spawn.js"

// Command lines of the package's README, run as written (as far as a test can without pnpm or a network).

const readme = readFileSync(Path.join(import.meta.dirname, "..", "README.md"), "utf8")

describe("README", () => {
  it.live("the pnpm form of the export command hands its flags to the command", () =>
    Effect.gen(function*() {
      const line = /npx -y pnpm@10 --filter @highlevel-effect\/examples -s export (.*)<flags>/.exec(readme)
      expect(line).not.toBeNull()
      // pnpm appends whatever follows the script's name to the script (`tsx src/export-cli.ts`), a `--` included.
      const before = (line?.[1] ?? "").split(" ").filter((arg) => arg !== "")
      const run = yield* runScript("export-cli.ts", [...before, "--help"])
      expect(run.stderr).toBe("")
      expect(run.code).toBe(0)
      expect(run.stdout).toContain("USAGE")
    }))
})
