/**
 * Reference data for pickers and labels: units, work groups and dictionaries, loaded once per
 * session (RuoYi's "dict" store) and forgotten at sign-out.
 */
import { computed, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { getDictionaries, listCampaigns, listGroups, listUnits } from '@/api/org'
import type { Campaign, DictEntry, Dictionaries, Group, Unit } from '@/api/types'

function byCode(entries: readonly { code: string; label: string }[] | undefined): Map<string, string> {
  return new Map((entries ?? []).map((entry) => [entry.code, entry.label]))
}

export const useOrgStore = defineStore('org', () => {
  const units = shallowRef<Unit[]>([])
  const groups = shallowRef<Group[]>([])
  const dictionaries = shallowRef<Dictionaries | null>(null)
  const campaigns = shallowRef<Campaign[]>([])
  let loading: Promise<void> | null = null

  const unitNames = computed(() => new Map(units.value.map((unit) => [unit.id, unit.name])))
  const groupNames = computed(() => new Map(groups.value.map((group) => [group.id, group.name])))
  const categoryLabels = computed(() => byCode(dictionaries.value?.categories))
  const problemTypeLabels = computed(() => byCode(dictionaries.value?.problem_types))
  const sourceLabels = computed(() => byCode(dictionaries.value?.sources))
  const arrearObjectLabels = computed(() => byCode(dictionaries.value?.arrear_objects))
  const roleLabels = computed(() => byCode(dictionaries.value?.roles))

  const activeUnits = computed(() => units.value.filter((unit) => unit.active))
  const categories = computed<DictEntry[]>(() => (dictionaries.value?.categories ?? []).filter((e) => e.active))
  const sources = computed<DictEntry[]>(() => (dictionaries.value?.sources ?? []).filter((e) => e.active))
  const arrearObjects = computed<DictEntry[]>(() => (dictionaries.value?.arrear_objects ?? []).filter((e) => e.active))

  /** Problem types of a category (dictionary entries whose parent_code is the category). */
  function problemTypesOf(category: string | null | undefined): DictEntry[] {
    if (!category) return []
    return (dictionaries.value?.problem_types ?? []).filter((e) => e.active && e.parent_code === category)
  }

  /** Loads everything once; concurrent callers share the requests. A failure can be retried. */
  function ensureLoaded(): Promise<void> {
    if (dictionaries.value) return Promise.resolve()
    loading ??= Promise.all([
      listUnits(),
      listGroups(),
      getDictionaries(),
      listCampaigns().catch(() => [] as Campaign[]),
    ])
      .then(([u, g, d, c]) => {
        units.value = u
        groups.value = [...g].sort((a, b) => a.sort_order - b.sort_order)
        dictionaries.value = d
        campaigns.value = c
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  function reset(): void {
    units.value = []
    groups.value = []
    dictionaries.value = null
    campaigns.value = []
  }

  const label = (map: Map<string, string>, code: string | null | undefined): string =>
    code ? (map.get(code) ?? code) : ''

  return {
    units,
    groups,
    dictionaries,
    campaigns,
    activeUnits,
    categories,
    sources,
    arrearObjects,
    problemTypesOf,
    ensureLoaded,
    reset,
    unitName: (id: string | null | undefined) => label(unitNames.value, id),
    groupName: (id: string | null | undefined) => label(groupNames.value, id),
    categoryLabel: (code: string | null | undefined) => label(categoryLabels.value, code),
    problemTypeLabel: (code: string | null | undefined) => label(problemTypeLabels.value, code),
    sourceLabel: (code: string | null | undefined) => label(sourceLabels.value, code),
    arrearObjectLabel: (code: string | null | undefined) => label(arrearObjectLabels.value, code),
    roleLabel: (code: string | null | undefined) => label(roleLabels.value, code),
  }
})
