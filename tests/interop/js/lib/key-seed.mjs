import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'

const U64_MAX = (1n << 64n) - 1n

/**
 * Parses the --key-seed argument: a decimal (or 0x-prefixed hex) unsigned 64-bit integer.
 * @param {string} text
 * @returns {bigint}
 */
export function parseKeySeed (text) {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(text)) {
    throw new Error(`--key-seed must be an unsigned 64-bit integer, got "${text}"`)
  }
  const n = BigInt(text)
  if (n > U64_MAX) {
    throw new Error(`--key-seed ${text} does not fit in 64 bits`)
  }
  return n
}

/**
 * The deterministic identity shared with the C# daemon: the seed is a 32-byte
 * Ed25519 secret whose bytes 0..7 hold N as little-endian u64 and whose other bytes are 0.
 * @param {bigint} n
 */
export async function privateKeyFromSeedNumber (n) {
  const seed = new Uint8Array(32)
  new DataView(seed.buffer).setBigUint64(0, n, true)
  return await generateKeyPairFromSeed('Ed25519', seed)
}
