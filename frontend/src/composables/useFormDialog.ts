/**
 * Forms and form dialogs, one implementation (#13, #23 "never lose typing"):
 *
 * - the form's values, the el-form instance, `saving`, the server's 422 errors at their fields
 *   (`serverErrors`) and those no field shows (`otherErrors`);
 * - `submit()`: validates, calls `save`, shows a 422 against the fields (server names mapped
 *   through `aliases`, e.g. `amount_resolved_fen` → `amount_resolved`), hands other failures to
 *   `onError`; on success the draft is dropped and the dialog closes;
 * - `dirty`: the values differ from those the form was opened with; closing a dirty dialog
 *   (Esc, ×, 取消) or leaving the page (router navigation, reload, closing the tab) asks first;
 * - an optional draft in sessionStorage (`draft: () => key`): typed values survive a reload, a
 *   lost session or an accidental close, and come back when the same form opens again.
 *
 * `useFormDialog` adds the dialog's `visible` (own, or the component's `defineModel`) and is
 * rendered with components/FormDialog.vue; `useForm` is the same for a form on a page.
 */
import {
  computed,
  getCurrentInstance,
  inject,
  onBeforeUnmount,
  reactive,
  ref,
  watch,
  type Ref,
  type UnwrapNestedRefs,
} from 'vue'
import { matchedRouteKey, onBeforeRouteLeave } from 'vue-router'
import type { FormInstance } from 'element-plus'
import { applyServerErrors } from '@/utils/form'
import { useUserStore } from '@/stores/user'

export const DRAFT_PREFIX = 'lvyue.draft.'
export const DISCARD_MESSAGE = '填写的内容尚未提交，确定放弃吗？'

export interface FormOptions<F extends object> {
  /** The values the form opens with (may read props: called at every opening). */
  initial: () => F
  /** The server's field names the form shows (422 `errors[].field`); a getter when they vary. */
  fields: readonly string[] | (() => readonly string[])
  /** Server field → form field, for fields the form holds in another shape. */
  aliases?: Readonly<Record<string, string>>
  /**
   * Sends the form. Resolve to close (dialog) and forget the draft; resolve `false` to stay
   * open with nothing done (e.g. nothing changed); throw on failure (ApiError).
   */
  save: (form: F) => Promise<boolean | void>
  /** A failure that is not a 422 with field errors (412, 409, 404…). */
  onError?: (err: unknown) => void
  /** sessionStorage key of this form's draft (per problem, per action…), or null for none. */
  draft?: () => string | null
  /** Ask before closing or leaving when dirty (default true). */
  guard?: boolean
  /** The question asked before discarding (default {@link confirmDiscardBox}; tests answer it). */
  confirm?: () => Promise<boolean>
}

export interface FormState<F extends object> {
  form: UnwrapNestedRefs<F>
  formRef: FormInstance | undefined
  saving: boolean
  serverErrors: Record<string, string>
  otherErrors: string[]
  /** A draft was restored at the last opening. */
  restored: boolean
  readonly dirty: boolean
  /** Fills the form (the initial values, then `values`, then a saved draft) and clears errors. */
  reset: (values?: Partial<F>) => void
  submit: () => Promise<void>
  /** Resolves true when the form may be closed or left (clean, or the user discards). */
  confirmDiscard: () => Promise<boolean>
  /** Makes the current values the clean ones (after a reload into the form). */
  markClean: () => void
  /** Forgets the draft. */
  dropDraft: () => void
  /** Forgets the restored draft and goes back to the values the form opened with. */
  discardDraft: () => void
}

export interface FormDialogState<F extends object> extends FormState<F> {
  visible: boolean
  /** Opens the dialog with `values` over the initial ones. */
  open: (values?: Partial<F>) => void
  /** 取消: closes, asking first when dirty. */
  requestClose: () => Promise<void>
  /** el-dialog `before-close` (Esc, ×): asks first when dirty. */
  beforeClose: (done: () => void) => void
}

/** Values compared for `dirty`: empty string, null and undefined are the same "nothing". */
function snapshot(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v === '' || v === undefined ? null : v))
}

function session(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage
  } catch {
    return null
  }
}

/** The storage key of a draft: per signed-in user, so a shared tab never shows another's typing. */
function storageKey(key: string): string {
  let user = 'anonymous'
  try {
    user = useUserStore().user?.id ?? 'anonymous'
  } catch {
    // No Pinia (a unit test of the bare composable): drafts are still per key.
  }
  return `${DRAFT_PREFIX}${user}.${key}`
}

export function readDraft<F>(key: string): Partial<F> | null {
  const raw = session()?.getItem(storageKey(key))
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as unknown
    return value !== null && typeof value === 'object' ? (value as Partial<F>) : null
  } catch {
    return null
  }
}

/** Forgets every draft of this tab (signing out). */
export function clearDrafts(): void {
  const store = session()
  if (!store) return
  for (const key of Object.keys(store)) if (key.startsWith(DRAFT_PREFIX)) store.removeItem(key)
}

function signedIn(): boolean {
  try {
    return useUserStore().isLoggedIn
  } catch {
    return true
  }
}

/** Asks whether to discard typed values (the one wording of the SPA). */
export async function confirmDiscardBox(): Promise<boolean> {
  return ElMessageBox.confirm(DISCARD_MESSAGE, '放弃未提交的内容', {
    type: 'warning',
    confirmButtonText: '放弃',
    cancelButtonText: '继续填写',
    distinguishCancelAndClose: true,
  })
    .then(() => true)
    .catch(() => false)
}

