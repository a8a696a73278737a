/**
 * The one place that talks HTTP to the Lvyue API.
 *
 * `api` is an openapi-fetch client typed by the generated `paths` (src/api/schema.d.ts). Its
 * `fetch` is {@link authFetch}, which
 *   - sends `Authorization: Bearer <access token>` from the session store;
 *   - refreshes the session silently (`POST /auth/refresh`) shortly before the access token
 *     expires, and once more when a request answers 401, then repeats that request. Refresh
 *     tokens are single-use (a replayed one ends the whole session), so refreshes are
 *     serialised: concurrent callers share one refresh, and across tabs a Web Lock plus the
 *     shared localStorage make a tab adopt the tokens another tab just obtained;
 *   - on a 401 that a refresh cannot cure, forgets the session and calls the unauthorized
 *     handler (the router: back to /login?redirect=<this page>);
 *   - turns a network failure into an {@link ApiError} with status 0.
 * {@link unwrap} turns openapi-fetch's `{data, error, response}` into data or a thrown
 * {@link ApiError} built from the RFC 9457 problem, and shows the server's Chinese `detail`
 * (ElMessage) unless the caller says it reports that status itself (`quiet`).
 */
import createClient from 'openapi-fetch'
import type { paths } from '@/api/schema'
import type { FieldError, ProblemDetails, TokenResponse } from '@/api/types'
import { useUserStore } from '@/stores/user'

/** Origin prefix of the API (same origin by default: Vite proxies it in dev, nginx in production). */
export const API_ORIGIN = (import.meta.env.VITE_API_BASE ?? '').replace(/\/$/, '')
export const API_BASE = `${API_ORIGIN}/api/v1`

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 60_000

const REFRESH_PATH = '/api/v1/auth/refresh'
/** Endpoints that never carry the access token. */
const ANONYMOUS_PATHS = ['/api/v1/auth/login', REFRESH_PATH]

export class ApiError extends Error {
  readonly status: number
  readonly code: string | undefined
  readonly detail: string
  readonly problem: ProblemDetails

  constructor(status: number, problem: ProblemDetails, fallback: string) {
    const detail = problem.detail || problem.title || fallback
    super(detail)
    this.name = 'ApiError'
    this.status = status
    this.code = problem.code
    this.detail = detail
    this.problem = problem
  }

  get fieldErrors(): FieldError[] {
    return Array.isArray(this.problem.errors) ? this.problem.errors : []
  }
}

export function fallbackMessage(status: number): string {
  if (status === 0) return '网络连接失败，请检查网络后重试'
  if (status === 401) return '登录已失效，请重新登录'
  if (status === 403) return '没有执行此操作的权限'
  if (status === 404) return '请求的资源不存在'
  if (status === 409) return '操作与当前状态冲突，请刷新后重试'
  if (status === 412) return '数据已被他人修改，请刷新后重试'
  if (status === 413) return '上传内容过大'
  if (status === 429) return '请求过于频繁，请稍后重试'
  if (status >= 500) return `服务器暂时无法处理请求（HTTP ${status}），请稍后重试`
  return `请求失败（HTTP ${status}）`
}

// ---------------------------------------------------------------------------------------------
// Hooks set by the app (router, Element Plus); tests replace them.

export interface RequestHooks {
  /** The session is over (401 that a refresh could not cure): go to the sign-in page. */
  unauthorized: () => void
  /** The account must change its password first (403 `password_change_required`). */
  passwordChangeRequired: () => void
  /** Shows an error message to the user. */
  notify: (message: string) => void
  /**
   * The session ended mid-work (a 401 that a refresh could not cure): ask the user to sign in
   * again without leaving the page. Resolves true once signed in again (the request is then
   * repeated with the new token), false to give up (the unauthorized handler runs).
   */
  reauthenticate: () => Promise<boolean>
}

const defaultHooks: RequestHooks = {
  unauthorized: () => {},
  reauthenticate: () => Promise.resolve(false),
  passwordChangeRequired: () => {},
  notify: (message) => {
    ElMessage.error({ message, grouping: true })
  },
}
let hooks: RequestHooks = { ...defaultHooks }

export function setRequestHooks(next: Partial<RequestHooks>): void {
  hooks = { ...hooks, ...next }
}

export function resetRequestHooks(): void {
  hooks = { ...defaultHooks }
}

