/** 专项行动 (office): create, edit, open, close. The list is `listCampaigns` in org.ts (everyone reads it). */
import { api, request, type CallOptions } from '@/utils/request'
import type { Campaign, CloseCampaign, CreateCampaign, UpdateCampaign } from './types'

export function createCampaign(body: CreateCampaign, options?: CallOptions): Promise<Campaign> {
  return request(api.POST('/api/v1/campaigns', { body }), options)
}

export function openCampaign(id: string, options?: CallOptions): Promise<Campaign> {
  return request(api.POST('/api/v1/campaigns/{id}/open', { params: { path: { id } } }), options)
}

export function closeCampaign(id: string, body: CloseCampaign, options?: CallOptions): Promise<Campaign> {
  return request(api.POST('/api/v1/campaigns/{id}/close', { params: { path: { id } }, body }), options)
}

export function updateCampaign(id: string, body: UpdateCampaign, options?: CallOptions): Promise<Campaign> {
  return request(api.PATCH('/api/v1/campaigns/{id}', { params: { path: { id } }, body }), options)
}
