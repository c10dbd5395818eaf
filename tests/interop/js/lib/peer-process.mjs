import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const PEER_SCRIPT = fileURLToPath(new URL('../peer.mjs', import.meta.url))

/**
 * A peer.mjs child process driven over its JSON-lines control protocol.
 * Used by selftest.mjs; also a reference for how a harness should drive the peer.
 */
export class PeerProcess {
  /**
   * @param {string} name label for log lines
   * @param {string[]} args peer.mjs arguments
   */
  constructor (name, args) {
    this.name = name
    this.nextId = 1
    /** @type {Map<number, { resolve: (r: any) => void, reject: (e: Error) => void }>} */
    this.pending = new Map()
    /** @type {any[]} every event and error line, in arrival order */
    this.events = []
    /** @type {((line: any) => void)[]} */
    this.watchers = []
    this.nonJsonLines = []
    this.child = spawn(process.execPath, [PEER_SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    this.exited = new Promise(resolve => {
      this.child.on('exit', (code, signal) => {
        for (const { reject } of this.pending.values()) {
          reject(new Error(`${name}: exited (code ${code}, signal ${signal}) before answering`))
        }
        this.pending.clear()
        resolve({ code, signal })
      })
    })
    this.child.stdin.on('error', () => {})
    createInterface({ input: this.child.stderr }).on('line', l => process.stderr.write(`  [${name} stderr] ${l}\n`))
    createInterface({ input: this.child.stdout }).on('line', l => this.onLine(l))
    this.ready = this.waitFor(m => m.type === 'ready')
  }

  get pid () {
    return this.child.pid
  }

  onLine (line) {
    let msg
    try {
      msg = JSON.parse(line)
    } catch {
      this.nonJsonLines.push(line)
      return
    }
    if (msg.type === 'result' && this.pending.has(msg.id)) {
      this.pending.get(msg.id).resolve(msg)
      this.pending.delete(msg.id)
    } else {
      this.events.push(msg)
    }
    this.watchers = this.watchers.filter(w => !w(msg))
  }

  /**
   * Resolves with the first line (already seen or future) matching `predicate`.
   * @param {(msg: any) => boolean} predicate
   * @param {number} [timeoutMs]
   */
  waitFor (predicate, timeoutMs = 15000) {
    const seen = this.events.find(predicate)
    if (seen !== undefined) {
      return Promise.resolve(seen)
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: timed out waiting for an event`)), timeoutMs)
      this.watchers.push(msg => {
        if (!predicate(msg)) {
          return false
        }
        clearTimeout(timer)
        resolve(msg)
        return true
      })
    })
  }

  /**
   * Sends a command and resolves with its result line (ok or not).
   * @param {object} cmd
   * @param {number} [timeoutMs]
   */
  request (cmd, timeoutMs = 15000) {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${this.name}: no result for ${cmd.type} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, {
        resolve: r => { clearTimeout(timer); resolve(r) },
        reject: e => { clearTimeout(timer); reject(e) }
      })
      this.writeLine(JSON.stringify({ ...cmd, id }))
    })
  }

  /** Like request, but throws unless the result is ok. */
  async call (cmd, timeoutMs) {
    const r = await this.request(cmd, timeoutMs)
    if (r.ok !== true) {
      throw new Error(`${this.name}: ${cmd.type} failed: ${r.error}`)
    }
    return r
  }

  writeLine (line) {
    this.child.stdin.write(line + '\n')
  }

  closeStdin () {
    this.child.stdin.end()
  }

  kill () {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL')
    }
  }
}
