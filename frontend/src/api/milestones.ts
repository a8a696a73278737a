/** 节点报送: the milestone board, filing a submission, the office's review. */
import { api, request, type CallOptions } from '@/utils/request'
import type { Attachment, MilestoneBoard, Submission, SubmitMilestone } from './types'

export function getMilestoneBoard(id: string, options?: CallOptions): Promise<MilestoneBoard> {
  return request(api.GET('/api/v1/milestones/{id}/submissions', { params: { path: { id } } }), options)
}

export function submitMilestone(id: string, body: SubmitMilestone, options?: CallOptions): Promise<Submission> {
  return request(api.POST('/api/v1/milestones/{id}/submissions', { params: { path: { id } }, body }), options)
}

/** Files uploaded for the caller's unit's coming submission, not yet filed. */
export async function listWaitingFiles(id: string, options?: CallOptions): Promise<Attachment[]> {
  const list = await request(api.GET('/api/v1/milestones/{id}/attachments', { params: { path: { id } } }), options)
  return list.items
}

export function acceptSubmission(id: string, comment: string, options?: CallOptions): Promise<Submission> {
  const body = { comment: comment.trim() || null }
  return request(api.POST('/api/v1/milestone-submissions/{id}/accept', { params: { path: { id } }, body }), options)
}

export function returnSubmission(id: string, comment: string, options?: CallOptions): Promise<Submission> {
  const body = { comment }
  return request(api.POST('/api/v1/milestone-submissions/{id}/return', { params: { path: { id } }, body }), options)
}
