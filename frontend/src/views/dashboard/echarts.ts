/**
 * ECharts, only the parts the dashboard draws (tree-shaken through echarts/core): bar, line and
 * pie charts on canvas with grid, tooltip, legend and title. Imported by the dashboard's lazy
 * chunk alone, so the library never weighs on the first load.
 */
import { init, use, type ECharts } from 'echarts/core'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer])

export { init, type ECharts }
