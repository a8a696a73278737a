/**
 * 系统管理 (sysadmin): units, work groups, accounts, API keys, dictionaries and settings.
 * Forms pass `quiet: [409, 422]` and show those errors themselves (at the fields).
 */
import { api, request, unwrap, type CallOptions } from '@/utils/request'
import type {
  ApiKey,
  CreateApiKey,
  CreatedApiKey,
  CreateWebhook,
  DeliveryStatus,
  IntegrationClient,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryPage,
  CreateUnit,
  CreateUser,
  DictEntry,
  DictItemInput,
  Group,
  SetRoles,
  Setting,
  Unit,
  UpdateGroup,
  UpdateUnit,
  UpdateUser,
  User,
  UserListQuery,
  UserPage,
} from './types'

// -- units -------------------------------------------------------------------------------------

/** Every unit, deactivated ones included (the pickers use org.ts `listUnits`, active ones). */
export function listAllUnits(): Promise<Unit[]> {
  return request(api.GET('/api/v1/units', { params: { query: { include_inactive: true } } }))
}

export function createUnit(body: CreateUnit, options?: CallOptions): Promise<Unit> {
  return request(api.POST('/api/v1/units', { body }), options)
}

/** Rename, change kind or order, (de)activate. */
export function updateUnit(id: string, body: UpdateUnit, options?: CallOptions): Promise<Unit> {
  return request(api.PATCH('/api/v1/units/{id}', { params: { path: { id } }, body }), options)
}

/** Only a unit nothing refers to can be deleted (409 otherwise: deactivate it instead). */
export async function deleteUnit(id: string, options?: CallOptions): Promise<void> {
  await unwrap(api.DELETE('/api/v1/units/{id}', { params: { path: { id } } }), options)
}

// -- groups ------------------------------------------------------------------------------------

export function updateGroup(id: string, body: UpdateGroup, options?: CallOptions): Promise<Group> {
  return request(api.PATCH('/api/v1/groups/{id}', { params: { path: { id } }, body }), options)
}

// -- users -------------------------------------------------------------------------------------

export function listUsers(query: UserListQuery, options?: CallOptions): Promise<UserPage> {
  return request(api.GET('/api/v1/users', { params: { query } }), options)
}

export function getUser(id: string, options?: CallOptions): Promise<User> {
  return request(api.GET('/api/v1/users/{id}', { params: { path: { id } } }), options)
}

export function createUser(body: CreateUser, options?: CallOptions): Promise<User> {
  return request(api.POST('/api/v1/users', { body }), options)
}

/** Display name, unit, active (the system administrator's). */
export function updateUser(id: string, body: UpdateUser, options?: CallOptions): Promise<User> {
  return request(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }), options)
}

/** Sets a new initial password (changed at the next sign-in), unlocks, ends the sessions. */
export function resetPassword(id: string, password: string, options?: CallOptions): Promise<User> {
  return request(
    api.POST('/api/v1/users/{id}/reset-password', { params: { path: { id } }, body: { password } }),
    options,
  )
}

/** Removes an account's second factor (TOTP) and ends its sessions (the security administrator's). */
export async function resetUserTotp(id: string, options?: CallOptions): Promise<void> {
  await request(api.POST('/api/v1/users/{id}/reset-totp', { params: { path: { id } } }), options)
}

export function unlockUser(id: string, options?: CallOptions): Promise<User> {
  return request(api.POST('/api/v1/users/{id}/unlock', { params: { path: { id } } }), options)
}

/** Replaces an account's roles (the security administrator's, 三员分立). */
export function setUserRoles(id: string, body: SetRoles, options?: CallOptions): Promise<User> {
  return request(api.PUT('/api/v1/users/{id}/roles', { params: { path: { id } }, body }), options)
}

// -- API keys ----------------------------------------------------------------------------------

export function listApiKeys(): Promise<ApiKey[]> {
  return request(api.GET('/api/v1/api-keys'))
}

/** The answer carries the secret this once: show it, never store it. */
export function createApiKey(body: CreateApiKey, options?: CallOptions): Promise<CreatedApiKey> {
  return request(api.POST('/api/v1/api-keys', { body }), options)
}

export async function revokeApiKey(id: string, options?: CallOptions): Promise<void> {
  await unwrap(api.POST('/api/v1/api-keys/{id}/revoke', { params: { path: { id } } }), options)
}

// -- integration clients' webhooks --------------------------------------------------------------

export function listIntegrationClients(): Promise<IntegrationClient[]> {
  return request(api.GET('/api/v1/integration-clients'))
}

export function listWebhooks(clientId: string): Promise<Webhook[]> {
  return request(api.GET('/api/v1/integration-clients/{id}/webhooks', { params: { path: { id: clientId } } }))
}

export function createWebhook(clientId: string, body: CreateWebhook, options?: CallOptions): Promise<Webhook> {
  return request(
    api.POST('/api/v1/integration-clients/{id}/webhooks', { params: { path: { id: clientId } }, body }),
    options,
  )
}

export function setWebhookActive(id: string, active: boolean, options?: CallOptions): Promise<Webhook> {
  const path = active ? '/api/v1/webhooks/{id}/enable' : '/api/v1/webhooks/{id}/disable'
  return request(api.POST(path, { params: { path: { id } } }), options)
}

export async function deleteWebhook(id: string, options?: CallOptions): Promise<void> {
  await unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } }), options)
}

export function listWebhookDeliveries(
  id: string,
  query: { status?: DeliveryStatus; page?: number; page_size?: number },
  options?: CallOptions,
): Promise<WebhookDeliveryPage> {
  return request(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id }, query } }), options)
}

/** Sends a delivered or failed delivery again (same delivery id). */
export function redeliver(id: string, deliveryId: string, options?: CallOptions): Promise<WebhookDelivery> {
  return request(
    api.POST('/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver', {
      params: { path: { id, delivery_id: deliveryId } },
    }),
    options,
  )
}

// -- dictionaries ------------------------------------------------------------------------------

/**
 * Creates or changes an item (codes are permanent: deactivate instead of removing). With
 * `createOnly` an existing code is refused (412 `dictionary_item_exists`) instead of overwritten.
 */
export function saveDictItem(
  kind: string,
  code: string,
  body: DictItemInput,
  options?: CallOptions & { createOnly?: boolean },
): Promise<DictEntry> {
  const header = options?.createOnly ? { 'If-None-Match': '*' } : undefined
  return request(
    api.PUT('/api/v1/dictionaries/{kind}/{code}', { params: { path: { kind, code }, header }, body }),
    options,
  )
}

// -- settings ----------------------------------------------------------------------------------

/** Every setting with its value in force; `editable` says which the caller may change. */
export function listSettings(): Promise<Setting[]> {
  return request(api.GET('/api/v1/settings'))
}

export function saveSetting(key: string, value: unknown, options?: CallOptions): Promise<Setting> {
  return request(api.PUT('/api/v1/settings/{key}', { params: { path: { key } }, body: { value } }), options)
}
