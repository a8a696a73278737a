/**
 * Minimal fetch wrapper for the Lvyue API (no axios: keeps the bundle small).
 *
 * - base path `/api/v1` (same origin: Vite proxies it in dev, nginx in production);
 * - sends `Authorization: Bearer <access token>` from the session store;
 * - JSON in and out; errors become {@link ApiError} built from the RFC 9457
 *   problem+json body, whose Chinese `detail` is what the user should read.
 */
import type { FieldError, ProblemDetails } from '@/api/types'
import { useUserStore } from '@/stores/user'

export const API_BASE = `${(import.meta.env.VITE_API_BASE ?? '').replace(/\/$/, '')}/api/v1`

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
    return this.problem.errors ?? []
  }
}

type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Send the access token (default true). */
  auth?: boolean
}

export interface ApiResponse<T> {
  data: T
  status: number
  headers: Headers
}

let unauthorizedHandler: (() => void) | null = null

/** Called when an authenticated request gets 401 (set by the router: go to /login). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler
}

function buildUrl(path: string, query?: Query): string {
  const url = path.startsWith('/api') ? path : `${API_BASE}${path.startsWith('/') ? '' : '/'}${path}`
  if (!query) return url
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${url}?${qs}` : url
}

function fallbackMessage(status: number): string {
  if (status === 0) return '网络连接失败，请检查网络后重试'
  if (status === 401) return '登录已失效，请重新登录'
  if (status === 403) return '没有执行此操作的权限'
  if (status === 404) return '请求的资源不存在'
  if (status === 413) return '上传内容过大'
  if (status >= 500) return `服务器暂时无法处理请求（HTTP ${status}），请稍后重试`
  return `请求失败（HTTP ${status}）`
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined
  const type = response.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    const text = await response.text()
    return text ? (JSON.parse(text) as unknown) : undefined
  }
  return response.text()
}

/** Performs a request and returns data, status and headers (e.g. the ETag for If-Match). */
export async function requestFull<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    ...options.headers,
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin' }
  if (options.signal) init.signal = options.signal
  if (options.body !== undefined) {
    if (options.body instanceof FormData || options.body instanceof Blob) {
      init.body = options.body
    } else {
      headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(options.body)
    }
  }
  const auth = options.auth ?? true
  const session = useUserStore()
  if (auth && session.accessToken) {
    headers.Authorization = `${session.tokenType || 'Bearer'} ${session.accessToken}`
  }

  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), init)
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, {}, fallbackMessage(0))
  }

  let body: unknown
  try {
    body = await readBody(response)
  } catch {
    body = undefined
  }

  if (!response.ok) {
    const problem: ProblemDetails =
      body !== null && typeof body === 'object' ? (body as ProblemDetails) : {}
    const error = new ApiError(response.status, problem, fallbackMessage(response.status))
    if (response.status === 401 && auth && session.accessToken) {
      // TODO: try POST /auth/refresh once before giving up.
      session.clearSession()
      unauthorizedHandler?.()
    }
    throw error
  }
  return { data: body as T, status: response.status, headers: response.headers }
}

export async function request<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
  return (await requestFull<T>(method, path, options)).data
}

export const http = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
}

/** The Chinese message to show for any error thrown while calling the API. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.detail
  if (err instanceof Error && err.message) return err.message
  return '操作失败，请稍后重试'
}
