/**
 * Authenticated downloads (exports, the import template, the dispatch report): the file comes
 * through the typed client (token, refresh and error messages of request.ts) as a Blob and is
 * saved under the name the server gives in Content-Disposition.
 */
import { unwrap, type CallOptions } from './request'

/**
 * The file name of a `Content-Disposition` header (RFC 6266): `filename*=UTF-8''…` (RFC 5987,
 * percent-encoded UTF-8, how the server sends Chinese names) wins over the plain `filename=`,
 * which is the ASCII fallback. Answers null when there is none; path parts are dropped.
 */
export function fileNameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null
  const extended = /filename\*\s*=\s*([^;]+)/i.exec(header)
  if (extended?.[1]) {
    const value = extended[1].trim().replace(/^"(.*)"$/, '$1')
    const match = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(value)
    if (match?.[2] !== undefined) {
      const charset = (match[1] ?? '').toLowerCase()
      try {
        const decoded = charset === 'utf-8' ? decodeURIComponent(match[2]) : latin1Decode(match[2])
        const name = baseName(decoded)
        if (name) return name
      } catch {
        // A malformed escape: fall back to the plain name.
      }
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]*)/i.exec(header)
  if (plain) {
    const raw = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : (plain[1] ?? '').trim()
    const name = baseName(raw)
    if (name) return name
  }
  return null
}

/** ISO-8859-1 percent-decoding (RFC 5987 allows it besides UTF-8). */
function latin1Decode(text: string): string {
  return text.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** Never let a server name pick a directory. */
function baseName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').trim()
}

/** Hands a Blob to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The click has started the download; keep the URL a moment for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

interface BlobResult {
  data?: Blob
  error?: unknown
  response: Response
}

/**
 * Awaits an openapi-fetch call made with `parseAs: 'blob'` and saves the file under the
 * server's name (`fallbackName` when it sends none). Errors are reported like any API call.
 * Answers the name used.
 */
export async function downloadFile(
  call: Promise<BlobResult>,
  fallbackName: string,
  options?: CallOptions,
): Promise<string> {
  const { data, response } = await unwrap(call, options)
  const name = fileNameFromDisposition(response.headers.get('Content-Disposition')) ?? fallbackName
  saveBlob(data, name)
  return name
}
