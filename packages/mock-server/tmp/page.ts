import * as MockScenario from "../src/MockScenario.js"
import * as Seed from "../src/internal/seed/generate.js"
import { WorkingSet } from "../src/internal/store/working.js"
const ws = new WorkingSet(Seed.generate(42, MockScenario.plan("default", { conversations: 10000, messages: 200000 })))
const loc = ws.locations[0]!
const index = ws.exportOf(loc)
const email = new Set(["TYPE_EMAIL", "TYPE_CAMPAIGN_EMAIL", "TYPE_CUSTOM_EMAIL", "TYPE_CUSTOM_PROVIDER_EMAIL"])
const matches = (m: { messageType: string }) => !email.has(m.messageType)
const walk = () => {
  let after: { key: number; id: string } | undefined
  let pages = 0
  for (;;) {
    // eslint-disable-next-line
    const p = (index as any).page({ sortBy: "createdAt", order: "desc", limit: 500, snapshot: ws.version, after, matches, message: (id: string) => ws.messageById.get(id) })
    pages++
    if (p.next === undefined) return pages
    after = p.next
  }
}
walk()
const rounds: number[] = []
for (let r = 0; r < 7; r++) {
  const t0 = performance.now()
  const pages = walk()
  rounds.push((performance.now() - t0) / pages)
}
rounds.sort((a, b) => a - b)
console.log(`index.page, limit 500, whole walk: median ${(rounds[3]! * 1000).toFixed(0)} µs a page`)
