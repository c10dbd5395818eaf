// /echo/1.0.0 client: sends a deterministic pattern and checks the echo byte for byte.
// The server side is @libp2p/echo (registered as a service in node.mjs).

import { createHash } from 'node:crypto'

export const ECHO_PROTOCOL = '/echo/1.0.0'

const BLOCK_BYTES = 64 * 1024
const MB = 1_000_000

/**
 * A 64 KiB block derived from `seed` (SHA-256 in counter mode); the pattern repeats it.
 * @param {number} seed
 */
function patternBlock (seed) {
  const block = new Uint8Array(BLOCK_BYTES)
  for (let i = 0; i < BLOCK_BYTES / 32; i++) {
    block.set(createHash('sha256').update(`${seed}:${i}`).digest(), i * 32)
  }
  return block
}

async function * patternSource (block, total) {
  let left = total
  while (left > 0) {
    const n = Math.min(left, BLOCK_BYTES)
    yield block.subarray(0, n)
    left -= n
  }
}

/**
 * Sends `bytes` bytes over a new /echo/1.0.0 stream to `peer` and verifies the echo.
 * @param {import('libp2p').Libp2p} node
 * @param {any} peer peer id or multiaddr
 * @param {{ bytes: number, seed?: number, signal?: AbortSignal }} options
 */
export async function runEcho (node, peer, options) {
  const block = patternBlock(options.seed ?? 1)
  const stream = await node.dialProtocol(peer, ECHO_PROTOCOL, { signal: options.signal, runOnLimitedConnection: true })
  const t0 = performance.now()
  try {
    const sending = stream.sink(patternSource(block, options.bytes))
    let received = 0
    for await (const list of stream.source) {
      for (const chunk of list) {
        let offset = 0
        while (offset < chunk.byteLength) {
          const at = received % BLOCK_BYTES
          const n = Math.min(chunk.byteLength - offset, BLOCK_BYTES - at)
          if (Buffer.compare(chunk.subarray(offset, offset + n), block.subarray(at, at + n)) !== 0) {
            throw new Error(`echo differs within bytes ${received}..${received + n}`)
          }
          offset += n
          received += n
        }
      }
    }
    await sending
    if (received !== options.bytes) {
      throw new Error(`echo returned ${received} of ${options.bytes} bytes`)
    }
    const seconds = (performance.now() - t0) / 1000
    return { bytes: received, verified: true, MBps: Math.round(received / MB / seconds * 10) / 10, seconds }
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
  }
}
