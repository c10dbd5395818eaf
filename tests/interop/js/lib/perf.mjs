// /perf/1.0.0 (libp2p/specs perf/perf.md), server and client.
//
// Wire: the client writes an 8-byte big-endian u64 (how many bytes it wants back), then its
// upload, then closes its write side. The server reads the u64, drains to the client's EOF,
// only then writes the requested number of bytes and closes.
//
// Speed: every outgoing chunk is a view of one buffer allocated once per process and never
// written after creation, so handing the same bytes to the muxer again and again is safe and
// costs no allocation per chunk. Incoming data is only counted, never copied (except the 8
// header bytes).

import { setImmediate as nextMacrotask } from 'node:timers/promises'

export const PERF_PROTOCOL = '/perf/1.0.0'

/** Bytes per chunk handed to the stream sink. Yamux and noise split further on their own. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024

/** Stream limits per connection for /perf/1.0.0 in each direction. */
export const PERF_MAX_STREAMS = 1024

const HEADER_BYTES = 8

/**
 * The writer gives the event loop a turn after this many bytes. mplex has no flow control:
 * its sink only pushes onto an unbounded queue and awaits nothing but microtasks, so a fast
 * generator would starve the loop (no socket drain, no timers, no abort) and fill memory.
 * Yamux is bounded by its window anyway; one setImmediate per MiB costs it nothing measurable.
 */
const YIELD_EVERY_BYTES = 1024 * 1024
const MB = 1_000_000

let sharedChunk = new Uint8Array(0)

/**
 * Returns the process-wide constant payload buffer, at least `size` bytes long.
 * @param {number} size
 */
function payload (size) {
  if (sharedChunk.byteLength < size) {
    sharedChunk = new Uint8Array(size).fill(0x5a)
  }
  return sharedChunk
}

/**
 * Yields `total` bytes as views of the shared payload buffer.
 * @param {number} total
 * @param {number} chunkBytes
 * @param {Uint8Array} [first] bytes to yield before the payload
 */
async function * payloadSource (total, chunkBytes, first) {
  if (first !== undefined) {
    yield first
  }
  const chunk = payload(chunkBytes).subarray(0, chunkBytes)
  let left = total
  let sinceYield = 0
  while (left >= chunkBytes) {
    yield chunk
    left -= chunkBytes
    sinceYield += chunkBytes
    if (sinceYield >= YIELD_EVERY_BYTES) {
      sinceYield = 0
      await nextMacrotask()
    }
  }
  if (left > 0) {
    yield chunk.subarray(0, left)
  }
}

/**
 * Registers the server side of /perf/1.0.0 on a libp2p node.
 * @param {import('libp2p').Libp2p} node
 * @param {{ chunkBytes?: number, log?: (msg: string) => void }} [options]
 */
export async function handlePerf (node, options = {}) {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES
  const log = options.log ?? (() => {})
  await node.handle(PERF_PROTOCOL, ({ stream, connection }) => {
    serveOne(stream, chunkBytes).catch(err => {
      log(`perf: stream from ${connection.remotePeer} failed: ${err?.message ?? err}`)
      stream.abort(err instanceof Error ? err : new Error(String(err)))
    })
  }, {
    maxInboundStreams: PERF_MAX_STREAMS,
    maxOutboundStreams: PERF_MAX_STREAMS,
    runOnLimitedConnection: true
  })
}

/**
 * @param {import('@libp2p/interface').Stream} stream
 * @param {number} chunkBytes
 */
async function serveOne (stream, chunkBytes) {
  const header = new Uint8Array(HEADER_BYTES)
  let headerFill = 0
  for await (const list of stream.source) {
    if (headerFill < HEADER_BYTES) {
      const take = Math.min(HEADER_BYTES - headerFill, list.byteLength)
      header.set(list.subarray(0, take), headerFill)
      headerFill += take
    }
  }
  if (headerFill < HEADER_BYTES) {
    throw new Error(`client closed after ${headerFill} of ${HEADER_BYTES} header bytes`)
  }
  const wanted = new DataView(header.buffer).getBigUint64(0, false)
  // Above 2^53 - 1 the request is "until the client goes away" in practice (the spec's
  // timer-based download asks for u64 max); Number.MAX_SAFE_INTEGER bytes never finish.
  const total = wanted > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(wanted)
  await stream.sink(payloadSource(total, chunkBytes))
}

/**
 * Runs the client side of /perf/1.0.0 over a new stream to `peer`.
 *
 * Timing, all with performance.now() on the client:
 *  t0: the stream is negotiated, just before the first header byte is written;
 *  t1: the first response byte arrives (or the response EOF when downloadBytes is 0).
 *      The server sends nothing before it has seen our EOF, so by t1 it holds the whole upload;
 *  t2: the response EOF has arrived.
 * upload = uploadBytes over t1 - t0, download = downloadBytes over t2 - t1,
 * seconds = t2 - t0. MB is 10^6 bytes.
 * @param {import('libp2p').Libp2p} node
 * @param {import('@libp2p/interface').PeerId | import('@multiformats/multiaddr').Multiaddr} peer
 * @param {{ uploadBytes: number, downloadBytes: number, chunkBytes?: number, signal?: AbortSignal }} options
 */
export async function runPerf (node, peer, options) {
  const { uploadBytes, downloadBytes } = options
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES
  const stream = await node.dialProtocol(peer, PERF_PROTOCOL, {
    signal: options.signal,
    maxOutboundStreams: PERF_MAX_STREAMS,
    runOnLimitedConnection: true
  })
  const onAbort = () => stream.abort(new Error('perf aborted: ' + (options.signal?.reason?.message ?? 'timeout')))
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const header = new Uint8Array(HEADER_BYTES)
    new DataView(header.buffer).setBigUint64(0, BigInt(downloadBytes), false)
    const t0 = performance.now()
    const sending = stream.sink(payloadSource(uploadBytes, chunkBytes, header))
    let t1 = -1
    let received = 0
    for await (const list of stream.source) {
      if (t1 < 0) {
        t1 = performance.now()
      }
      received += list.byteLength
    }
    const t2 = performance.now()
    if (t1 < 0) {
      t1 = t2
    }
    await sending
    if (received !== downloadBytes) {
      throw new Error(`perf: asked for ${downloadBytes} bytes, server sent ${received}`)
    }
    const uploadSeconds = (t1 - t0) / 1000
    const downloadSeconds = (t2 - t1) / 1000
    return {
      uploadBytes,
      downloadBytes: received,
      uploadMBps: rate(uploadBytes, uploadSeconds),
      downloadMBps: rate(received, downloadSeconds),
      seconds: (t2 - t0) / 1000,
      uploadSeconds,
      downloadSeconds
    }
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)))
    throw err
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
}

/**
 * @param {number} bytes
 * @param {number} seconds
 */
function rate (bytes, seconds) {
  if (bytes === 0 || seconds <= 0) {
    return 0
  }
  return Math.round((bytes / MB / seconds) * 100) / 100
}
