import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SORT,
  emptyLedgerQuery,
  parseLedgerQuery,
  sortToTable,
  tableToSort,
  toApiQuery,
  toRouteQuery,
} from '@/utils/ledger-query'

describe('ledger view in the URL', () => {
  it('round-trips a filtered, sorted page through the URL', () => {
    const view = {
      ...emptyLedgerQuery(),
      page: 3,
      page_size: 50,
      sort: '-amount_involved_fen' as const,
      state: ['assigned' as const, 'rectifying' as const],
      warning: 'red' as const,
      category: 'funds',
      unit_id: 'u-1',
      campaign_id: 'c-2024',
      q: '  工程款 ',
      deadline_from: '2026-12-01',
      deadline_to: '2026-12-31',
    }
    const query = toRouteQuery(view)
    expect(query).toEqual({
      page: '3',
      page_size: '50',
      sort: '-amount_involved_fen',
      state: 'assigned,rectifying',
      warning: 'red',
      category: 'funds',
      unit_id: 'u-1',
      campaign_id: 'c-2024',
      q: '工程款',
      deadline_from: '2026-12-01',
      deadline_to: '2026-12-31',
    })
    expect(parseLedgerQuery(query as Record<string, string>)).toEqual({ ...view, q: '工程款' })
  })

  it('leaves defaults out of the URL', () => {
    expect(toRouteQuery(emptyLedgerQuery())).toEqual({})
  })

  it('ignores what is malformed in a hand-edited URL', () => {
    const q = parseLedgerQuery({
      page: '-1',
      page_size: '100000',
      sort: 'title',
      state: 'rectifying,bogus',
      warning: 'purple',
      deadline_from: '2026/12/01',
    })
    expect(q.page).toBe(1)
    expect(q.page_size).toBe(20)
    expect(q.sort).toBe(DEFAULT_SORT)
    expect(q.state).toEqual(['rectifying'])
    expect(q.warning).toBe('')
    expect(q.deadline_from).toBe('')
  })

  it('builds the API query with only the filters set', () => {
    expect(toApiQuery({ ...emptyLedgerQuery(), campaign_id: 'c-2024', warning: 'yellow' })).toEqual({
      page: 1,
      page_size: 20,
      sort: '-created_at',
      campaign_id: 'c-2024',
      warning: 'yellow',
    })
    expect(toApiQuery({ ...emptyLedgerQuery(), state: ['closed'], q: ' ' })).toEqual({
      page: 1,
      page_size: 20,
      sort: '-created_at',
      state: ['closed'],
    })
  })

  it('maps table sorting to the documented sort values', () => {
    expect(tableToSort('amount_involved_fen', 'descending')).toBe('-amount_involved_fen')
    expect(tableToSort('deadline', 'ascending')).toBe('deadline')
    expect(tableToSort('number', null)).toBe(DEFAULT_SORT)
    expect(tableToSort('title', 'ascending')).toBe(DEFAULT_SORT)
    expect(sortToTable('-created_at')).toEqual({ prop: 'created_at', order: 'descending' })
    expect(sortToTable('number')).toEqual({ prop: 'number', order: 'ascending' })
  })
})
