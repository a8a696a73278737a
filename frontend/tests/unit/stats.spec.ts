/** Dashboard: chart options and cards from the stats payloads. */
import { STATE_COLORS } from '@/utils/issue'
import { describe, expect, it } from 'vitest'
import type { MoneyRates, MoneyStat, StatsOverview, UnitStat } from '@/api/types'
import {
  deductionLines,
  fenToWanNumber,
  formatRate,
  groupChartOption,
  moneyChartOption,
  outstandingTables,
  overviewCards,
  periodLabel,
  rankUnits,
  stateChartOption,
  statsQuery,
  trendChartOption,
  unitAtChartIndex,
  unitScoreChartOption,
} from '@/utils/stats'

function stat(problems: number, due: number, paid: number, negotiated = 0): MoneyStat {
  const done = Math.min(paid + negotiated, due)
  return {
    problems,
    due_fen: due,
    paid_fen: paid,
    negotiated_fen: negotiated,
    outstanding_fen: due - done,
    rate: { value: due > 0 ? done / due : null, numerator: done, denominator: due },
  }
}
const none = stat(0, 0, 0)
const money: MoneyRates = {
  arrears: stat(2, 130_000_000, 80_000_000, 10_000_000),
  promises: stat(1, 200_000_000, 50_000_000),
  funds: stat(1, 100_000_000, 0),
}

const overview: StatsOverview = {
  as_of: '2026-12-06T02:00:00Z',
  total: 12,
  by_state: [
    { code: 'self_check', label: '自查', count: 3 },
    { code: 'rectifying', label: '整改', count: 5 },
    { code: 'closed', label: '销号', count: 4 },
  ],
  by_group: [
    {
      group_id: 'g1',
      name: '涉企资金规范拨付组',
      total: 7,
      closed: 3,
      dismissed: 0,
      overdue: 1,
      amount_involved_fen: 1_000_000_00,
      amount_resolved_fen: 25_000_000,
      money: { arrears: none, promises: none, funds: stat(3, 100_000_000, 25_000_000) },
      redo: 1,
      redo_rate: { value: 0.25, numerator: 1, denominator: 4 },
      satisfaction_rate: { value: 0.75, numerator: 3, denominator: 4 },
    },
    {
      group_id: 'g2',
      name: '惠企政策落实组',
      total: 5,
      closed: 1,
      dismissed: 1,
      overdue: 0,
      amount_involved_fen: 0,
      amount_resolved_fen: 0,
      money: { arrears: none, promises: none, funds: none },
      redo: 0,
      redo_rate: { value: null, numerator: 0, denominator: 0 },
      satisfaction_rate: { value: null, numerator: 0, denominator: 0 },
    },
  ],
  by_category: [],
  by_source: [],
  by_warning: [
    { code: 'none', label: '正常', count: 9 },
    { code: 'yellow', label: '临期', count: 1 },
    { code: 'red', label: '逾期', count: 2 },
  ],
  amount_involved_fen: 123_456_789,
  amount_resolved_fen: 12_345_678,
  repayment_rate: money.arrears.rate,
  fulfilment_rate: money.promises.rate,
  allocation_rate: money.funds.rate,
  money,
  closed: 3,
  dismissed: 1,
  closure_rate: { value: 0.2727, numerator: 3, denominator: 11 },
  closed_on_time: 2,
  on_time_rate: { value: 2 / 3, numerator: 2, denominator: 3 },
  outstanding_arrears: {
    by_age_band: [
      { code: 'lt_6m', label: '6个月以内', problems: 1, outstanding_fen: 10_000_000 },
      { code: 'm6_12', label: '6–12个月', problems: 0, outstanding_fen: 0 },
      { code: 'y1_2', label: '1–2年', problems: 0, outstanding_fen: 0 },
      { code: 'gt_2y', label: '>2年', problems: 1, outstanding_fen: 30_000_000 },
      { code: 'not_given', label: '未填写', problems: 0, outstanding_fen: 0 },
    ],
    by_debtor_nature: [{ code: 'not_given', label: '未填写', problems: 0, outstanding_fen: 0 }],
    by_enterprise_size: [{ code: 'small', label: '小型', problems: 2, outstanding_fen: 40_000_000 }],
  },
}

