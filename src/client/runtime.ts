/** The HTTP methods an API description can have operations for. */
export type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace'

/** Where the client sends requests, and how. */
export interface ClientOptions {
  /** The app's URL, without a trailing slash: `http://127.0.0.1:8000`, `https://api.example.com/v1`. */
  baseUrl: string
  /** The `fetch` to call (a test double, one with a proxy...). Default: the global `fetch`. */
  fetch?: (request: Request) => Promise<Response>
  /** Headers sent with every request (an `authorization` for instance). */
  headers?: Record<string, string>
  /**
   * The statuses each operation declares, keyed `"GET /items/{id}"` (the generated `apiClient` passes
   * them). A response with another status is thrown as `UnexpectedStatusError`, so the types never lie;
   * without them, every response is returned as if declared.
   */
  declaredStatuses?: Record<string, readonly number[]>
}

/** Per-call options besides the operation's own request fields. */
export interface CallOptions {
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** One possible response of an operation: `status` tells which, and types `data`. */
export type ClientResponse<Responses> = {
  [Status in keyof Responses]: {
    status: Status
    /** True for a 2xx status. */
    ok: `${Status & number}` extends `2${string}` ? true : false
    /** The body: parsed JSON, else text; `undefined` when empty. */
    data: Responses[Status]
    headers: Headers
    response: Response
  }
}[keyof Responses]

type RequestOf<Operation> = Operation['request' & keyof Operation]
type ResponsesOf<Operation> = Operation['responses' & keyof Operation]
/** The options argument is optional when the operation needs nothing. */
type Args<Request> = {} extends Request ? [options?: Request & CallOptions] : [options: Request & CallOptions]

/**
 * A typed client: one function per method of the API, taking a path template and its request.
 * Types come from the generated `Api` interface by lookup, so their cost does not grow with routes.
 */
export type Client<Api> = {
  [M in keyof Api & Method]: <Path extends keyof Api[M] & string>(
    path: Path,
    ...args: Args<RequestOf<Api[M][Path]>>
  ) => Promise<ClientResponse<ResponsesOf<Api[M][Path]>>>
}

/**
 * A response whose status the operation does not declare (a 500, a proxy's 502...): its body is
 * available, but no declared type describes it.
 *
 * @example
 * try { await api.get('/items') } catch (error) { if (error instanceof UnexpectedStatusError) error.status }
 */
export class UnexpectedStatusError extends Error {
  override name = 'UnexpectedStatusError'
  constructor(
    readonly status: number,
    readonly data: unknown,
    readonly response: Response,
  ) {
    super(`${response.url}: status ${status} is not one the operation declares`)
  }
}

/** A response before `Api` gives it a type. */
interface RawResponse {
  status: number
  ok: boolean
  data: unknown
  headers: Headers
  response: Response
}

interface RequestFields {
  path?: Record<string, unknown>
  query?: Record<string, unknown>
  headers?: Record<string, unknown>
  body?: unknown
  form?: Record<string, unknown>
  signal?: AbortSignal
}

/**
 * A client for the API described by `Api` (written by `wharf client app.ts --out api.ts`, which also
 * exports `apiClient`, this with the declared statuses). Runs on `fetch`: Node, browsers, Deno, Bun.
 *
 * @example
 * import type { Api } from './api.ts'
 * const api = createClient<Api>({ baseUrl: 'http://127.0.0.1:8000' })
 * const res = await api.get('/items/{id}', { path: { id: 1 } })
 * if (res.status === 200) console.log(res.data.name)
 */
export function createClient<Api>(options: ClientOptions): Client<Api> {
  const send = options.fetch ?? ((request: Request) => fetch(request))
  const call =
    (method: Method) =>
    async (path: string, fields: RequestFields = {}): Promise<RawResponse> => {
      const request = new Request(
        options.baseUrl + expandPath(path, fields.path) + queryString(fields.query),
        {
          method: method.toUpperCase(),
          ...requestBody(fields),
          ...(fields.signal ? { signal: fields.signal } : {}),
        },
      )
      for (const [name, value] of Object.entries({ ...options.headers, ...fields.headers })) {
        if (value !== undefined && value !== null) request.headers.set(name, String(value))
      }
      const response = await send(request)
      const data = await readBody(response)
      const declared = options.declaredStatuses?.[`${method.toUpperCase()} ${path}`]
      if (declared !== undefined && !declared.includes(response.status)) {
        throw new UnexpectedStatusError(response.status, data, response)
      }
      const ok = response.status >= 200 && response.status < 300
      return { status: response.status, ok, data, headers: response.headers, response }
    }
  const methods: Method[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
  // The types of each call come from `Api`; at run time every method is the same function.
  return Object.fromEntries(methods.map((method) => [method, call(method)])) as unknown as Client<Api>
}

/** `/items/{id}` with `{ id: 'a b' }` → `/items/a%20b`; a missing parameter is a mistake worth stopping. */
function expandPath(template: string, values: Record<string, unknown> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined || value === null)
      throw new TypeError(`${template}: path parameter "${name}" is missing`)
    return encodeURIComponent(String(value))
  })
}

/** `?a=1&tag=x&tag=y`: arrays repeat the key (what FastAPI and Wharf read as a list); undefined is left out. */
function queryString(query: Record<string, unknown> = {}): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) search.append(name, String(item))
    }
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}

/** JSON for `body` (bytes, a Blob or FormData as they are); `form` as multipart when it holds a file, url-encoded otherwise. */
function requestBody(fields: RequestFields): { body?: BodyInit; headers?: Record<string, string> } {
  if (fields.form !== undefined) {
    const entries = Object.entries(fields.form).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value])
        .filter((item) => item !== undefined)
        .map((item) => [name, item] as const),
    )
    if (entries.some(([, value]) => value instanceof Blob)) {
      const data = new FormData()
      for (const [name, value] of entries) data.append(name, value instanceof Blob ? value : String(value))
      return { body: data }
    }
    return { body: new URLSearchParams(entries.map(([name, value]) => [name, String(value)])) }
  }
  if (fields.body === undefined) return {}
  if (isBodyInit(fields.body)) return { body: fields.body }
  return { body: JSON.stringify(fields.body), headers: { 'content-type': 'application/json' } }
}

/** Bytes sent as they are; anything else (strings included) is a JSON value. */
function isBodyInit(value: unknown): value is BodyInit {
  return (
    value instanceof Blob ||
    value instanceof ArrayBuffer ||
    ArrayBuffer.isView(value) ||
    value instanceof URLSearchParams ||
    value instanceof FormData
  )
}

/** Parsed JSON when the server says JSON, text otherwise, `undefined` when there is no body. */
async function readBody(response: Response): Promise<unknown> {
  const text = await response.text()
  if (text === '') return undefined
  const type = response.headers.get('content-type') ?? ''
  return /[/+]json\b/.test(type) ? JSON.parse(text) : text
}
