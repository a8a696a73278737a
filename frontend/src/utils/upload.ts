/**
 * File uploads with progress. fetch() cannot report upload progress, so this uses
 * XMLHttpRequest; the token, its renewal and a 401 go through request.ts
 * ({@link withAuthorization}) exactly as for every other call, and a failure becomes the same
 * ApiError (its Chinese detail shown unless `quiet`).
 */
import { ApiError, fallbackMessage, reportApiError, toApiError, withAuthorization, type CallOptions } from './request'

export interface UploadOptions extends CallOptions {
  /** Called with the share sent so far, 0 to 1 (only when the browser knows the total). */
  onProgress?: (fraction: number) => void
  /** Aborts the upload (the promise rejects with an AbortError). */
  signal?: AbortSignal
}

interface XhrResult {
  status: number
  body: unknown
}

function parseBody(xhr: XMLHttpRequest): unknown {
  const text = xhr.responseText
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function sendOnce(
  url: string,
  file: Blob | FormData,
  contentType: string | null,
  authorization: string | null,
  options: UploadOptions,
): Promise<XhrResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    // A form's content type (with its boundary) is the browser's to set.
    if (contentType !== null) xhr.setRequestHeader('Content-Type', contentType)
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
    if (authorization) xhr.setRequestHeader('Authorization', authorization)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total)
    }
    xhr.onload = () => resolve({ status: xhr.status, body: parseBody(xhr) })
    xhr.onerror = () => reject(new ApiError(0, {}, fallbackMessage(0)))
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'))
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(file)
  })
}

/**
 * POSTs `file` (or a multipart form, `contentType` null) as the request body to `url` (an
 * absolute API path with its query) and answers
 * the parsed JSON, or throws an ApiError built from the problem the server sent.
 */
export async function uploadFile<T>(
  url: string,
  file: Blob | FormData,
  contentType: string | null,
  options: UploadOptions = {},
): Promise<T> {
  let result: XhrResult
  try {
    result = await withAuthorization((authorization) => sendOnce(url, file, contentType, authorization, options))
  } catch (err) {
    if (err instanceof ApiError) reportApiError(err, options)
    throw err
  }
  if (result.status >= 200 && result.status < 300) return result.body as T
  const error = toApiError(result.status, result.body)
  reportApiError(error, options)
  throw error
}