/** Called when an authenticated request gets a 401 that refreshing cannot cure. */
export function onUnauthorized(handler: () => void): void {
  setRequestHooks({ unauthorized: handler })
}

// ---------------------------------------------------------------------------------------------
// Session refresh

let refreshing: Promise<boolean> | null = null

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>
}

/** Runs `task` under a browser-wide lock when the Web Locks API exists (other tabs wait). */
function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks
  return locks ? locks.request('lvyue.auth.refresh', task) : task()
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://localhost').pathname
  } catch {
    return url
  }
}

async function postRefresh(refreshToken: string): Promise<Response> {
  try {
    return await globalThis.fetch(`${API_ORIGIN}${REFRESH_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, {}, fallbackMessage(0))
  }
}

async function doRefresh(): Promise<boolean> {
  const session = useUserStore()
  const before = session.accessToken
  return withRefreshLock(async () => {
    // Another tab (or an earlier caller in this one) may have rotated the tokens meanwhile.
    session.syncFromStorage()
    if (session.accessToken !== before) return session.accessToken !== null
    const token = session.refreshToken
    if (!token) return false
    const response = await postRefresh(token)
    // Signed out (or signed in again) meanwhile: this answer belongs to a session that is over.
    if (session.refreshToken !== token) return false
    if (!response.ok) {
      if (response.status >= 500) throw new ApiError(response.status, {}, fallbackMessage(response.status))
      session.dropRefreshToken() // 400/401: the refresh token is used up, expired or revoked
      return false
    }
    const next = (await response.json()) as TokenResponse
    if (session.refreshToken !== token) return false
    session.setSession(next)
    return true
  })
}

/**
 * Exchanges the refresh token for new tokens (rotation). Concurrent calls share one request.
 * Answers false when the session cannot be renewed; throws an ApiError on a network failure
 * (the session is kept: the next request tries again).
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= doRefresh().finally(() => {
    refreshing = null
  })
  return refreshing
}

/** After a 401 for `usedToken`: renew unless someone already did. */
async function renewAfter(usedToken: string): Promise<boolean> {
  const session = useUserStore()
  if (refreshing) return refreshing
  if (session.accessToken !== null && session.accessToken !== usedToken) return true
  return refreshSession()
}

/**
 * Ends the current session on the server (`POST /auth/logout`), best effort and without any
 * refresh or 401 handling: used when signing out, so nothing can renew the session meanwhile.
 * The token is taken at once, so the caller may forget the session right after calling.
 */
export async function revokeSession(): Promise<void> {
  const session = useUserStore()
  const token = session.accessToken
  if (!token) return
  try {
    await globalThis.fetch(`${API_ORIGIN}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { Authorization: `${session.tokenType || 'Bearer'} ${token}` },
      credentials: 'same-origin',
    })
  } catch {
    // Offline: the session still ends locally, and on the server when its tokens expire.
  }
}

let reauthenticating: Promise<boolean> | null = null

/** One sign-in prompt for every request that failed meanwhile. */
function reauthenticate(): Promise<boolean> {
  reauthenticating ??= hooks
    .reauthenticate()
    .catch(() => false)
    .finally(() => {
      reauthenticating = null
    })
  return reauthenticating
}

function expireSession(): void {
  const session = useUserStore()
  const wasLoggedIn = session.isLoggedIn
  session.clearSession()
  if (wasLoggedIn) hooks.unauthorized()
}

async function send(request: Request, init?: RequestInit): Promise<Response> {
  try {
    return await globalThis.fetch(request, init)
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, {}, fallbackMessage(0))
  }
}

/**
 * Sends a request with the session's token: renews the session shortly before the access token
 * expires, and once more when the answer is 401 (then sends again); a 401 that a refresh cannot
 * cure ends the session. `send` gets the Authorization header value (null without a session).
 * Used by {@link authFetch} and by requests made outside {@link api} (an upload through
 * XMLHttpRequest, for its progress events), so the token logic lives here alone.
 */
