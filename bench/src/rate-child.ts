/**
 * One client process of the two-process rate-budget run (started by `RateBudget.ts`): builds its client, says
 * "ready", waits for "go", lists every message with `listAllMessages` on default settings, and reports over IPC.
 *
 * @since 0.1.0
 */
import * as Redacted from "effect/Redacted"
import { decodeChildInput, listAll } from "./RateBudget.js"

const input = decodeChildInput(process.argv[2])
process.send?.({ ready: true })
await new Promise<void>((resolve) => process.once("message", () => resolve()))
const output = await listAll({
  token: Redacted.make(input.options.token),
  baseUrl: input.options.baseUrl,
  locationId: input.options.locationId,
  ...(input.rateLimit !== undefined
    ? { rateLimit: { limit: input.rateLimit.limit, interval: input.rateLimit.intervalMs } }
    : {})
}, input.concurrency)
process.send?.(output, () => process.exit(0))
