/**
 * The password policy of the server (等保2.0), mirrored so the form can say what is wrong
 * before sending: at least 8 and at most 128 characters, three of the four classes (lower
 * case, upper case, digits, anything else), not containing the username. The server stays
 * the authority.
 */
export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 128

/** A Chinese message, or null when the password is acceptable. */
export function checkPassword(password: string, username: string): string | null {
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) return '密码至少需要 8 个字符'
  if (length > PASSWORD_MAX_LENGTH) return '密码不能超过 128 个字符'
  const classes = [
    /[a-z]/.test(password),
    /[A-Z]/.test(password),
    /[0-9]/.test(password),
    /[^A-Za-z0-9]/.test(password),
  ]
  if (classes.filter(Boolean).length < 3) return '密码需包含大写字母、小写字母、数字、特殊字符中的至少三类'
  if (username !== '' && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名'
  return null
}
