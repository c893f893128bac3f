/**
 * Target 1: the mock in-process through msw (see contract/mswTarget.ts).
 */
import { mswTarget } from "./contract/mswTarget.js"
import { contractSuite } from "./contract/suite.js"

contractSuite("contract: mock in-process (msw)", mswTarget, { mock: true, tokenWithoutMessagesScope: true })
