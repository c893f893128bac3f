/**
 * The mock's webhook signing key: an Ed25519 key pair derived from the seed, so a verifier configured once keeps
 * working across restarts with the same seed.
 *
 * @since 0.2.0
 * @internal
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from "node:crypto"

// PKCS#8 header of an Ed25519 private key: the 32 bytes that follow are the key's seed (RFC 8410).
const pkcs8Prefix = Buffer.from("302e020100300506032b657004220420", "hex")

/** @internal */
export interface SigningKey {
  readonly privateKey: KeyObject
  /** SPKI PEM, as `GET /__mock/webhooks/public-key` serves it. */
  readonly publicKeyPem: string
  /** Base64 of the DER SPKI key, one line, as the start-up `export HIGHLEVEL_WEBHOOK_PUBLIC_KEY=` prints it. */
  readonly publicKeyBase64: string
  /** The base64 Ed25519 signature of `body`, for `X-GHL-Signature`. */
  readonly sign: (body: Uint8Array) => string
}

/** @internal */
export const signingKeyFromSeed = (seed: number): SigningKey => {
  const secret = createHash("sha256").update(`highlevel-mock webhook signing key ${seed}`).digest()
  const privateKey = createPrivateKey({
    key: Buffer.concat([pkcs8Prefix, secret]),
    format: "der",
    type: "pkcs8"
  })
  const publicKey = createPublicKey(privateKey)
  return {
    privateKey,
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    publicKeyBase64: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    sign: (body) => sign(null, body, privateKey).toString("base64")
  }
}
