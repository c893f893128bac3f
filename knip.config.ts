import type { KnipConfig } from "knip"

// The unused-code check (`pnpm knip`, part of `pnpm lint`). Knip's plugins already read each package's `exports`,
// `bin` and scripts, the vitest configs (and the test files they collect) and the eslint config; the entries below
// are what they cannot see.
const config: KnipConfig = {
  workspaces: {
    // Imported by the vitest configs of the packages, which knip loads rather than parses.
    ".": { entry: ["vitest.shared.ts", "vitest.setup.ts"] },
    // The public modules: `"./*": "./src/*.ts"` in each package's exports, minus `"./internal/*": null`. An export
    // of a public module is API, used or not; one in `internal/` that nothing imports is dead code.
    "packages/*": { entry: ["src/**/*.ts", "!src/internal/**"] },
    // The same, plus the mock's benchmark script (`npx tsx packages/mock-server/bench/latency.ts`). Its bin
    // (`dist/bin.js`, from `src/bin.ts`) is one of the public modules.
    "packages/mock-server": { entry: ["src/**/*.ts", "!src/internal/**", "bench/*.ts"] },
    // Child processes the benchmark spawns by path, and the profiling target run by hand.
    bench: { entry: ["src/*-child.ts", "src/server-main.ts", "src/profile.ts"] }
  }
}

export default config
