/** Attachments (附件): upload with progress, list, open in the browser, withdraw. */
import { API_BASE, api, request, unwrap, type CallOptions } from '@/utils/request'
import { uploadFile, type UploadOptions } from '@/utils/upload'
import type { Attachment, AttachmentKind, AttachmentList } from './types'

/** What files are added to: a problem, or the caller's unit's coming submission for a milestone. */
export type AttachmentOwner = { issueId: string } | { milestoneId: string }

/** Sends files of one kind (`multipart/form-data`); answers the recorded files. */
export async function uploadAttachments(
  owner: AttachmentOwner,
  kind: AttachmentKind,
  files: File[],
  options?: UploadOptions,
): Promise<Attachment[]> {
  const form = new FormData()
  form.append('kind', kind)
  for (const f of files) form.append('file', f, f.name)
  const path =
    'issueId' in owner
      ? `issues/${encodeURIComponent(owner.issueId)}`
      : `milestones/${encodeURIComponent(owner.milestoneId)}`
  const url = `${API_BASE}/${path}/attachments`
  const list = await uploadFile<AttachmentList>(url, form, null, options)
  return list.items
}

export async function listAttachments(issueId: string, options?: CallOptions): Promise<Attachment[]> {
  const list = await request(api.GET('/api/v1/issues/{id}/attachments', { params: { path: { id: issueId } } }), options)
  return list.items
}

export function withdrawAttachment(id: string, options?: CallOptions): Promise<Attachment> {
  return request(api.DELETE('/api/v1/attachments/{id}', { params: { path: { id } } }), options)
}

/**
 * Opens a file in a new tab: images and PDFs in the browser's own viewer (the bytes come with the
 * session's token, as a Blob), other types are saved under their name.
 */
export async function openAttachment(file: Attachment, options?: CallOptions): Promise<void> {
  const tab =
    file.content_type.startsWith('image/') || file.content_type === 'application/pdf' ? window.open('', '_blank') : null
  const { data } = await unwrap(
    api.GET('/api/v1/attachments/{id}', { params: { path: { id: file.id } }, parseAs: 'blob' }),
    options,
  )
  const blob = new Blob([data as Blob], { type: file.content_type })
  const url = URL.createObjectURL(blob)
  if (tab) {
    tab.location.href = url
  } else {
    const a = document.createElement('a')
    a.href = url
    a.download = file.file_name
    a.click()
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Chinese names of the kinds (docs/glossary.md). */
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = {
  contract: '合同',
  invoice: '发票',
  acceptance: '验收单',
  payment_voucher: '付款凭证',
  written_feedback: '书面反馈',
  site_photo: '核查照片',
  other: '其他',
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
