#!/usr/bin/env node
// Generates src/api/schema.d.ts from the committed OpenAPI document (../openapi/openapi.json)
// with openapi-typescript. `--check` regenerates into a temporary file and fails when the
// committed file differs, so a stale schema.d.ts breaks `npm run test:unit` (and `make test`).
//
// Usage: node scripts/gen-api.mjs [--check]
//
// A `$ref` to a component schema that the document does not define is an error of the
// backend's document: the script names it and fails.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const specPath = resolve(root, '../openapi/openapi.json')
const outPath = resolve(root, 'src/api/schema.d.ts')
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
  return HEADER + astToString(ast)
}

const text = await generate()
if (check) {
  const dir = mkdtempSync(join(tmpdir(), 'lvyue-api-'))
  try {
    const fresh = join(dir, 'schema.d.ts')
    writeFileSync(fresh, text)
    const committed = existsSync(outPath) ? readFileSync(outPath, 'utf8') : ''
    if (committed !== readFileSync(fresh, 'utf8')) {
      console.error(
        `check:api: ${relative(root, outPath)} is stale: it differs from what openapi/openapi.json generates.\n` +
          '          Run "npm run gen:api" in frontend/ and commit the result.',
      )
      process.exit(1)
    }
    console.log(`check:api: ${relative(root, outPath)} matches openapi/openapi.json`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
} else {
  writeFileSync(outPath, text)
  console.log(`gen:api: wrote ${relative(root, outPath)}`)
}
