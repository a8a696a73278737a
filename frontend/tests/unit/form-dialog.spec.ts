// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { FormInstance } from 'element-plus'
import { clearDrafts, DRAFT_PREFIX, useForm, useFormDialog, type FormOptions } from '@/composables/useFormDialog'
import { ApiError } from '@/utils/request'

interface Form {
  note: string
  amount: string
}

/** A stand-in for the el-form: validation passes unless told otherwise. */
function fakeForm(valid = true): FormInstance {
  return {
    validate: () => (valid ? Promise.resolve(true) : Promise.reject(new Error('invalid'))),
    clearValidate: () => {},
  } as unknown as FormInstance
}

function setup(overrides: Partial<FormOptions<Form>> = {}) {
  const save = vi.fn<(form: Form) => Promise<boolean | void>>(async () => {})
  const confirm = vi.fn(async () => true)
  const dialog = useFormDialog<Form>({
    initial: () => ({ note: '', amount: '' }),
    fields: ['note'],
    aliases: { amount_fen: 'amount' },
    save,
    confirm,
    ...overrides,
  })
  dialog.formRef = fakeForm()
  return { dialog, save, confirm }
}

afterEach(() => {
  sessionStorage.clear()
})

describe('useFormDialog', () => {
  it('opens with the initial values over which open() puts its own, and is clean until typed into', async () => {
    const { dialog } = setup()
    dialog.open({ note: '原有内容' })
    await nextTick()
    expect(dialog.visible).toBe(true)
    expect(dialog.form).toEqual({ note: '原有内容', amount: '' })
    expect(dialog.dirty).toBe(false)
    dialog.form.amount = '12万'
    await nextTick()
    expect(dialog.dirty).toBe(true)
  })

  it('closes a clean dialog without asking, and asks before closing a dirty one', async () => {
    const { dialog, confirm } = setup()
    dialog.open()
    await nextTick()
    const done = vi.fn()
    dialog.beforeClose(done)
    await vi.waitFor(() => expect(done).toHaveBeenCalled())
    expect(confirm).not.toHaveBeenCalled()

    dialog.form.note = '写了一半'
    await nextTick()
    confirm.mockResolvedValueOnce(false) // 继续填写
    await dialog.requestClose()
    expect(dialog.visible).toBe(true)
    expect(dialog.form.note).toBe('写了一半')
    confirm.mockResolvedValueOnce(true) // 放弃
    await dialog.requestClose()
    expect(dialog.visible).toBe(false)
    expect(confirm).toHaveBeenCalledTimes(2)
  })

  it('empty string, null and undefined are the same nothing: no question for them', async () => {
    const dialog = useFormDialog<{ order: number | undefined | null; name: string }>({
      initial: () => ({ order: undefined, name: '' }),
      fields: [],
      save: async () => {},
      confirm: async () => false,
    })
    dialog.open()
    await nextTick()
    dialog.form.order = null
    await nextTick()
    expect(dialog.dirty).toBe(false)
  })

  it('submits the validated form, closes and forgets the draft', async () => {
    const { dialog, save } = setup({ draft: () => 'progress.1' })
    dialog.open()
    await nextTick()
    dialog.form.note = '已完成'
    await nextTick()
    expect(Object.keys(sessionStorage).some((k) => k.startsWith(DRAFT_PREFIX))).toBe(true)
    await dialog.submit()
    expect(save).toHaveBeenCalledWith({ note: '已完成', amount: '' })
    expect(dialog.visible).toBe(false)
    expect(Object.keys(sessionStorage).some((k) => k.startsWith(DRAFT_PREFIX))).toBe(false)
  })

  it('does not send an invalid form, and stays open when save answers false', async () => {
    const { dialog, save } = setup()
    dialog.open()
    await nextTick()
    dialog.formRef = fakeForm(false)
    await dialog.submit()
    expect(save).not.toHaveBeenCalled()
    dialog.formRef = fakeForm(true)
    save.mockResolvedValueOnce(false)
    await dialog.submit()
    expect(save).toHaveBeenCalledTimes(1)
    expect(dialog.visible).toBe(true)
    expect(dialog.saving).toBe(false)
  })

  it('puts a 422 at its fields (through the aliases) and the rest above the form', async () => {
    const onError = vi.fn()
    const { dialog, save } = setup({ onError })
    dialog.open()
    await nextTick()
    save.mockRejectedValueOnce(
      new ApiError(
        422,
        {
          errors: [
            { field: 'note', message: '不能为空' },
            { field: 'amount_fen', message: '金额过大' },
            { field: 'campaign_id', message: '专项行动不存在' },
          ],
        },
        '',
      ),
    )
    await dialog.submit()
    expect(dialog.visible).toBe(true)
    expect(dialog.serverErrors.note).toBe('不能为空')
    expect(dialog.serverErrors.amount).toBe('金额过大')
    expect(dialog.otherErrors).toEqual(['campaign_id: 专项行动不存在'])
    expect(onError).not.toHaveBeenCalled()

    const conflict = new ApiError(409, { detail: '状态已变化' }, '')
    save.mockRejectedValueOnce(conflict)
    await dialog.submit()
    expect(onError).toHaveBeenCalledWith(conflict)
    expect(dialog.serverErrors).toEqual({})
  })

  it('keeps a draft per key in sessionStorage and offers it at the next opening', async () => {
    const issue = { id: 'a' }
    const first = setup({ draft: () => `progress.${issue.id}` }).dialog
    first.open()
    await nextTick()
    first.form.note = '现场已整改'
    await nextTick()
    // The tab reloads (or the dialog is closed by a stale answer): a new dialog, same problem.
    const second = setup({ draft: () => `progress.${issue.id}` }).dialog
    second.open()
    await nextTick()
    expect(second.restored).toBe(true)
    expect(second.form.note).toBe('现场已整改')
    // Another problem has its own draft (none).
    issue.id = 'b'
    const third = setup({ draft: () => `progress.${issue.id}` }).dialog
    third.open()
    await nextTick()
    expect(third.restored).toBe(false)
    expect(third.form.note).toBe('')
    // 放弃草稿: back to the values the form opened with, the draft gone.
    second.discardDraft()
    expect(second.form.note).toBe('')
    expect(second.restored).toBe(false)
    issue.id = 'a'
    const fourth = setup({ draft: () => `progress.${issue.id}` }).dialog
    fourth.open()
    await nextTick()
    expect(fourth.restored).toBe(false)
  })

  it('discarding a dirty dialog also forgets its draft; signing out forgets them all', async () => {
    const { dialog } = setup({ draft: () => 'urge.1' })
    dialog.open()
    await nextTick()
    dialog.form.note = '草稿'
    await nextTick()
    await dialog.requestClose()
    expect(Object.keys(sessionStorage)).toEqual([])

    dialog.open()
    await nextTick()
    dialog.form.note = '另一份草稿'
    await nextTick()
    sessionStorage.setItem('other.key', 'kept')
    clearDrafts()
    expect(Object.keys(sessionStorage)).toEqual(['other.key'])
  })

  it('a form without guard closes at once', async () => {
    const confirm = vi.fn(async () => false)
    const { dialog } = setup({ guard: false, confirm })
    dialog.open()
    await nextTick()
    dialog.form.note = 'x'
    await nextTick()
    await dialog.requestClose()
    expect(dialog.visible).toBe(false)
    expect(confirm).not.toHaveBeenCalled()
  })
})

describe('useForm (a form on a page)', () => {
  it('is filled at once, restores its draft, and is clean after a successful save', async () => {
    sessionStorage.clear()
    const options: FormOptions<Form> = {
      initial: () => ({ note: '', amount: '' }),
      fields: ['note'],
      draft: () => 'register',
      save: async () => {},
      confirm: async () => true,
    }
    const first = useForm<Form>(options)
    first.form.note = '企业反映'
    await nextTick()
    expect(first.dirty).toBe(true)
    const second = useForm<Form>(options)
    expect(second.form.note).toBe('企业反映')
    expect(second.restored).toBe(true)
    second.formRef = fakeForm()
    await second.submit()
    expect(second.dirty).toBe(false)
    expect(sessionStorage.length).toBe(0)
  })
})
