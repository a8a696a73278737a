// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import LoginView from '@/views/login/index.vue'
import { useUserStore } from '@/stores/user'
import { tokens, user } from './fixtures'

// async-validator prints its built-in English messages to the console in dev; silence it.
;(globalThis as { ASYNC_VALIDATOR_NO_WARNING?: number }).ASYNC_VALIDATOR_NO_WARNING = 1

function setup() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginView },
      { path: '/', name: 'home', component: { template: '<div>home</div>' } },
      { path: '/issues', name: 'issues', component: { template: '<div>issues</div>' } },
      { path: '/password', name: 'password', component: { template: '<div>password</div>' } },
      { path: '/totp', name: 'totp', component: { template: '<div>totp</div>' } },
    ],
  })
  return { pinia, router }
}

async function fillAndSubmit(wrapper: ReturnType<typeof mount>, username: string, password: string) {
  await wrapper.get('input[name="username"]').setValue(username)
  await wrapper.get('input[name="password"]').setValue(password)
  await wrapper.get('form').trigger('submit')
  // validation, fetch and navigation are asynchronous
  for (let i = 0; i < 5; i++) await flushPromises()
}

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('login page', () => {
  it('does not call the API when the form is empty', async () => {
    const { pinia, router } = setup()
    const fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    await router.push('/login')
    const wrapper = mount(LoginView, { global: { plugins: [pinia, router] }, attachTo: document.body })
    await wrapper.get('form').trigger('submit')
    for (let i = 0; i < 5; i++) await flushPromises()
    expect(fetchMock).not.toHaveBeenCalled()
    // both fields are marked invalid (the message itself renders inside a transition)
    expect(wrapper.findAll('.el-form-item.is-error')).toHaveLength(2)
    wrapper.unmount()
  })

  it('logs in, stores the token and follows the redirect', async () => {
    const { pinia, router } = setup()
    const fetchMock = vi.fn(
      async (_req: Request) =>
        new Response(JSON.stringify(tokens(1, { access_token: 'jwt', refresh_token: 'opaque' })), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    )
    vi.stubGlobal('fetch', fetchMock)
    await router.push('/login?redirect=/issues')
    const wrapper = mount(LoginView, { global: { plugins: [pinia, router] }, attachTo: document.body })
    await fillAndSubmit(wrapper, ' office ', 'Lvyue#Demo2024')

    const req = fetchMock.mock.calls[0]?.[0] as Request
    expect(new URL(req.url).pathname).toBe('/api/v1/auth/login')
    expect(req.method).toBe('POST')
    expect(await req.json()).toEqual({ username: 'office', password: 'Lvyue#Demo2024' })
    expect(req.headers.get('Authorization')).toBeNull()
    expect(useUserStore().accessToken).toBe('jwt')
    expect(localStorage.getItem('lvyue.auth')).toContain('"accessToken":"jwt"')
    expect(router.currentRoute.value.fullPath).toBe('/issues')
    wrapper.unmount()
  })

  it('sends an account that must change its password to the password page, keeping the target', async () => {
    const { pinia, router } = setup()
    const answer = tokens(1, { user: user({ must_change_password: true }) })
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } }),
      ),
    )
    await router.push('/login?redirect=/issues')
    const wrapper = mount(LoginView, { global: { plugins: [pinia, router] }, attachTo: document.body })
    await fillAndSubmit(wrapper, 'newuser', 'Initial#2024')
    expect(router.currentRoute.value.name).toBe('password')
    expect(router.currentRoute.value.query.redirect).toBe('/issues')
    wrapper.unmount()
  })

  it('asks for the second factor after a right password, then signs in with the code', async () => {
    const { pinia, router } = setup()
    const challenge = { totp_required: true, challenge: 'u1.1764790000.mac', expires_in: 300 }
    const fetch = vi.fn(async (input: Request) => {
      const body = input.url.endsWith('/auth/login/totp') ? tokens(1) : challenge
      return new Response(JSON.stringify(body), {
        status: input.url.endsWith('/auth/login/totp') ? 200 : 202,
        headers: { 'Content-Type': 'application/json' },
      })
    })
    vi.stubGlobal('fetch', fetch)
    await router.push('/login?redirect=/issues')
    const wrapper = mount(LoginView, { global: { plugins: [pinia, router] }, attachTo: document.body })
    await fillAndSubmit(wrapper, 'sysadmin', 'Lvyue#Demo2024')
    expect(router.currentRoute.value.name).toBe('login')
    expect(useUserStore().isLoggedIn).toBe(false)
    await wrapper.get('input[name="totp_code"]').setValue('123456')
    await wrapper.get('form').trigger('submit')
    for (let i = 0; i < 5; i++) await flushPromises()
    const sent = (await (fetch.mock.calls[1]?.[0] as Request).json()) as Record<string, string>
    expect(sent).toEqual({ challenge: challenge.challenge, code: '123456' })
    expect(router.currentRoute.value.fullPath).toBe('/issues')
    wrapper.unmount()
  })

  it('sends an administrator without a second factor to set one up', async () => {
    const { pinia, router } = setup()
    const answer = tokens(1, { user: user({ must_enroll_totp: true }) })
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } }),
      ),
    )
    await router.push('/login?redirect=/issues')
    const wrapper = mount(LoginView, { global: { plugins: [pinia, router] }, attachTo: document.body })
    await fillAndSubmit(wrapper, 'newadmin', 'Initial#2024')
    expect(router.currentRoute.value.name).toBe('totp')
    wrapper.unmount()
  })

  it('after repeated failures says how long to wait and disables the button meanwhile', async () => {
    vi.useFakeTimers()
    const { pinia, router } = setup()
    const waiting = {
      type: 'urn:lvyue:problem:too_many_attempts',
      title: 'Too Many Requests',
      status: 429,
      code: 'too_many_attempts',
      detail: '尝试过于频繁, 请 30 秒后再试',
      retry_after: 30,
    }
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(waiting), {
            status: 429,
            headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '30' },
          }),
      ),
    )
    await router.push('/login')
    const wrapper = mount(LoginView, { global: { plugins: [pinia, router] }, attachTo: document.body })
    await fillAndSubmit(wrapper, 'unit_housing', 'wrong')
    const alert = wrapper.get('[data-test="login-wait"]')
    expect(alert.text()).toContain('请 30 秒后再试')
    const button = wrapper.get('[data-test="login-submit"]')
    expect(button.attributes('disabled')).toBeDefined()
    expect(button.text()).toContain('30 秒后可再次登录')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(wrapper.find('[data-test="login-wait"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="login-submit"]').attributes('disabled')).toBeUndefined()
    expect(useUserStore().isLoggedIn).toBe(false)
    wrapper.unmount()
    vi.useRealTimers()
  })

  it('shows the Chinese detail of a problem+json answer', async () => {
    const { pinia, router } = setup()
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({
              type: 'about:blank',
              title: 'Unauthorized',
              status: 401,
              code: 'invalid_credentials',
              detail: '用户名或密码错误',
            }),
            { status: 401, headers: { 'Content-Type': 'application/problem+json' } },
          ),
      ),
    )
    await router.push('/login')
    const wrapper = mount(LoginView, { global: { plugins: [pinia, router] }, attachTo: document.body })
    await fillAndSubmit(wrapper, 'office', 'wrong')
    expect(document.body.textContent).toContain('用户名或密码错误')
    expect(useUserStore().isLoggedIn).toBe(false)
    expect(router.currentRoute.value.name).toBe('login')
    expect((wrapper.get('input[name="password"]').element as HTMLInputElement).value).toBe('')
    wrapper.unmount()
  })
})
