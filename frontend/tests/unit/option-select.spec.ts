// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import OptionSelect from '@/components/OptionSelect.vue'

describe('OptionSelect', () => {
  it('offers records by id and name (a unit also has a code), dictionary entries by code and label', () => {
    const units = mount(OptionSelect, {
      props: { modelValue: '', options: [{ id: 'u-1', name: '府河镇', code: 'fuhe' }] as never },
    })
    const unitOptions = units.findAllComponents({ name: 'ElOption' })
    expect(unitOptions.map((o) => [o.props('value'), o.props('label')])).toEqual([['u-1', '府河镇']])
    const dict = mount(OptionSelect, {
      props: { modelValue: '', options: [{ code: 'complaint', label: '营商环境问题投诉' }] },
    })
    expect(dict.findAllComponents({ name: 'ElOption' }).map((o) => [o.props('value'), o.props('label')])).toEqual([
      ['complaint', '营商环境问题投诉'],
    ])
  })
})
