import * as path from "node:path"
import type { ViteUserConfig } from "vitest/config"

/** Settings every package's vitest config merges. */
const config: ViteUserConfig = {
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: [path.join(import.meta.dirname, "vitest.setup.ts")],
    // Effect's TestClock drives time in `it.effect`; vitest's fake timers stay off.
    fakeTimers: { toFake: undefined },
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
}

export default config
