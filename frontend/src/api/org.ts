/** Organisation and dictionaries: readable by every signed-in user (the SPA's pickers). */
import { api, request } from '@/utils/request'
import type { Campaign, Dictionaries, Group, Unit } from './types'

export function listUnits(): Promise<Unit[]> {
  return request(api.GET('/api/v1/units'))
}

export function listGroups(): Promise<Group[]> {
  return request(api.GET('/api/v1/groups'))
}

export function getDictionaries(): Promise<Dictionaries> {
  return request(api.GET('/api/v1/dictionaries'))
}

/** Campaigns (专项行动), newest first. Quiet: an older backend without them still works. */
export function listCampaigns(): Promise<Campaign[]> {
  return request(api.GET('/api/v1/campaigns'), { quiet: true })
}
