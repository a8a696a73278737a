/**
 * Forms: server validation errors (422 `errors: [{field, message}]`) shown against their
 * fields, and Element Plus rules that mirror the server's checks.
 */
import type { FormItemRule } from 'element-plus'
import type { FieldError } from '@/api/types'
import { ApiError } from './request'
import { parseAmount } from './money'
import { normalizeUscc, validateUscc } from './uscc'

/** The form field a server error names: `cooperating_unit_ids[1]` → `cooperating_unit_ids`. */
export function formFieldOf(field: string): string {
  return field.replace(/\[\d+\].*$/, '').split('.')[0] ?? field
}

export interface SplitFieldErrors {
  /** First message per known form field. */
  byField: Record<string, string>
  /** Messages of fields the form does not show, as "field: message". */
  other: string[]
}

/** Sorts a validation problem's errors into those a form can show at a field and the rest. */
export function splitFieldErrors(errors: readonly FieldError[], knownFields: readonly string[]): SplitFieldErrors {
  const byField: Record<string, string> = {}
  const other: string[] = []
  for (const error of errors) {
    const field = formFieldOf(error.field)
    if (knownFields.includes(field)) {
      byField[field] ??= error.message
    } else {
      other.push(error.field ? `${error.field}: ${error.message}` : error.message)
    }
  }
  return { byField, other }
}

/**
 * Puts the field errors of a 422 into `target` (cleared first); answers the messages no field
 * shows, or null when `err` is not a validation problem.
 */
export function applyServerErrors(
  err: unknown,
  target: Record<string, string>,
  knownFields: readonly string[],
): string[] | null {
  for (const key of Object.keys(target)) delete target[key]
  if (!(err instanceof ApiError) || err.status !== 422 || err.fieldErrors.length === 0) return null
  const { byField, other } = splitFieldErrors(err.fieldErrors, knownFields)
  Object.assign(target, byField)
  return other
}

/** Trimmed text or null (the API treats an empty optional text as none). */
export function optionalText(value: string | null | undefined): string | null {
  const text = (value ?? '').trim()
  return text === '' ? null : text
}

/** Largest amount the API accepts: one trillion yuan in fen. */
export const API_MAX_FEN = 100_000_000_000_000

/** Rule for an amount (text, see parseAmount: 元 or 万元), optional unless `required`. */
export function yuanRule(
  options: { required?: boolean; maxFen?: () => number | null; maxMessage?: string } = {},
): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
      const text = typeof value === 'string' ? value.trim() : ''
      if (text === '') {
        callback(options.required ? new Error('请输入金额') : undefined)
        return
      }
      const parsed = parseAmount(text)
      if (!parsed.ok) {
        callback(new Error(parsed.message))
        return
      }
      if (parsed.fen > API_MAX_FEN) {
        callback(new Error('金额过大'))
        return
      }
      const max = options.maxFen?.()
      if (max !== null && max !== undefined && parsed.fen > max) {
        callback(new Error(options.maxMessage ?? '金额超出允许范围'))
        return
      }
      callback()
    },
  }
}

/** Rule for an optional 统一社会信用代码 (GB 32100-2015 check character). */
export function usccRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
      const text = typeof value === 'string' ? normalizeUscc(value) : ''
      if (text === '') {
        callback()
        return
      }
      const message = validateUscc(text)
      callback(message ? new Error(message) : undefined)
    },
  }
}

/** Rule for a phone number as the server accepts it: digits, spaces, + - ( ), at most 30. */
export function phoneRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
      const text = typeof value === 'string' ? value.trim() : ''
      if (text !== '' && !/^[0-9+\-() ]+$/.test(text)) {
        callback(new Error('联系电话只能包含数字、空格和 + - ( )'))
        return
      }
      callback([...text].length > 30 ? new Error('不能超过 30 个字符') : undefined)
    },
  }
}

/** Required trimmed text of at most `max` characters (the server's `text` check). */
export function requiredText(label: string, max: number, trigger: 'blur' | 'change' = 'blur'): FormItemRule[] {
  return [
    {
      required: true,
      trigger,
      validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
        const text = typeof value === 'string' ? value.trim() : ''
        if (text === '') callback(new Error(`请填写${label}`))
        else if ([...text].length > max) callback(new Error(`不能超过 ${max} 个字符`))
        else callback()
      },
    },
  ]
}

/** Optional text of at most `max` characters. */
export function maxText(max: number): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
      const text = typeof value === 'string' ? value.trim() : ''
      callback([...text].length > max ? new Error(`不能超过 ${max} 个字符`) : undefined)
    },
  }
}