export async function withAuthorization<R extends { status: number }>(
  send: (authorization: string | null) => Promise<R>,
): Promise<R> {
  const session = useUserStore()
  if (session.refreshToken && session.expiresWithin(REFRESH_MARGIN_MS)) {
    // Renew before the server would refuse the token; a failure here is retried on 401 below.
    await refreshSession().catch(() => false)
  }
  const usedToken = session.accessToken
  if (usedToken === null) return send(null)

  let response = await send(`${session.tokenType || 'Bearer'} ${usedToken}`)
  if (response.status !== 401) return response

  if (session.refreshToken !== null || session.accessToken !== usedToken) {
    let renewed = false
    try {
      renewed = await renewAfter(usedToken)
    } catch (err) {
      if (err instanceof ApiError && err.status === 0) throw err
    }
    if (renewed && session.accessToken) {
      response = await send(`${session.tokenType || 'Bearer'} ${session.accessToken}`)
      if (response.status !== 401) return response
    }
  }
  // Mid-work (a session existed): sign in again in place, then repeat the request (#23).
  if (session.isLoggedIn && (await reauthenticate()) && session.accessToken) {
    response = await send(`${session.tokenType || 'Bearer'} ${session.accessToken}`)
    if (response.status !== 401) return response
  }
  expireSession()
  return response
}

/**
 * The fetch behind {@link api}: token, silent refresh, 401 handling, network failures.
 * Exported for tests.
 */
export async function authFetch(request: Request, init?: RequestInit): Promise<Response> {
  if (ANONYMOUS_PATHS.includes(pathOf(request.url))) return send(request, init)
  // A body can be read once: keep a copy for the repeat after a refresh.
  let next: Request | null = request
  let retry: Request | null = null
  return withAuthorization((authorization) => {
    const current: Request = next ?? (retry as Request)
    if (next) {
      if (authorization) retry = request.clone()
      next = null
    }
    if (authorization) current.headers.set('Authorization', authorization)
    return send(current, init)
  })
}

/** The typed API client. Use it through the modules in src/api/ and {@link unwrap}. */
// Array query parameters are comma separated (`state=assigned,rectifying`), as the spec declares
// them (`style: form, explode: false`).
export const api = createClient<paths>({
  baseUrl: API_ORIGIN,
  fetch: authFetch,
  querySerializer: { array: { style: 'form', explode: false } },
})

// ---------------------------------------------------------------------------------------------
// Results

export interface CallOptions {
  /**
   * Statuses the caller reports to the user itself (no message from here), or true for all.
   * 401 is never reported here: the sign-in page says why.
   */
  quiet?: boolean | readonly number[]
}

/** Builds the ApiError for a failed response and its (parsed) body. */
export function toApiError(status: number, body: unknown): ApiError {
  const problem: ProblemDetails = body !== null && typeof body === 'object' ? (body as ProblemDetails) : {}
  return new ApiError(status, problem, fallbackMessage(status))
}

/**
 * Shows a failed call's message (or leads to /password, or stays silent on 401 and on the
 * statuses the caller reports itself). Exported for calls made outside {@link api} (uploads).
 */
export function reportApiError(err: ApiError, options: CallOptions = {}): void {
  if (err.status === 403 && err.code === 'password_change_required') {
    hooks.passwordChangeRequired()
    return
  }
  if (err.status === 401) return
  const quiet = options.quiet
  if (quiet === true || (Array.isArray(quiet) && quiet.includes(err.status))) return
  hooks.notify(err.detail)
}

interface FetchResult<D> {
  data?: D
  error?: unknown
  response: Response
}

/**
 * Awaits an openapi-fetch call: the data and the response (for headers such as the ETag),
 * or a thrown ApiError whose Chinese `detail` has been shown unless `quiet`.
 */
export async function unwrap<D>(
  call: Promise<FetchResult<D>>,
  options: CallOptions = {},
): Promise<{ data: D; response: Response }> {
  let result: FetchResult<D>
  try {
    result = await call
  } catch (err) {
    const error = err instanceof ApiError ? err : null
    if (error) reportApiError(error, options)
    throw err
  }
  if (!result.response.ok) {
    const error = toApiError(result.response.status, result.error)
    reportApiError(error, options)
    throw error
  }
  return { data: result.data as D, response: result.response }
}

/** The data of an openapi-fetch call; see {@link unwrap}. */
export async function request<D>(call: Promise<FetchResult<D>>, options?: CallOptions): Promise<D> {
  return (await unwrap(call, options)).data
}

/** The version in an ETag (`"3"` or `W/"3"`), or null. */
export function etagOf(response: Response): string | null {
  return response.headers.get('ETag')
}

/** The Chinese message to show for any error thrown while calling the API. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.detail
  if (err instanceof Error && err.message) return err.message
  return '操作失败，请稍后重试'
}
