import { HttpClient } from './client.ts'
import type { HttpClientOptions } from './options.ts'

/**
 * An `HttpClient` as a dependency: a generator function that creates the client and closes its pool at
 * teardown. Declare it app-scoped, so one client (one pool) serves every request and is closed at
 * shutdown; tests replace it through `app.dependencyOverrides` with a client aimed at a local server.
 *
 * @example
 * const upstream = Depends(httpClientDependency({ baseUrl: 'https://api.example.org', timeout: 5_000 }),
 *   { scope: 'app', name: 'upstream' })
 * app.get('/users/{id}', { deps: { http: upstream } }, async ({ path, deps, signal }) =>
 *   (await deps.http.get(`/users/${path.id}`, { signal })).raiseForStatus().json())
 * // in a test:
 * app.dependencyOverrides.set(upstream, () => new HttpClient({ baseUrl: fake.url }))
 */
export function httpClientDependency(
  options: HttpClientOptions = {},
): () => AsyncGenerator<HttpClient, void, undefined> {
  return async function* httpClient() {
    const client = new HttpClient(options)
    try {
      yield client
    } finally {
      await client.close()
    }
  }
}
