/**
 * Public keys and signatures of HighLevel's webhooks, on `node:crypto` (synchronous one-shot verification: no
 * WebCrypto promise per request).
 *
 * @since 0.2.0
 * @internal
 */
import * as Either from "effect/Either"
import { createPublicKey, type KeyObject, verify } from "node:crypto"

// DER SubjectPublicKeyInfo header of an Ed25519 key: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33) }.
const ed25519SpkiPrefix = Buffer.from("302a300506032b6570032100", "hex")

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const hexPattern = /^(?:[0-9a-fA-F]{2})+$/

// Strict base64: only the standard alphabet, padded, nothing else (Node's decoder skips junk silently).
const decodeBase64Strict = (text: string): Uint8Array | undefined =>
  base64Pattern.test(text) ? Buffer.from(text, "base64") : undefined

const keyFromDer = (der: Uint8Array): KeyObject =>
  createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" })

/**
 * Reads a public key written as PEM, as base64 or hex of the DER SPKI key, or (Ed25519) as base64 or hex of the raw
 * 32-byte key; `type` says which algorithm it must be for.
 *
 * @internal
 */
export const parsePublicKey = (input: string, type: "ed25519" | "rsa"): Either.Either<KeyObject, string> => {
  const text = input.trim()
  let key: KeyObject
  try {
    if (text.startsWith("-----BEGIN")) {
      key = createPublicKey(text)
    } else {
      const compact = text.replace(/\s+/g, "")
      const bytes = hexPattern.test(compact) && (compact.length === 64 || compact.length >= 88)
        ? Buffer.from(compact, "hex")
        : decodeBase64Strict(compact)
      if (bytes === undefined) return Either.left("not PEM, base64 or hex")
      key = type === "ed25519" && bytes.length === 32
        ? keyFromDer(Buffer.concat([ed25519SpkiPrefix, bytes]))
        : keyFromDer(bytes)
    }
  } catch (cause) {
    return Either.left(`not a public key (${cause instanceof Error ? cause.message : String(cause)})`)
  }
  return key.asymmetricKeyType === type
    ? Either.right(key)
    : Either.left(`an ${String(key.asymmetricKeyType)} key where an ${type} key is needed`)
}

/**
 * Checks a base64 signature over `body`: Ed25519 (64 bytes) or RSA PKCS#1 v1.5 with SHA-256. Never throws; a
 * malformed signature is a mismatch with a reason.
 *
 * @internal
 */
export const verifySignature = (
  key: KeyObject,
  body: Uint8Array,
  signature: string
): "ok" | "malformed" | "mismatch" => {
  const bytes = decodeBase64Strict(signature.trim())
  if (bytes === undefined) return "malformed"
  const ed25519 = key.asymmetricKeyType === "ed25519"
  if (ed25519 && bytes.length !== 64) return "malformed"
  try {
    return verify(ed25519 ? null : "sha256", body, key, bytes) ? "ok" : "mismatch"
  } catch {
    // An RSA signature of the wrong length throws inside OpenSSL: it is a bad signature, not a crash.
    return "malformed"
  }
}

/**
 * The RSA key of the legacy `x-wh-signature` header, as `docs/oauth/WebhookAuthentication.md` publishes it
 * (deprecated 2026-07-01).
 *
 * @internal
 */
export const legacyRsaPublicKey = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----`
