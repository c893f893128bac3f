import { HighLevelMock } from "../src/index.js"
import { getResponse } from "msw"
const mock = HighLevelMock.make({ seed: 42, conversations: 10_000, messages: 200_000, rateLimit: false, journalLimit: 100 })
const loc = mock.locations[0]!
const hdr = { version: "2021-04-15", accept: "application/json", authorization: `Bearer ${loc.tokens.full}` }
const ids = loc.conversationIds
const handlers = [...mock.handlers]
const one = async (viaMsw: boolean, i: number) => {
  const req = new Request(`http://mock.local/conversations/${ids[i % ids.length]}`, { headers: hdr })
  const res = viaMsw ? (await getResponse(handlers, req))! : await mock.fetch(req)
  await res.arrayBuffer()
}
const round = async (viaMsw: boolean, n: number) => {
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await one(viaMsw, i)
  return ((performance.now() - t0) * 1000) / n
}
for (let w = 0; w < 3; w++) { await round(true, 2000); await round(false, 2000) }
const a: number[] = [], b: number[] = []
for (let r = 0; r < 15; r++) { a.push(await round(true, 2000)); b.push(await round(false, 2000)) }
const med = (x: number[]) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)]!
console.log(`get conversation in-process: msw getResponse ${med(a).toFixed(1)} µs, direct ${med(b).toFixed(1)} µs (median of 15 rounds of 2000)`)
