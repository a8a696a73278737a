#!/usr/bin/env node
// Generates src/api/schema.d.ts from the committed OpenAPI document (../openapi/openapi.json)
// with openapi-typescript, and src/api/transition-fields.ts: the fields each member of the
// `TransitionRequest` union carries and which it requires, read from the same document, so that
// the action dialog asks for exactly what the server takes. `--check` regenerates into memory
// and fails when a committed file differs, so a stale file breaks `npm run test:unit` (and
// `make test`).
//
// Usage: node scripts/gen-api.mjs [--check]
//
// A `$ref` to a component schema that the document does not define is an error of the
// backend's document: the script names it and fails.
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const specPath = resolve(root, '../openapi/openapi.json')
const outPath = resolve(root, 'src/api/schema.d.ts')
const fieldsPath = resolve(root, 'src/api/transition-fields.ts')
const check = process.argv.includes('--check')

const HEADER = `/**
 * GENERATED from openapi/openapi.json by \`npm run gen:api\` (openapi-typescript). Do not edit:
 * change the backend, regenerate the spec (\`make openapi\`), then run \`npm run gen:api\`.
 * \`npm run check:api\` (part of \`npm run test:unit\`) fails when this file is stale.
 */

`

/**
 * Names of component schemas that are referenced but not defined.
 * @param {any} spec the parsed OpenAPI document
 * @returns {string[]}
 */
function danglingSchemaRefs(spec) {
  const defined = new Set(Object.keys(spec.components?.schemas ?? {}))
  const missing = new Set()
  /** @param {unknown} node */
  const walk = (node) => {
    if (Array.isArray(node)) {
      node.forEach(walk)
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const match = /^#\/components\/schemas\/(.+)$/.exec(value)
          if (match?.[1] && !defined.has(match[1])) missing.add(match[1])
        } else {
          walk(value)
        }
      }
    }
  }
  walk(spec)
  return [...missing].sort()
}

/**
 * The action table of the transition union: for each member, its `action` code, its other
 * properties (in the document's order) and the required ones.
 * @param {any} spec the parsed OpenAPI document
 * @returns {string}
 */
function transitionFields(spec) {
  const schemas = spec.components.schemas
  const union = schemas.TransitionRequest
  const mapping = union?.discriminator?.mapping
  if (!mapping) throw new Error('TransitionRequest has no discriminator mapping')
  const rows = Object.entries(mapping).map(([action, ref]) => {
    const member = schemas[String(ref).replace('#/components/schemas/', '')]
    const fields = Object.keys(member.properties).filter((f) => f !== 'action')
    const required = (member.required ?? []).filter((/** @type {string} */ f) => f !== 'action')
    const list = (/** @type {string[]} */ names) => `[${names.map((n) => `'${n}'`).join(', ')}]`
    return `  ${action}: { fields: ${list(fields)}, required: ${list(required)} },`
  })
  return `/**
 * GENERATED from openapi/openapi.json by \`npm run gen:api\`. Do not edit. The fields each
 * transition (\`TransitionRequest\`, a union chosen by \`action\`) carries, and which of them the
 * server requires.
 */
import type { components } from './schema'

export type TransitionAction = components['schemas']['TransitionRequest']['action']

export interface TransitionShape {
  readonly fields: readonly string[]
  readonly required: readonly string[]
}

export const TRANSITION_FIELDS: Record<TransitionAction, TransitionShape> = {
${rows.join('\n')}
}
`
}

async function generate() {
  if (!existsSync(specPath)) {
    throw new Error(`${relative(root, specPath)} not found`)
  }
  const spec = JSON.parse(readFileSync(specPath, 'utf8'))
  const missing = danglingSchemaRefs(spec)
  if (missing.length > 0) {
    // The document lies about its own contract: fail, so the backend fixes it at the root.
    console.error(`gen-api: openapi.json references undefined schemas: ${missing.join(', ')}`)
    process.exit(1)
  }
  const ast = await openapiTS(spec, { silent: true, emptyObjectsUnknown: true })
  return [
    [outPath, HEADER + astToString(ast)],
    [fieldsPath, transitionFields(spec)],
  ]
}

for (const [path, text] of await generate()) {
  if (check) {
    const committed = existsSync(path) ? readFileSync(path, 'utf8') : ''
    if (committed !== text) {
      console.error(
        `check:api: ${relative(root, path)} is stale: it differs from what openapi/openapi.json generates.\n` +
          '          Run "npm run gen:api" in frontend/ and commit the result.',
      )
      process.exit(1)
    }
    console.log(`check:api: ${relative(root, path)} matches openapi/openapi.json`)
  } else {
    writeFileSync(path, text)
    console.log(`gen:api: wrote ${relative(root, path)}`)
  }
}
