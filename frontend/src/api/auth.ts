/** Authentication endpoints. Errors of sign-in are reported by the sign-in page. */
import { api, request, revokeSession } from '@/utils/request'
import type { CurrentUser, LoginRequest, PasswordChangeRequest, TokenResponse } from './types'

export function login(body: LoginRequest): Promise<TokenResponse> {
  return request(api.POST('/api/v1/auth/login', { body }), { quiet: true })
}

/**
 * Ends the session of the current access token (and its refresh token) on the server; best
 * effort, never renews the session first. Forget the local session after calling it.
 */
export function logout(): Promise<void> {
  return revokeSession()
}

export function getMe(): Promise<CurrentUser> {
  return request(api.GET('/api/v1/auth/me'))
}

/** Changes the password; the page shows field errors (422) itself. */
export async function changePassword(body: PasswordChangeRequest): Promise<void> {
  await request(api.POST('/api/v1/auth/password', { body }), { quiet: [422] })
}
