/**
 * Who may call: the token registry (seeded tokens with their scopes, tokens issued by the OAuth grant, expired
 * ones), the current refresh token of each location and the spent authorization codes. Reset with the data set.
 *
 * @since 0.1.0
 * @internal
 */
import type { Dataset, StoredLocation } from "./model.js"
import * as Prng from "./prng.js"

/** The scopes the mock knows; a route names the one it requires. @internal */
export const Scopes = {
  conversationsRead: "conversations.readonly",
  messagesRead: "conversations/message.readonly",
  conversationsWrite: "conversations.write",
  messagesWrite: "conversations/message.write",
  liveChatWrite: "conversations/livechat.write"
} as const

/** @internal */
export type Scope = typeof Scopes[keyof typeof Scopes]

const FULL_SCOPES: ReadonlySet<Scope> = new Set(Object.values(Scopes))
const READ_SCOPES: ReadonlySet<Scope> = new Set([Scopes.conversationsRead, Scopes.messagesRead])

/** A registered access token. @internal */
export interface TokenInfo {
  readonly locationId: string
  readonly scopes: ReadonlySet<Scope>
  /** Set on the conversation provider app's token: the provider whose messages it may update the status of. */
  readonly providerId?: string
}

/** Tokens derived from the seed without drawing from the location's generator (adding them shifted no id). */
interface DerivedTokens {
  /** Every scope, as the location's conversation provider app (may update message statuses). */
  readonly provider: string
  /** The read scopes only: writes answer 401 (scope). */
  readonly readOnly: string
}

const hex = (seed: number, n: number) =>
  [0, 1, 2, 3].map((i) => Prng.hash2(seed, n * 4 + i).toString(16).padStart(8, "0")).join("")

/** The derived tokens of location `index` of a seed. @internal */
export const derivedTokens = (seed: number, index: number): DerivedTokens => ({
  provider: `pit-provider-${hex(seed ^ 0x0b0b, index * 2)}`,
  readOnly: `pit-readonly-${hex(seed ^ 0x0b0b, index * 2 + 1)}`
})

/** The bearer token of a request, looked up. @internal */
export type Authentication =
  | { readonly _tag: "missing" }
  | { readonly _tag: "unknown" }
  | { readonly _tag: "expired" }
  | { readonly _tag: "valid"; readonly token: TokenInfo }

/** What a successful grant hands out. @internal */
interface IssuedTokens {
  readonly accessToken: string
  readonly refreshToken: string
  readonly scopes: ReadonlySet<Scope>
}

/** @internal */
export interface Auth {
  /** Reads `Authorization: Bearer <token>`. */
  readonly authenticate: (authorization: string | null) => Authentication
  readonly expire: (token: string) => void
  /** The location whose current refresh token, or whose authorization code, the form carries. */
  readonly locationOfGrant: (form: URLSearchParams) => StoredLocation | undefined
  /** Spends an authorization code; false if it was spent already. */
  readonly redeemCode: (code: string) => boolean
  /** New access token (full scopes) and a rotated refresh token for the location: the old one stops working. */
  readonly issue: (location: StoredLocation) => IssuedTokens
  readonly refreshTokenOf: (location: StoredLocation) => string
  /** Back to the seeded tokens of `dataset`: issued ones, expiries and spent codes are forgotten. */
  readonly reset: (dataset: Dataset) => void
}

const BEARER = /^Bearer\s+(\S+)\s*$/i

/** @internal */
export const makeAuth = (dataset: Dataset): Auth => {
  let current = dataset
  let tokens = new Map<string, TokenInfo>()
  let expired = new Set<string>()
  let refreshTokens = new Map<string, string>() // locationId -> current refresh token
  let usedCodes = new Set<string>()
  let issued = 0

  const reset = (next: Dataset) => {
    current = next
    tokens = new Map()
    expired = new Set()
    refreshTokens = new Map()
    usedCodes = new Set()
    issued = 0
    next.locations.forEach((l, index) => {
      tokens.set(l.tokens.full, { locationId: l.locationId, scopes: FULL_SCOPES })
      // Without a resource's scopes: neither its read nor its write scope.
      tokens.set(l.tokens.withoutMessagesScope, {
        locationId: l.locationId,
        scopes: new Set([Scopes.conversationsRead, Scopes.conversationsWrite])
      })
      tokens.set(l.tokens.withoutConversationsScope, {
        locationId: l.locationId,
        scopes: new Set([Scopes.messagesRead, Scopes.messagesWrite])
      })
      const derived = derivedTokens(next.seed, index)
      tokens.set(derived.provider, { locationId: l.locationId, scopes: FULL_SCOPES, providerId: l.providerId })
      tokens.set(derived.readOnly, { locationId: l.locationId, scopes: READ_SCOPES })
      refreshTokens.set(l.locationId, l.refreshToken)
    })
  }
  reset(dataset)

  // Issued secrets depend only on the seed and how many grants came before: runs repeat byte for byte.
  const secret = (n: number, k: number) =>
    [0, 1, 2, 3].map((i) => Prng.hash2(current.seed ^ 0x0a17, n * 16 + k * 4 + i).toString(16).padStart(8, "0"))
      .join("")

  return {
    authenticate: (authorization) => {
      const token = authorization === null ? undefined : BEARER.exec(authorization)?.[1]
      if (token === undefined) return { _tag: "missing" }
      if (expired.has(token)) return { _tag: "expired" }
      const info = tokens.get(token)
      return info === undefined ? { _tag: "unknown" } : { _tag: "valid", token: info }
    },
    expire: (token) => {
      expired.add(token)
    },
    locationOfGrant: (form) => {
      const refresh = form.get("refresh_token")
      const code = form.get("code")
      return current.locations.find((l) =>
        (refresh !== null && refreshTokens.get(l.locationId) === refresh) ||
        (code !== null && l.authorizationCode === code)
      )
    },
    redeemCode: (code) => {
      if (usedCodes.has(code)) return false
      usedCodes.add(code)
      return true
    },
    issue: (location) => {
      const n = issued++
      const accessToken = `mock-at-${secret(n, 0)}`
      const refreshToken = `mock-rt-${secret(n, 1)}`
      tokens.set(accessToken, { locationId: location.locationId, scopes: FULL_SCOPES })
      refreshTokens.set(location.locationId, refreshToken)
      return { accessToken, refreshToken, scopes: FULL_SCOPES }
    },
    refreshTokenOf: (location) => refreshTokens.get(location.locationId) ?? location.refreshToken,
    reset
  }
}
