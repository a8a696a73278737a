/**
 * Statistics for the dashboard (统计看板): overview, trend, unit scores. Each answer carries
 * `as_of`, the time its figures are of (the server may serve materialized figures).
 */
import { api, request } from '@/utils/request'
import type { StatsOverview, StatsQuery, TrendInterval, TrendReport, UnitsReport } from './types'

export function getOverview(query: StatsQuery): Promise<StatsOverview> {
  return request(api.GET('/api/v1/stats/overview', { params: { query } }))
}

export function getTrend(query: StatsQuery & { interval?: TrendInterval }): Promise<TrendReport> {
  return request(api.GET('/api/v1/stats/trend', { params: { query } }))
}

export function getUnitScores(query: StatsQuery): Promise<UnitsReport> {
  return request(api.GET('/api/v1/stats/units', { params: { query } }))
}

/** The caller's own unit's score (履约评分) and its deductions: what a unit's staff may see. */
export function getOwnScore(): Promise<UnitsReport> {
  return request(api.GET('/api/v1/stats/units', { params: { query: { unit: 'mine' } } }))
}
