/**
 * The service the deployment examples run (Dockerfile, kubernetes.yaml): the demo's hello route and
 * the health route the Kubernetes probes ask.
 * Run it as production does: `npx wharf run examples/deploy/app.ts`.
 */
import { App } from 'wharfjs'

export const app = new App({ title: 'Wharf service', version: '1.0.0' })

app.get('/', async () => ({ Hello: 'World' }))

// Probed by Kubernetes (liveness, readiness, startup). It answers once `wharf run` serves, which is
// after the lifespans' startup; it stops answering (connection refused) once shutdown begins.
app.get('/healthz', { includeInSchema: false }, async () => ({ status: 'ok' }))
