/**
 * The contract suite: what the client relies on from the API, stated once and run against every target (the mock
 * in-process, the mock in another process, the real API). Each concern is a module of its own: search, the other
 * reads, the errors a client can cause (every target: shapes, ordering, cursors, error kinds), the exact seeded values
 * (mock only), and, last, conformance of every body the target sent during the file with HighLevel's published
 * schemas plus the overrides. The writes have their own suite (`writesSuite.ts`): they change the target.
 */
import { layer } from "@effect/vitest"
import type * as Layer from "effect/Layer"
import { conformanceTests } from "./conformanceTests.js"
import { errorTests } from "./errorTests.js"
import { mediaReadTests } from "./mediaReadTests.js"
import { mockOnlyTests } from "./mockOnlyTests.js"
import { otherReadTests } from "./otherReadTests.js"
import { readTests } from "./readTests.js"
import { searchTests } from "./searchTests.js"
import { type Capabilities, makeConversations } from "./support.js"
import type { Target } from "./Target.js"

export type { Capabilities } from "./support.js"

/** Registers the suite for one target. */
export const contractSuite = (name: string, target: Layer.Layer<Target, unknown>, capabilities: Capabilities) =>
  layer(target, { timeout: "120 seconds", excludeTestServices: true })(name, (it) => {
    const conversations = makeConversations()
    searchTests(it, conversations)
    readTests(it, conversations)
    otherReadTests(it, conversations, capabilities)
    errorTests(it, conversations, capabilities)
    if (capabilities.mock) {
      mockOnlyTests(it)
      mediaReadTests(it)
    }
    conformanceTests(it, conversations)
  })
