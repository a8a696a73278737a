/** The audit trail and its hash-chain check (auditor only). */
import { api, request, type CallOptions } from '@/utils/request'
import type { AuditListQuery, AuditPage, AuditVerification } from './types'

/** Records, newest first. */
export function listAudit(query: AuditListQuery, options?: CallOptions): Promise<AuditPage> {
  return request(api.GET('/api/v1/audit', { params: { query } }), options)
}

/** Recomputes every record's hash and link; names the first broken record. */
export function verifyAudit(options?: CallOptions): Promise<AuditVerification> {
  return request(api.GET('/api/v1/audit/verify'), options)
}
