import { describe, expectTypeOf, it } from 'vitest'
import { App, type Dependency, Depends } from 'wharfjs'
import {
  APIKeyCookie,
  APIKeyHeader,
  APIKeyQuery,
  type HTTPAuthorizationCredentials,
  HTTPBasic,
  type HTTPBasicCredentials,
  HTTPBearer,
  OAuth2PasswordBearer,
  type OAuth2PasswordRequest,
  OAuth2PasswordRequestForm,
  OAuth2PasswordRequestFormStrict,
  type OAuth2PasswordRequestStrict,
} from 'wharfjs/security'

describe('security dependency types', () => {
  it('provide the credential, or credential | undefined with autoError: false', () => {
    expectTypeOf(APIKeyHeader({ name: 'k' })).toEqualTypeOf<Dependency<string, {}>>()
    expectTypeOf(APIKeyQuery({ name: 'k', autoError: true })).toEqualTypeOf<Dependency<string, {}>>()
    expectTypeOf(APIKeyCookie({ name: 'k', autoError: false })).toEqualTypeOf<
      Dependency<string | undefined, {}>
    >()
    expectTypeOf(HTTPBasic()).toEqualTypeOf<Dependency<HTTPBasicCredentials, {}>>()
    expectTypeOf(HTTPBasic({ autoError: false })).toEqualTypeOf<
      Dependency<HTTPBasicCredentials | undefined, {}>
    >()
    expectTypeOf(HTTPBearer()).toEqualTypeOf<Dependency<HTTPAuthorizationCredentials, {}>>()
    expectTypeOf(OAuth2PasswordBearer({ tokenUrl: '/token' })).toEqualTypeOf<Dependency<string, {}>>()
    const optional = OAuth2PasswordBearer({ tokenUrl: '/token', autoError: false })
    expectTypeOf(optional).toEqualTypeOf<Dependency<string | undefined, {}>>()
  })

  it('a boolean only known at run time gives credential | undefined', () => {
    const autoError: boolean = process.env.AUTH_OPTIONAL !== '1'
    expectTypeOf(HTTPBearer({ autoError })).toEqualTypeOf<
      Dependency<HTTPAuthorizationCredentials | undefined, {}>
    >()
  })

  it('flow into ctx.deps of routes and of dependencies that use them', () => {
    const oauth2 = OAuth2PasswordBearer({ tokenUrl: '/token' })
    const currentUser = Depends({ deps: { token: oauth2 } }, ({ deps }) => {
      expectTypeOf(deps.token).toEqualTypeOf<string>()
      return { name: deps.token }
    })
    const app = new App({ logger: false })
    app.get('/me', { deps: { user: currentUser, basic: HTTPBasic({ autoError: false }) } }, ({ deps }) => {
      expectTypeOf(deps.user).toEqualTypeOf<{ name: string }>()
      expectTypeOf(deps.basic).toEqualTypeOf<HTTPBasicCredentials | undefined>()
      return deps.user
    })
    app.post('/token', { deps: { login: OAuth2PasswordRequestForm } }, ({ deps }) => {
      expectTypeOf(deps.login).toEqualTypeOf<OAuth2PasswordRequest>()
      expectTypeOf(deps.login.scopes).toEqualTypeOf<string[]>()
      expectTypeOf(deps.login.grantType).toEqualTypeOf<'password' | undefined>()
      return { ok: true }
    })
    app.post('/strict', { deps: { login: OAuth2PasswordRequestFormStrict } }, ({ deps }) => {
      expectTypeOf(deps.login).toEqualTypeOf<OAuth2PasswordRequestStrict>()
      expectTypeOf(deps.login.grantType).toEqualTypeOf<'password'>()
      return { ok: true }
    })
  })

  it('require the options a utility cannot work without', () => {
    // Only type-checked, never run.
    const misuse = () => {
      // @ts-expect-error: an API key needs the name of its header, query parameter or cookie
      APIKeyHeader({})
      // @ts-expect-error: OAuth2PasswordBearer needs the token URL
      OAuth2PasswordBearer({})
    }
    expectTypeOf(misuse).toBeFunction()
  })
})
