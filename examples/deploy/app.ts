/**
 * The service the deployment examples run (Dockerfile, kubernetes.yaml): the demo's hello route.
 * Its health endpoints (/livez, /readyz, which the probes ask) come from `wharf run --health`.
 * Run it as production does: `npx wharf run examples/deploy/app.ts --health`.
 */
import { App } from 'wharfjs'

export const app = new App({ title: 'Wharf service', version: '1.0.0' })

app.get('/', async () => ({ Hello: 'World' }))