function unit(name: string, score: number, deductions: UnitStat['deductions'] = []): UnitStat {
  return {
    unit_id: name,
    unit_name: name,
    assigned: 3,
    open: 1,
    closed: 2,
    dismissed: 0,
    overdue: 1,
    late: 1,
    overdue_days: 3,
    closed_on_time: 1,
    late_closures: 1,
    rejections: 0,
    reopenings: 0,
    urges: 1,
    redo: 0,
    redo_rate: { value: null, numerator: 0, denominator: 0 },
    satisfaction_rate: { value: null, numerator: 0, denominator: 0 },
    self_reported: 1,
    money: { arrears: none, promises: none, funds: none },
    score,
    deductions,
  }
}

describe('figures', () => {
  it('formats rates with one decimal and a dash when undefined', () => {
    expect(formatRate(0.1000000073)).toBe('10.0%')
    expect(formatRate(2 / 3)).toBe('66.7%')
    expect(formatRate(1)).toBe('100.0%')
    expect(formatRate(null)).toBe('—')
    expect(formatRate(Number.NaN)).toBe('—')
    expect(fenToWanNumber(123_456_789)).toBe(123.4568)
  })

  it('builds the cards from the overview', () => {
    const cards = Object.fromEntries(overviewCards(overview).map((c) => [c.key, c]))
    expect(cards.total?.value).toBe('12')
    // 整改销号 and 不予立项 apart: the rate leaves the dismissed problem out (3 of 11).
    expect(cards.closed).toBeUndefined()
    expect(cards.rectified?.value).toBe('3')
    expect(cards.rectified?.hint).toBe('整改销号率 27.3%（3/11）')
    expect(cards.dismissed?.value).toBe('1')
    expect(cards.on_time?.hint).toBe('按期 2 / 整改销号 3')
    expect(cards.on_time?.value).toBe('66.7%')
    expect(cards.red?.value).toBe('2')
    // Each money rate of its own categories, never one figure mixing arrears with promises.
    expect(cards.involved).toBeUndefined()
    expect(cards.repayment?.value).toBe('69.2%')
    expect(cards.repayment?.hint).toBe('已化解 90.00 / 应付 130.00 万元，含协商减免 10.00')
    expect(cards.fulfilment?.value).toBe('25.0%')
    expect(cards.fulfilment?.hint).toBe('已兑现 50.00 / 应兑现 200.00 万元')
    expect(cards.allocation?.value).toBe('0.0%')
  })

  it('names trend periods as 第N周 and YYYY年M月', () => {
    expect(periodLabel('2024-W07')).toBe('第7周')
    expect(periodLabel('2024-W35')).toBe('第35周')
    expect(periodLabel('2024-07')).toBe('2024年7月')
    expect(periodLabel('2024-12')).toBe('2024年12月')
    expect(periodLabel('Q3')).toBe('Q3')
  })

  it('builds the stats query from the filters, only what is set', () => {
    expect(statsQuery({ campaign_id: '', group_id: '', range: null })).toEqual({})
    expect(statsQuery({ campaign_id: 'c', group_id: 'g', range: ['2024-04-01', '2024-06-30'] })).toEqual({
      campaign_id: 'c',
      group_id: 'g',
      from: '2024-04-01',
      to: '2024-06-30',
    })
  })
})

