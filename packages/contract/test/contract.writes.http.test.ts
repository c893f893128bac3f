/**
 * The writes suite on the mock over real HTTP in another process, on a target of its own. The contacts come from the
 * in-process twin of the same seed, taken before any write.
 */
import { httpTarget } from "./contract/httpTarget.js"
import { mockSubjects, writesSuite } from "./contract/writesSuite.js"

writesSuite("contract writes: mock over HTTP in another process", httpTarget, mockSubjects, { mock: true })
