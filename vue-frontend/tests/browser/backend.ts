/**
 * Starts the REAL DataPulse backend for the browser tests: the API (which serves the
 * built UI) and the WebSocket server, each in its own process group on free ports,
 * with a temporary DATA_DIR and UPLOAD_FOLDER. Every process is killed at the end,
 * even when a test fails or the runner exits early.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const UI_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
export const ROOT = resolve(UI_DIR, '..')
const PYTHON = join(ROOT, '.venv', 'bin', 'python')
const START_TIMEOUT_MS = 45_000

export interface Service {
  name: string
  child: ChildProcess
  exited: Promise<number | null>
}

export interface Backend {
  apiUrl: string
  wsPort: number
  flaskPort: number
  dataDir: string
  /** A folder outside DATA_DIR that sql data sources may reach (SQL_SOURCE_ALLOWLIST). */
  sourcesDir: string
  logFile: string
  /** Why the WebSocket server could not start, or null when it runs. */
  wsError: string | null
  /** Kills the WebSocket server (SIGKILL, no goodbye) and waits until its port is closed. */
  killWs(): Promise<void>
  /** Starts the WebSocket server again on the same port and waits for its /health. */
  startWs(): Promise<void>
  stop(): Promise<void>
  logTail(lines?: number): string
}

/** A free TCP port on 127.0.0.1 (the OS picks it, then we release it). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.unref()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => ok(port))
    })
  })
}

const live = new Set<ChildProcess>()

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // the group is already gone
  }
}

// Last resort: a runner that exits (or crashes) must not leave servers behind.
process.once('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL')
})

function startService(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Service {
  const child = spawn(PYTHON, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  live.add(child)
  const log = (chunk: Buffer): void => {
    const text = chunk.toString('utf8')
    appendFileSync(logFile, text.replace(/^(?=.)/gm, `[${name}] `))
  }
  child.stdout?.on('data', log)
  child.stderr?.on('data', log)
  const exited = new Promise<number | null>((ok) => {
    child.once('exit', (code) => {
      live.delete(child)
      ok(code)
    })
  })
  return { name, child, exited }
}

async function stopService(service: Service, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  killGroup(service.child, signal)
  // The launcher itself stops its children within 10 s of a SIGTERM.
  const timeout = new Promise<'timeout'>((ok) => setTimeout(() => ok('timeout'), 12_000).unref())
  if ((await Promise.race([service.exited, timeout])) === 'timeout') {
    killGroup(service.child, 'SIGKILL')
    await service.exited
  }
}

/** Polls `url` until it answers (any status below 600 with a body) or the service dies. */
async function waitForHttp(url: string, service: Service, okStatuses: number[], logTail: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  let last = 'no answer'
  let dead = false
  void service.exited.then(() => {
    dead = true
  })
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${service.name} exited before it was ready (${url}).\n${logTail()}`)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (okStatuses.includes(response.status)) return
      last = `HTTP ${response.status}`
    } catch (err) {
      last = String(err)
    }
    await new Promise((ok) => setTimeout(ok, 200))
  }
  throw new Error(`${service.name} not ready at ${url} after ${START_TIMEOUT_MS} ms (${last}).\n${logTail()}`)
}

async function waitForPortClosed(port: number): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) })
    } catch {
      return
    }
    await new Promise((ok) => setTimeout(ok, 100))
  }
  throw new Error(`port ${port} still answers after the WebSocket server was killed`)
}

/** The API launch command: the supervised launcher when it knows `--api-only`, else the factory. */
function apiArgs(flaskPort: number): string[] {
  const cli = join(ROOT, 'datapulse', 'launcher', 'cli.py')
  if (existsSync(cli) && readFileSync(cli, 'utf8').includes('--api-only')) {
    return ['run_server.py', '--api-only', '--debug', '--flask-port', String(flaskPort)]
  }
  const code = [
    'from datapulse.api.app import create_app',
    'from datapulse.settings import load_settings',
    's = load_settings()',
    'create_app(s).run(host=s.HOST, port=s.FLASK_PORT, threaded=True, use_reloader=False)',
  ].join('\n')
  return ['-c', code]
}

/** `env`: settings added for one spec (a plugin's fake service, its allowlist). */
export async function startBackend(options: { env?: Record<string, string> } = {}): Promise<Backend> {
  if (!existsSync(PYTHON)) throw new Error(`no Python venv at ${PYTHON}: run \`make install\` first`)
  if (!existsSync(join(UI_DIR, 'dist', 'index.html'))) throw new Error('vue-frontend/dist is missing: run `npm run build` first')
  const dataDir = mkdtempSync(join(tmpdir(), 'datapulse-browser-'))
  const uploadDir = join(dataDir, 'uploads')
  mkdirSync(uploadDir)
  const logFile = join(dataDir, 'servers.log')
  const sourcesDir = mkdtempSync(join(tmpdir(), 'datapulse-sources-'))
  const flaskPort = await freePort()
  let wsPort = await freePort()
  while (wsPort === flaskPort) wsPort = await freePort()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    FLASK_PORT: String(flaskPort),
    WS_PORT: String(wsPort),
    DATA_DIR: dataDir,
    UPLOAD_FOLDER: uploadDir,
    SECRET_KEY: 'browser-test-secret-key-0123456789abcdef',
    SQL_SOURCE_ALLOWLIST: sourcesDir,
    METRICS_INTERVAL: '0.5',
    HEARTBEAT_INTERVAL: '5',
    LOG_LEVEL: 'INFO',
    PYTHONUNBUFFERED: '1',
    ...options.env,
  }
  delete env.DATABASE_URL
  delete env.REDIS_URL
  const logTail = (lines = 40): string => {
    if (!existsSync(logFile)) return '(no server output)'
    return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n')
  }
  const wsScript = join(ROOT, 'websocket_server.py')
  let ws: Service | null = null
  const startWs = async (): Promise<void> => {
    if (!existsSync(wsScript)) throw new Error('websocket_server.py does not exist yet')
    ws = startService('ws', ['websocket_server.py', '--host', '127.0.0.1', '--port', String(wsPort)], env, logFile)
    await waitForHttp(`http://127.0.0.1:${wsPort}/health`, ws, [200], logTail)
  }
  const api = startService('api', apiArgs(flaskPort), env, logFile)
  const apiUrl = `http://127.0.0.1:${flaskPort}`
  const stop = async (): Promise<void> => {
    await Promise.all([stopService(api), ws ? stopService(ws) : Promise.resolve()])
    if (process.env.KEEP_BROWSER_TEST_DATA) return
    rmSync(dataDir, { recursive: true, force: true })
    rmSync(sourcesDir, { recursive: true, force: true })
  }
  // The API must come up; a WebSocket server that cannot start fails only the tests that need it.
  let wsError: string | null = null
  const wsStarted = startWs().catch((err: unknown) => {
    wsError = String(err)
  })
  try {
    await waitForHttp(`${apiUrl}/api/health`, api, [200, 503], logTail)
    await wsStarted
  } catch (err) {
    await stop()
    throw err
  }
  return {
    apiUrl,
    wsPort,
    flaskPort,
    dataDir,
    sourcesDir,
    logFile,
    get wsError() {
      return wsError
    },
    async killWs() {
      if (ws) await stopService(ws, 'SIGKILL')
      ws = null
      await waitForPortClosed(wsPort)
    },
    async startWs() {
      await startWs()
      wsError = null
    },
    stop,
    logTail,
  }
}