describe('chart options', () => {
  it('state pie: the server labels and the state colours', () => {
    const option = stateChartOption(overview.by_state)
    const series = (option.series as { data: { name: string; value: number; itemStyle: { color: string } }[] }[])[0]
    expect(series?.data.map((d) => [d.name, d.value])).toEqual([
      ['自查', 3],
      ['整改', 5],
      ['销号', 4],
    ])
    expect(series?.data[2]?.itemStyle.color).toBe(STATE_COLORS.closed)
    expect(JSON.stringify(option.textStyle)).toContain('Noto Sans CJK SC')
  })

  it('group bars: total, closed and overdue per group', () => {
    const option = groupChartOption(overview.by_group)
    const series = option.series as { name: string; data: number[] }[]
    expect(series.map((s) => s.name)).toEqual(['问题数', '已销号', '逾期'])
    expect(series.map((s) => s.data)).toEqual([
      [7, 5],
      [3, 1],
      [1, 0],
    ])
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter
    const tip = formatter([{ dataIndex: 0, seriesName: '问题数', value: 7 }])
    expect(tip).toContain('问题数：7')
    expect(tip).toContain('企业满意率：75.0%（3/4）')
    expect(tip).toContain('重办率：25.0%（1/4）')
  })

  it('money bars in 万元 with the rate of a group in the tooltip', () => {
    const option = moneyChartOption(overview.by_group)
    const series = option.series as { data: number[] }[]
    expect(series[0]?.data).toEqual([100, 0])
    expect(series[1]?.data).toEqual([25, 0])
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter
    expect(formatter([{ dataIndex: 0 }])).toContain('拨付率：25.0%（25.00/100.00 万元）')
    expect(formatter([{ dataIndex: 0 }])).not.toContain('清偿率')
    expect(formatter([{ dataIndex: 1 }])).toContain('无涉及金额的问题')
  })

  it('trend lines: registered vs closed per period', () => {
    const option = trendChartOption([
      { period: '2024-W27', start: '2024-07-01', registered: 4, closed: 1, paid_fen: 1_000_000, negotiated_fen: 0 },
      { period: '2024-W28', start: '2024-07-08', registered: 2, closed: 3, paid_fen: 0, negotiated_fen: 500_000 },
    ])
    // Axis labels as people say them; straight lines between the real figures (no smoothing).
    expect((option.xAxis as { data: string[] }).data).toEqual(['第27周', '第28周'])
    expect((option.series as { smooth?: boolean }[]).every((s) => s.smooth === false)).toBe(true)
    expect((option.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data])).toEqual([
      ['登记', [4, 2]],
      ['销号', [1, 3]],
      ['化解金额（万元）', [1, 0.5]],
    ])
  })

  it('unit ranking: best on top, deductions on hover, the clicked bar maps back to its unit', () => {
    const units = [
      unit('区教育局', 92, [{ reason: 'overdue', label: '逾期未完成整改', count: 2, weight: 2, points: 4 }]),
      unit('府河镇', 100),
      unit('区住建局', 75.5, [{ reason: 'rejection', label: '核查不通过', count: 1, weight: 3, points: 3 }]),
    ]
    expect(rankUnits(units).map((u) => u.unit_name)).toEqual(['府河镇', '区教育局', '区住建局'])
    const option = unitScoreChartOption(units)
    expect((option.yAxis as { data: string[] }).data).toEqual(['区住建局', '区教育局', '府河镇'])
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter
    expect(formatter({ dataIndex: 1 })).toContain('逾期未完成整改 2 项 × 2 分 = -4 分')
    expect(formatter({ dataIndex: 2 })).toContain('无扣分')
    expect(unitAtChartIndex(units, 0)?.unit_name).toBe('区住建局')
    expect(unitAtChartIndex(units, 2)?.unit_name).toBe('府河镇')
    expect(unitAtChartIndex(units, 9)).toBeNull()
    expect(
      deductionLines(unit('x', 100, [{ reason: 'overdue', label: '逾期', count: 0, weight: 2, points: 0 }])),
    ).toEqual(['无扣分'])
  })

  it('escapes unit names in the tooltip HTML', () => {
    const formatter = (unitScoreChartOption([unit('<b>x</b>', 90)]).tooltip as { formatter: (p: unknown) => string })
      .formatter
    expect(formatter({ dataIndex: 0 })).toContain('&lt;b&gt;x&lt;/b&gt;')
  })
})

describe('outstandingTables', () => {
  it('gives each class its 万元 and share of what is still owed, with nothing owed as —', () => {
    const tables = outstandingTables(overview.outstanding_arrears)
    expect(tables.map((t) => t.title)).toEqual(['按账龄', '按欠款主体性质', '按企业规模'])
    const [age, nature, size] = tables.map((t) => t.rows)
    expect(age?.map((r) => [r.label, r.problems, r.wan, r.share])).toEqual([
      ['6个月以内', 1, '10.00', '25.0%'],
      ['6–12个月', 0, '0.00', '0.0%'],
      ['1–2年', 0, '0.00', '0.0%'],
      ['>2年', 1, '30.00', '75.0%'],
      ['未填写', 0, '0.00', '0.0%'],
    ])
    expect(nature?.[0]?.share).toBe('—')
    expect(size?.[0]).toMatchObject({ label: '小型', problems: 2, share: '100.0%' })
  })
})