function createForm<F extends object>(options: FormOptions<F>, isOpen: () => boolean) {
  const form = reactive(options.initial()) as UnwrapNestedRefs<F>
  const formRef = ref<FormInstance>()
  const saving = ref(false)
  const serverErrors = reactive<Record<string, string>>({})
  const otherErrors = ref<string[]>([])
  const restored = ref(false)
  const baseline = ref(snapshot(form))
  const current = ref(baseline.value)
  const guard = options.guard !== false
  const draftKey = (): string | null => options.draft?.() ?? null

  watch(
    () => snapshot(form),
    (now) => {
      current.value = now
      const key = draftKey()
      if (!key || !isOpen()) return
      if (now === baseline.value) session()?.removeItem(storageKey(key))
      else session()?.setItem(storageKey(key), JSON.stringify(form))
    },
  )

  const dirty = (): boolean => isOpen() && current.value !== baseline.value

  function clearErrors(): void {
    for (const key of Object.keys(serverErrors)) delete serverErrors[key]
    otherErrors.value = []
  }

  function markClean(): void {
    baseline.value = snapshot(form)
    current.value = baseline.value
  }

  function dropDraft(): void {
    const key = draftKey()
    if (key) session()?.removeItem(storageKey(key))
  }

  let opened: Partial<F> = {}
  function reset(values: Partial<F> = {}): void {
    opened = values
    Object.assign(form, options.initial(), values)
    markClean()
    const key = draftKey()
    const draft = key ? readDraft<F>(key) : null
    restored.value = draft !== null
    if (draft) Object.assign(form, draft)
    clearErrors()
    formRef.value?.clearValidate()
  }

  function discardDraft(): void {
    dropDraft()
    reset(opened)
  }

  async function confirmDiscard(): Promise<boolean> {
    if (!guard || !dirty()) return true
    const ok = await (options.confirm ?? confirmDiscardBox)()
    if (ok) dropDraft()
    return ok
  }

  async function submit(): Promise<boolean> {
    if (saving.value || !formRef.value) return false
    const valid = await formRef.value.validate().catch(() => false)
    if (!valid) return false
    saving.value = true
    otherErrors.value = []
    try {
      const result = await options.save(form as F)
      if (result === false) return false
      dropDraft()
      markClean()
      return true
    } catch (err) {
      const aliases = options.aliases ?? {}
      const fields = typeof options.fields === 'function' ? options.fields() : options.fields
      const other = applyServerErrors(err, serverErrors, [...fields, ...Object.keys(aliases)])
      if (other !== null) {
        for (const [from, to] of Object.entries(aliases)) {
          if (serverErrors[from]) serverErrors[to] = serverErrors[from]
        }
        otherErrors.value = other
      } else {
        options.onError?.(err)
      }
      return false
    } finally {
      saving.value = false
    }
  }

  // Leaving the page: a router navigation asks; a reload or a closed tab gets the browser's prompt.
  if (guard && getCurrentInstance()) {
    if (inject(matchedRouteKey, null)) {
      // Sent to sign in (session over): leave without asking and keep the draft for afterwards.
      onBeforeRouteLeave(() => !signedIn() || confirmDiscard())
    }
    const onUnload = (event: BeforeUnloadEvent) => {
      if (!dirty()) return
      event.preventDefault()
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', onUnload)
    onBeforeUnmount(() => window.removeEventListener('beforeunload', onUnload))
  }

  return {
    form,
    formRef,
    saving,
    serverErrors,
    otherErrors,
    restored,
    dirty,
    reset,
    submit,
    confirmDiscard,
    markClean,
    dropDraft,
    discardDraft,
  }
}

/** A form on a page (自查登记): the form state, submit, the leave guard and the draft. */
export function useForm<F extends object>(options: FormOptions<F>): FormState<F> {
  const state = createForm(options, () => true)
  state.reset()
  const { dirty, submit, ...rest } = state
  return reactive({
    ...rest,
    dirty: computed(dirty),
    submit: async () => {
      await submit()
    },
  }) as unknown as FormState<F>
}

/**
 * A form in a dialog: `visible` (pass the component's `defineModel` ref, or get an own one),
 * opening resets the form (from `initial()`, then `open(values)`, then a saved draft).
 */
export function useFormDialog<F extends object>(
  options: FormOptions<F> & { visible?: Ref<boolean> },
): FormDialogState<F> {
  const visible = options.visible ?? ref(false)
  const state = createForm(options, () => visible.value)
  let pending: Partial<F> = {}

  watch(visible, (open) => {
    if (!open) return
    state.reset(pending)
    pending = {}
  })

  function open(values: Partial<F> = {}): void {
    pending = values
    if (visible.value) {
      state.reset(pending)
      pending = {}
    } else {
      visible.value = true
    }
  }

  async function requestClose(): Promise<void> {
    if (await state.confirmDiscard()) visible.value = false
  }

  function beforeClose(done: () => void): void {
    void state.confirmDiscard().then((ok) => {
      if (ok) done()
    })
  }

  const { dirty, submit, ...rest } = state
  return reactive({
    ...rest,
    visible,
    dirty: computed(dirty),
    open,
    requestClose,
    beforeClose,
    submit: async () => {
      if (await submit()) visible.value = false
    },
  }) as unknown as FormDialogState<F>
}
