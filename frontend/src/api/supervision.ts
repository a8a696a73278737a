/** Supervision of a problem: chasing (催办), deadline extensions (延期), notifications. */
import { api, etagOf, request, unwrap, type CallOptions } from '@/utils/request'
import type { VersionedIssue } from './issues'
import type {
  BatchReport,
  BatchUrgeRequest,
  Extension,
  ExtensionDecision,
  ExtensionRequest,
  NotificationPage,
  Urge,
  UrgeRequest,
} from './types'

export function urgeIssue(id: string, body: UrgeRequest, options?: CallOptions): Promise<Urge> {
  return request(api.POST('/api/v1/issues/{id}/urge', { params: { path: { id } }, body }), options)
}

/** 批量催办: one message to the responsible unit of each problem; the answer says what happened to each. */
export function batchUrge(body: BatchUrgeRequest, options?: CallOptions): Promise<BatchReport> {
  return request(api.POST('/api/v1/issues/batch/urge', { body }), options)
}

export function requestExtension(id: string, body: ExtensionRequest, options?: CallOptions): Promise<Extension> {
  return request(api.POST('/api/v1/issues/{id}/extension-requests', { params: { path: { id } }, body }), options)
}

/** Approves or refuses the open extension request; answers the problem as it is now. */
export async function decideExtension(
  id: string,
  body: ExtensionDecision,
  options?: CallOptions,
): Promise<VersionedIssue> {
  const { data, response } = await unwrap(
    api.POST('/api/v1/issues/{id}/extension-requests/decision', { params: { path: { id } }, body }),
    options,
  )
  return { issue: data, etag: etagOf(response) ?? `"${data.version}"` }
}

export function listNotifications(
  query: { unread_only?: boolean; page?: number; page_size?: number } = {},
  options?: CallOptions,
): Promise<NotificationPage> {
  return request(api.GET('/api/v1/notifications', { params: { query } }), options)
}

export async function markNotificationRead(id: string, options?: CallOptions): Promise<void> {
  await request(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }), options)
}

export async function markAllNotificationsRead(options?: CallOptions): Promise<void> {
  await request(api.POST('/api/v1/notifications/read-all'), options)
}
