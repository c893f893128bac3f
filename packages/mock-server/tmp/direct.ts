import { HighLevelMock } from "../src/index.js"
const mock = HighLevelMock.make({ seed: 42, conversations: 2000, messages: 20000, rateLimit: false, journalLimit: 100 })
const loc = mock.locations[0]!
const hdr = { version: "2021-04-15", accept: "application/json", authorization: `Bearer ${loc.tokens.full}` }
const ids = loc.conversationIds
const path = process.argv[2] ?? "get"
const t0 = performance.now()
let n = 0
while (performance.now() - t0 < 5000) {
  const id = ids[n % ids.length]
  const url = path === "get" ? `http://mock.local/conversations/${id}` : path === "messages" ? `http://mock.local/conversations/${id}/messages` : `http://mock.local/conversations/search?locationId=${loc.locationId}&limit=20`
  const res = await mock.fetch(new Request(url, { headers: hdr }))
  await res.arrayBuffer()
  n++
}
console.log(`${path}: ${(((performance.now() - t0) * 1000) / n).toFixed(1)} µs/request over ${n}`)
