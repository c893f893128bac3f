import type { KnipConfig } from "knip"

// The unused-code check (`pnpm knip`, part of `pnpm lint`). Knip's plugins already read each package's `exports`,
// `bin` and scripts, the vitest configs (and the test files they collect) and the eslint config; the entries below
// are what they cannot see.
const config: KnipConfig = {
  // Build output (`pnpm build` writes `dist/`) is no source. The consumer smoke test's program is typechecked and run
  // by scripts/consumer-smoke.sh in a temp project against the packed tarballs, with that project's dependencies.
  ignore: ["**/dist/**", "scripts/consumer-smoke/**"],
  workspaces: {
    // Imported by the vitest configs of the packages, which knip loads rather than parses.
    ".": { entry: ["vitest.shared.ts", "vitest.setup.ts"] },
    // The public modules: `"./*": "./src/*.ts"` in each package's exports, minus `"./internal/*": null`. An export
    // of a public module is API, used or not; one in `internal/` that nothing imports is dead code.
    "packages/*": { entry: ["src/**/*.ts", "!src/internal/**"] },
    // Child processes the benchmark spawns by path, and the scripts run by hand (profiling, the mock's latency alone).
    bench: {
      entry: [
        "src/*-child.ts",
        "src/server-main.ts",
        "src/profile.ts",
        "src/fetch-probe.ts",
        "src/isolated-probe.ts",
        "src/mock-latency.ts"
      ]
    }
  }
}

export default config
