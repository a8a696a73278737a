#!/usr/bin/env node
// Bundle-size budget: sums the gzipped size of the JavaScript that dist/index.html
// loads initially (its module entry scripts and modulepreload links) and fails above
// the budget. Lazy-loaded route chunks are not counted: they load on navigation.
//
// Usage: node scripts/check-bundle-size.mjs [distDir]
// Env:   BUNDLE_BUDGET_KB (default 100; 1 kB = 1000 bytes, as Vite reports sizes)
import { readFileSync, existsSync } from 'node:fs'
import { dirname, join, resolve, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const distDir = resolve(root, process.argv[2] ?? 'dist')
const budgetKb = Number(process.env.BUNDLE_BUDGET_KB ?? 100)
const budgetBytes = Math.round(budgetKb * 1000)

const indexPath = join(distDir, 'index.html')
if (!existsSync(indexPath)) {
  console.error(`check-bundle-size: ${relative(root, indexPath)} not found; run "vite build" first`)
  process.exit(1)
}
const html = readFileSync(indexPath, 'utf8')

/** @param {string} tag @param {string} name */
function attr(tag, name) {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
  return match ? (match[1] ?? match[2] ?? match[3] ?? null) : null
}

/** @type {string[]} */
const urls = []
for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
  const src = attr(tag, 'src')
  if (src && (attr(tag, 'type') ?? '').toLowerCase() === 'module') urls.push(src)
}
for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
  const rel = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/)
  const href = attr(tag, 'href')
  if (href && rel.includes('modulepreload')) urls.push(href)
}

if (urls.length === 0) {
  console.error('check-bundle-size: no entry script found in index.html')
  process.exit(1)
}

let total = 0
const rows = []
for (const url of [...new Set(urls)]) {
  if (/^(?:[a-z]+:)?\/\//i.test(url)) {
    console.error(`check-bundle-size: external script ${url} cannot be measured`)
    process.exit(1)
  }
  const file = join(distDir, url.replace(/^\//, '').split(/[?#]/)[0] ?? '')
  if (!existsSync(file)) {
    console.error(`check-bundle-size: ${url} referenced by index.html is missing`)
    process.exit(1)
  }
  const raw = readFileSync(file)
  const gz = gzipSync(raw, { level: 9 }).length
  total += gz
  rows.push({ file: relative(distDir, file), raw: raw.length, gz })
}

const kb = (/** @type {number} */ n) => (n / 1000).toFixed(2).padStart(8) + ' kB'
rows.sort((a, b) => b.gz - a.gz)
console.log('Initial JavaScript (entry + modulepreload), gzip -9:')
for (const row of rows) console.log(`  ${kb(row.raw)} raw ${kb(row.gz)} gzip  ${row.file}`)
const verdict = total <= budgetBytes ? 'OK' : 'OVER BUDGET'
console.log(`Initial JS gzipped: ${(total / 1000).toFixed(2)} kB of ${budgetKb} kB budget — ${verdict}`)
if (total > budgetBytes) process.exit(1)
