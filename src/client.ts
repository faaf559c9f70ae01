/**
 * `wharfjs/client`: the runtime of the typed client `wharf client app.ts --out api.ts` generates. It
 * runs on `fetch` and imports nothing from the server side, so it fits a browser bundle.
 *
 * @example
 * import { apiClient } from './api.ts' // generated
 * const api = apiClient({ baseUrl: 'http://127.0.0.1:8000' })
 * const res = await api.get('/items/{id}', { path: { id: 1 } })
 * if (res.status === 200) res.data.name
 * @module
 */
export type { CallOptions, Client, ClientOptions, ClientResponse, Method } from './client/runtime.ts'
export { createClient, UnexpectedStatusError } from './client/runtime.ts'
