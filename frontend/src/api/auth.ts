/** Authentication endpoints. Errors of sign-in are reported by the sign-in page. */
import { api, request, revokeSession } from '@/utils/request'
import type {
  CurrentUser,
  LoginRequest,
  PasswordChangeRequest,
  RecoveryCodes,
  TokenResponse,
  TotpChallenge,
  TotpEnrollment,
} from './types'

/** Tokens, or (202) a challenge when the account signs in with a second factor. */
export function login(body: LoginRequest): Promise<TokenResponse | TotpChallenge> {
  return request(api.POST('/api/v1/auth/login', { body }), { quiet: true })
}

/** Completes a sign-in with the authenticator's code or a recovery code. */
export function loginTotp(challenge: string, code: string): Promise<TokenResponse> {
  return request(api.POST('/api/v1/auth/login/totp', { body: { challenge, code } }), { quiet: true })
}

/** A new second-factor secret for the signed-in account (not in force until confirmed). */
export function startTotpEnrollment(): Promise<TotpEnrollment> {
  return request(api.POST('/api/v1/auth/totp/enrollment'))
}

/** Confirms the secret with a first code; answers the recovery codes (shown once). */
export function confirmTotpEnrollment(code: string): Promise<RecoveryCodes> {
  return request(api.POST('/api/v1/auth/totp/confirmation', { body: { code } }), { quiet: [422] })
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
