/** Authentication endpoints (DESIGN §6). */
import { http } from '@/utils/request'
import type { CurrentUser, LoginRequest, TokenResponse } from './types'

export function login(body: LoginRequest): Promise<TokenResponse> {
  return http.post<TokenResponse>('/auth/login', body, { auth: false })
}

export function refresh(refreshToken: string): Promise<TokenResponse> {
  return http.post<TokenResponse>('/auth/refresh', { refresh_token: refreshToken }, { auth: false })
}

/** Ends the session of the current access token (and its refresh token). */
export function logout(): Promise<void> {
  return http.post<void>('/auth/logout')
}

export function getMe(): Promise<CurrentUser> {
  return http.get<CurrentUser>('/auth/me')
}
