import { WHARF } from './harness.ts'

/**
 * The source of the app the serving tests run (`wharf run` imports it from a temp folder). Lines it
 * prints with `console.log` are JSON, like the logs, so tests can find them.
 */
export const fixtureApp = `
import { App } from '${WHARF}'

const sleep = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms)
  signal?.addEventListener('abort', () => { clearTimeout(timer); resolve() })
})
let lastAbort = null

export const app = new App({
  lifespan: async function* () {
    yield
    console.log(JSON.stringify({ msg: 'lifespan closed' }))
  },
})

app.get('/', async () => ({ Hello: 'World' }))
app.get('/pid', async () => ({ pid: process.pid }))
app.get('/whoami', async (ctx) => ({ client: ctx.request.remoteAddress, scheme: ctx.request.scheme, path: ctx.pathname }))
app.get('/log', async (ctx) => {
  ctx.log.info('from the handler')
  return { logged: true }
})
app.get('/slow/{ms}', async (ctx) => {
  ctx.log.info('slow started')
  await sleep(Number(ctx.path.ms))
  return { slept: Number(ctx.path.ms) }
})
app.get('/timeout', { timeout: 200 }, async ({ signal }) => {
  await sleep(5_000, signal)
  lastAbort = signal.aborted ? signal.reason.name : 'not aborted'
  return { late: true }
})
app.get('/last-abort', async () => ({ lastAbort }))
app.get('/boom', async () => {
  throw new Error('boom')
})
app.get('/env', async () => ({ value: process.env.WHARF_TEST_VALUE ?? null }))
app.get('/background', async (ctx) => {
  ctx.background.add(async () => {
    await sleep(300)
    console.log(JSON.stringify({ msg: 'background done' }))
  })
  return { queued: true }
})
`
