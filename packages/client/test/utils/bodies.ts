/** Realistic wire bodies for the client's tests, in the shapes real HighLevel traffic shows (API-NOTES). */

export const conversationBody = {
  id: "ve9EPM428h8vShlRW1KT",
  contactId: "Jh3Kk2Lm9Nq4Rs7Tv1Wx",
  locationId: "Lq8Zp3Xc5Vb7Nm1As2Df",
  deleted: false,
  inbox: true,
  type: 1,
  unreadCount: 2,
  assignedTo: "Us3rAbCdEfGhIjKlMnOp",
  starred: false,
  traceId: "6f1c2b9e-1d2a-4e55-9a0b-3c4d5e6f7a8b"
}

export const message = (i: number, conversationId = "ve9EPM428h8vShlRW1KT") => ({
  id: `msg${String(i).padStart(17, "0")}`,
  type: 2,
  messageType: "TYPE_SMS",
  locationId: "Lq8Zp3Xc5Vb7Nm1As2Df",
  contactId: "Jh3Kk2Lm9Nq4Rs7Tv1Wx",
  conversationId,
  dateAdded: new Date(Date.UTC(2024, 2, 27, 18, 13, 49) - i * 60_000).toISOString(),
  direction: i % 2 === 0 ? "inbound" : "outbound",
  status: "delivered",
  contentType: "text/plain",
  body: `Message number ${i}`,
  attachments: [],
  source: "app"
})

export const callMessage = {
  id: "callMsg0000000000001",
  type: 1,
  messageType: "TYPE_CALL",
  locationId: "Lq8Zp3Xc5Vb7Nm1As2Df",
  contactId: "Jh3Kk2Lm9Nq4Rs7Tv1Wx",
  conversationId: "ve9EPM428h8vShlRW1KT",
  dateAdded: "2024-03-27T18:13:49.000Z",
  direction: "inbound",
  status: "completed",
  meta: { call: { duration: 42, status: "completed" } },
  unknownFutureField: { nested: true }
}

export const wrappedPage = (messages: ReadonlyArray<{ readonly id: string }>, nextPage: boolean) => ({
  messages: { lastMessageId: messages.at(-1)?.id ?? "", nextPage, messages },
  traceId: "trace-messages"
})

export const summary = (i: number, sortValue: number = 1_711_563_229_000 - i * 1000) => ({
  id: `conv${String(i).padStart(16, "0")}`,
  contactId: `cont${String(i).padStart(16, "0")}`,
  locationId: "Lq8Zp3Xc5Vb7Nm1As2Df",
  lastMessageBody: "See you tomorrow",
  lastMessageType: "TYPE_SMS",
  type: "TYPE_PHONE",
  unreadCount: 0,
  fullName: "Ada Lovelace",
  contactName: "Ada Lovelace",
  email: "ada@example.com",
  phone: "+15550001234",
  dateAdded: 1_700_000_000_000,
  dateUpdated: 1_711_563_229_000,
  lastMessageDate: sortValue,
  lastMessageDirection: "inbound",
  inbox: true,
  starred: false,
  followers: [],
  tags: ["vip"],
  sort: [sortValue]
})

export const searchPage = (conversations: ReadonlyArray<unknown>, total: number) => ({
  conversations,
  total,
  traceId: "trace-search"
})
