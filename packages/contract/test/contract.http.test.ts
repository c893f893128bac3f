/**
 * Target 2: the mock over real HTTP in another process (see contract/httpTarget.ts).
 */
import { httpTarget } from "./contract/httpTarget.js"
import { contractSuite } from "./contract/suite.js"

contractSuite("contract: mock over HTTP in another process", httpTarget, {
  mock: true,
  tokenWithoutMessagesScope: true
})
