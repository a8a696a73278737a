/**
 * The dashboard (统计看板): ECharts options built from the stats payloads, and the figures of
 * its cards. Pure functions (no ECharts import), so they are unit-tested and the chart library
 * stays in the dashboard's lazy chunk. Labels come from the server (`label` of each count) or
 * the display vocabulary (issue.ts); no figure is recomputed here except ratios for display.
 */
import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts'
import type {
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components'
import type {
  MoneyRates,
  MoneyStat,
  OutstandingArrears,
  StatsCountItem,
  StatsOverview,
  StatsQuery,
  StatsRate,
  TrendPoint,
  UnitStat,
} from '@/api/types'
import { STATE_COLORS } from './issue'
import { formatFenWan } from './money'

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>

/** Canvas text needs a CJK font named explicitly (Debian: Noto Sans CJK; Windows: 微软雅黑). */
export const CHART_FONT =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif'

const WARNING_COLORS: Record<string, string> = { none: '#67c23a', yellow: '#e6a23c', red: '#f56c6c' }

/** A ratio (0..1) as a percentage with one decimal, "—" when there is none (nothing to divide). */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—'
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}

/** Fen → 万元 as a number for chart axes (display text uses formatFenWan). */
export function fenToWanNumber(fen: number): number {
  return Math.round(fen / 100) / 10_000
}

export interface DashboardFilters {
  campaign_id: string
  group_id: string
  /** [from, to] registration dates, or empty. */
  range: string[] | null
}

/** The stats query of the filters: only what is set. */
export function statsQuery(filters: DashboardFilters): StatsQuery {
  const query: StatsQuery = {}
  if (filters.campaign_id) query.campaign_id = filters.campaign_id
  if (filters.group_id) query.group_id = filters.group_id
  if (filters.range?.[0]) query.from = filters.range[0]
  if (filters.range?.[1]) query.to = filters.range[1]
  return query
}

/** A rate with what it is a rate of: `25.0%（3/12）`. */
export function rateText(rate: StatsRate): string {
  return `${formatRate(rate.value)}（${rate.numerator}/${rate.denominator}）`
}

export interface Card {
  key: string
  label: string
  value: string
  hint?: string
}

/** The count of `code` in a list of counts (0 when absent). */
export function countOf(items: readonly StatsCountItem[], code: string): number {
  return items.find((i) => i.code === code)?.count ?? 0
}

/**
 * The headline figures of the 调度会 view, each rate with its numerator and denominator;
 * 整改销号 and 不予立项 apart (a dismissed problem is closed but was never rectified).
 */
export function overviewCards(o: StatsOverview): Card[] {
  return [
    { key: 'total', label: '问题总数', value: String(o.total) },
    {
      key: 'rectified',
      label: '整改销号',
      value: String(o.closed),
      hint: `整改销号率 ${rateText(o.closure_rate)}`,
    },
    {
      key: 'dismissed',
      label: '不予立项',
      value: String(o.dismissed),
      hint: '不计入任何比率和金额',
    },
    {
      key: 'on_time',
      label: '按期销号率',
      value: formatRate(o.on_time_rate.value),
      hint: `按期 ${o.on_time_rate.numerator} / 整改销号 ${o.on_time_rate.denominator}`,
    },
    {
      key: 'red',
      label: '逾期预警',
      value: String(countOf(o.by_warning, 'red')),
      hint: `临期 ${countOf(o.by_warning, 'yellow')}`,
    },
    ...moneyCards(o.money),
  ]
}

/** The three money rates, each of its own categories (never mixed), with what they are rates of. */
export const MONEY_RATES = [
  { key: 'repayment', kind: 'arrears', label: '清偿率', done: '已化解', due: '应付' },
  { key: 'fulfilment', kind: 'promises', label: '兑现率', done: '已兑现', due: '应兑现' },
  { key: 'allocation', kind: 'funds', label: '拨付率', done: '已拨付', due: '应拨' },
] as const satisfies readonly { key: string; kind: keyof MoneyRates; label: string; done: string; due: string }[]

/** A money rate with its amounts: `69.2%（90.00/130.00 万元）`. */
export function moneyRateText(m: MoneyStat): string {
  return `${formatRate(m.rate.value)}（${formatFenWan(m.rate.numerator)}/${formatFenWan(m.rate.denominator)} 万元）`
}

/**
 * 清偿率, 兑现率 and 拨付率 cards: the rate, and in the hint what was resolved of what was due
 * (万元), 协商减免 apart when there is any.
 */
export function moneyCards(money: MoneyRates): Card[] {
  return MONEY_RATES.map((r) => {
    const m = money[r.kind]
    const negotiated = m.negotiated_fen !== 0 ? `，含协商减免 ${formatFenWan(m.negotiated_fen)}` : ''
    return {
      key: r.key,
      label: r.label,
      value: formatRate(m.rate.value),
      hint: `${r.done} ${formatFenWan(m.rate.numerator)} / ${r.due} ${formatFenWan(m.rate.denominator)} 万元${negotiated}`,
    }
  })
}

