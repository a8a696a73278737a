/** A QR code as an SVG string (for the otpauth:// URI of the second-factor set-up). */
import { renderSVG } from 'uqr'

export function qrSvg(text: string): string {
  return renderSVG(text, { ecc: 'M', border: 2 })
}
