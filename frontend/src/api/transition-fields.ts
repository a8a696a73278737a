/**
 * GENERATED from openapi/openapi.json by `npm run gen:api`. Do not edit. The fields each
 * transition (`TransitionRequest`, a union chosen by `action`) carries, and which of them the
 * server requires.
 */
import type { components } from './schema'

export type TransitionAction = components['schemas']['TransitionRequest']['action']

export interface TransitionShape {
  readonly fields: readonly string[]
  readonly required: readonly string[]
}

export const TRANSITION_FIELDS: Record<TransitionAction, TransitionShape> = {
  accept: { fields: ['measures', 'responsible_leader', 'responsible_person', 'comment'], required: ['measures'] },
  approve: { fields: ['comment', 'verification', 'override_reason'], required: ['comment', 'verification'] },
  assign: { fields: ['responsible_unit_id', 'deadline', 'group_id', 'cooperating_unit_ids', 'comment'], required: ['responsible_unit_id', 'deadline'] },
  dismiss: { fields: ['closure_kind', 'comment'], required: ['closure_kind', 'comment'] },
  reject: { fields: ['comment', 'verification'], required: ['comment'] },
  reopen: { fields: ['comment'], required: ['comment'] },
  return: { fields: ['comment'], required: ['comment'] },
  submit: { fields: ['comment'], required: ['comment'] },
}