/** A trend period as people say it: `2024-W27` → 第27周, `2024-07` → 2024年7月. */
export function periodLabel(period: string): string {
  const week = /^(\d{4})-W(\d{1,2})$/.exec(period)
  if (week) return `第${Number(week[2])}周`
  const month = /^(\d{4})-(\d{2})$/.exec(period)
  if (month) return `${month[1]}年${Number(month[2])}月`
  return period
}

const BASE = { textStyle: { fontFamily: CHART_FONT }, animationDuration: 300 }

/** Problems by state, in lifecycle order, coloured as the state tags. */
export function stateChartOption(items: readonly StatsCountItem[]): ChartOption {
  return {
    ...BASE,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 个（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        name: '按状态',
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c}' },
        data: items.map((i) => ({
          name: i.label,
          value: i.count,
          itemStyle: { color: STATE_COLORS[i.code as keyof typeof STATE_COLORS] },
        })),
      },
    ],
  }
}

/** Problems by warning (正常 / 临期 / 逾期). */
export function warningChartOption(items: readonly StatsCountItem[]): ChartOption {
  return {
    ...BASE,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 个（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        name: '预警',
        type: 'pie',
        radius: '65%',
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c}' },
        data: items.map((i) => ({ name: i.label, value: i.count, itemStyle: { color: WARNING_COLORS[i.code] } })),
      },
    ],
  }
}

/** Short group names for an axis: 「招商引资承诺清查兑现组」 stays readable when wrapped. */
function wrap(name: string, width = 6): string {
  const chars = [...name]
  const lines: string[] = []
  for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''))
  return lines.join('\n')
}

/** Problems by work group: total, closed and overdue side by side; the tooltip adds 满意率 and 重办率. */
export function groupChartOption(groups: StatsOverview['by_group']): ChartOption {
  return {
    ...BASE,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? (params as { dataIndex: number; seriesName: string; value: number }[]) : []
        const g = groups[list[0]?.dataIndex ?? -1]
        if (!g) return ''
        return [
          escapeHtml(g.name),
          ...list.map((p) => `${escapeHtml(p.seriesName)}：${p.value}`),
          `企业满意率：${rateText(g.satisfaction_rate)}`,
          `重办率：${rateText(g.redo_rate)}`,
        ].join('<br/>')
      },
    },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 56 },
    xAxis: { type: 'category', data: groups.map((g) => wrap(g.name)), axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1, name: '个' },
    series: [
      { name: '问题数', type: 'bar', data: groups.map((g) => g.total), itemStyle: { color: '#409eff' } },
      { name: '已销号', type: 'bar', data: groups.map((g) => g.closed), itemStyle: { color: '#67c23a' } },
      { name: '逾期', type: 'bar', data: groups.map((g) => g.overdue), itemStyle: { color: '#f56c6c' } },
    ],
  }
}

/** What a group's rates sum to: due and resolved over its rates' categories. */
function groupMoney(money: MoneyRates): { due: number; done: number } {
  const kinds = MONEY_RATES.map((r) => money[r.kind])
  return {
    due: kinds.reduce((sum, m) => sum + m.due_fen, 0),
    done: kinds.reduce((sum, m) => sum + m.rate.numerator, 0),
  }
}

/**
 * Money due vs resolved by group (万元), from the payment records; the tooltip gives each rate
 * the group has problems for (a group's categories decide whether it is 清偿率, 兑现率 or 拨付率).
 */
export function moneyChartOption(groups: StatsOverview['by_group']): ChartOption {
  return {
    ...BASE,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? (params as { dataIndex: number }[]) : []
        const g = groups[list[0]?.dataIndex ?? -1]
        if (!g) return ''
        const rates = MONEY_RATES.filter((r) => g.money[r.kind].problems > 0).map((r) => {
          const m = g.money[r.kind]
          const negotiated = m.negotiated_fen !== 0 ? `，协商减免 ${formatFenWan(m.negotiated_fen)} 万元` : ''
          return `${r.label}：${moneyRateText(m)}${negotiated}`
        })
        return [escapeHtml(g.name), ...(rates.length > 0 ? rates : ['无涉及金额的问题'])].join('<br/>')
      },
    },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 56 },
    xAxis: { type: 'category', data: groups.map((g) => wrap(g.name)), axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', name: '万元' },
    series: [
      {
        name: '应付（应兑现、应拨）',
        type: 'bar',
        data: groups.map((g) => fenToWanNumber(groupMoney(g.money).due)),
        itemStyle: { color: '#e6a23c' },
      },
      {
        name: '已化解',
        type: 'bar',
        data: groups.map((g) => fenToWanNumber(groupMoney(g.money).done)),
        itemStyle: { color: '#67c23a' },
      },
    ],
  }
}

