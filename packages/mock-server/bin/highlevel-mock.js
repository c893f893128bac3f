#!/usr/bin/env node
// The `highlevel-mock` command. A committed launcher rather than `dist/bin.js` itself: package managers link a bin
// at install time, and in the workspace that is before anything is built, so pnpm warned once per dependent that
// the target does not exist. The published package ships `dist/` next to this file.
import { existsSync } from "node:fs"

const entry = new URL("../dist/bin.js", import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write(
    "highlevel-mock: not built yet (no dist/bin.js). In the repo, run `pnpm build` first, or `pnpm mock` to run " +
      "the TypeScript source.\n"
  )
  process.exit(1)
}
await import(entry.href)
