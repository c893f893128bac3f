/**
 * The writes suite on the mock in-process (msw), on a target of its own (the writes change what it serves).
 */
import { mswTarget } from "./contract/mswTarget.js"
import { mockSubjects, writesSuite } from "./contract/writesSuite.js"

writesSuite("contract writes: mock in-process (msw)", mswTarget, mockSubjects, { mock: true })