/** Registered vs closed per week or month, and the money resolved (万元, right axis): straight lines. */
export function trendChartOption(points: readonly TrendPoint[]): ChartOption {
  return {
    ...BASE,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 36, bottom: 32 },
    xAxis: { type: 'category', boundaryGap: false, data: points.map((p) => periodLabel(p.period)) },
    yAxis: [
      { type: 'value', minInterval: 1, name: '个' },
      { type: 'value', name: '万元', splitLine: { show: false } },
    ],
    series: [
      {
        name: '登记',
        type: 'line',
        smooth: false,
        data: points.map((p) => p.registered),
        itemStyle: { color: '#409eff' },
        areaStyle: { opacity: 0.08 },
      },
      {
        name: '销号',
        type: 'line',
        smooth: false,
        data: points.map((p) => p.closed),
        itemStyle: { color: '#67c23a' },
        areaStyle: { opacity: 0.08 },
      },
      {
        // Money resolved in the period (payments and 协商减免, from the records), in 万元.
        name: '化解金额（万元）',
        type: 'line',
        smooth: false,
        yAxisIndex: 1,
        data: points.map((p) => fenToWanNumber(p.paid_fen + p.negotiated_fen)),
        itemStyle: { color: '#e6a23c' },
        lineStyle: { type: 'dashed' },
      },
    ],
  }
}

/** Units by score, best first (ties: by name, so the order is stable). */
export function rankUnits(units: readonly UnitStat[]): UnitStat[] {
  return [...units].sort((a, b) => b.score - a.score || a.unit_name.localeCompare(b.unit_name, 'zh-CN'))
}

/** One line per deduction: 「逾期未完成整改 2 项 × 2 分 = -4 分」; none: 无扣分. */
export function deductionLines(unit: Pick<UnitStat, 'deductions'>): string[] {
  const lines = unit.deductions
    .filter((d) => d.count > 0 || d.points !== 0)
    .map((d) => `${d.label} ${d.count} 项 × ${trimNumber(d.weight)} 分 = -${trimNumber(Math.abs(d.points))} 分`)
  return lines.length > 0 ? lines : ['无扣分']
}

function trimNumber(n: number): string {
  return String(Math.round(n * 100) / 100)
}

/** Unit ranking as horizontal bars; hovering a bar lists that unit's deductions. */
export function unitScoreChartOption(units: readonly UnitStat[]): ChartOption {
  const ranked = rankUnits(units)
  // Best at the top: a category y-axis draws its first entry at the bottom.
  const shown = [...ranked].reverse()
  return {
    ...BASE,
    tooltip: {
      trigger: 'item',
      formatter: (param: unknown) => {
        const u = shown[(param as { dataIndex?: number }).dataIndex ?? -1]
        if (!u) return ''
        return [
          `<b>${escapeHtml(u.unit_name)}</b>　履约评分 ${trimNumber(u.score)}`,
          `承办 ${u.assigned}，已销号 ${u.closed}，逾期 ${u.overdue}，自查 ${u.self_reported}（不扣分）`,
          ...deductionLines(u).map(escapeHtml),
        ].join('<br/>')
      },
    },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, name: '分' },
    yAxis: { type: 'category', data: shown.map((u) => u.unit_name), axisLabel: { fontSize: 12 } },
    series: [
      {
        name: '履约评分',
        type: 'bar',
        barMaxWidth: 18,
        data: shown.map((u) => ({
          value: u.score,
          itemStyle: { color: u.score >= 90 ? '#67c23a' : u.score >= 75 ? '#e6a23c' : '#f56c6c' },
        })),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { value?: unknown }) => trimNumber(Number(p.value ?? 0)),
        },
      },
    ],
  }
}

/** The unit of a click on the ranking chart (its bars are drawn in reverse rank order). */
export function unitAtChartIndex(units: readonly UnitStat[], dataIndex: number): UnitStat | null {
  const ranked = rankUnits(units)
  return ranked[ranked.length - 1 - dataIndex] ?? null
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )
}

/** One class of the arrears still owed, as the dashboard's table shows it. */
export interface OutstandingRow {
  code: string
  label: string
  problems: number
  /** 万元, two decimals. */
  wan: string
  /** Share of all arrears outstanding, "—" when nothing is outstanding. */
  share: string
}

/** 未化解欠款 by 账龄, 欠款主体性质 and 企业规模: the three tables, classes in the server's order. */
export function outstandingTables(
  o: OutstandingArrears,
): { key: 'age' | 'nature' | 'size'; title: string; rows: OutstandingRow[] }[] {
  const table = (key: 'age' | 'nature' | 'size', title: string, items: OutstandingArrears['by_age_band']) => {
    const total = items.reduce((sum, i) => sum + i.outstanding_fen, 0)
    return {
      key,
      title,
      rows: items.map((i) => ({
        code: i.code,
        label: i.label,
        problems: i.problems,
        wan: formatFenWan(i.outstanding_fen),
        share: formatRate(total > 0 ? i.outstanding_fen / total : null),
      })),
    }
  }
  return [
    table('age', '按账龄', o.by_age_band),
    table('nature', '按欠款主体性质', o.by_debtor_nature),
    table('size', '按企业规模', o.by_enterprise_size),
  ]
}
