//! Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP, HMAC-SHA1, 6 digits, 30-second
//! steps: what every authenticator app computes from an `otpauth://totp/…` URI), and the
//! one-time recovery codes that stand in for a lost phone.
//!
//! Written here rather than taken from a crate: it is forty lines over `sha1`, and the lean
//! dependency list is worth more than the convenience.

use sha1::{Digest, Sha1};

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;
/// Steps either side of now that are still accepted (a phone's clock a little off).
pub const SKEW_STEPS: i64 = 1;
/// Recovery codes handed out at confirmation.
pub const RECOVERY_CODES: usize = 10;

/// The secret `seed --demo` gives the demo administrators (`sysadmin`, `secadmin`, `auditor`), so
/// that tests, the contract stage and a demonstrator can compute their codes. Documented in the
/// README; a database seeded without `--demo` never holds it.
pub const DEMO_SECRET: &str = "LVYUEDEMOTOTPSECRETLVYUEDEMOTOTP";

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding (how `otpauth://` URIs carry the secret).
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32 (case and spaces ignored, padding allowed); `None` for anything else.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let upper = c.to_ascii_uppercase() as u8;
        let value = ALPHABET.iter().position(|&a| a == upper)? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// HMAC-SHA1 (RFC 2104).
fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..20].copy_from_slice(&Sha1::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha1::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha1::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// HOTP (RFC 4226) of `counter`, as the zero-padded digits.
pub fn hotp(key: &[u8], counter: u64) -> String {
    let mac = hmac_sha1(key, &counter.to_be_bytes());
    let offset = usize::from(mac[19] & 0x0f);
    let binary = u32::from_be_bytes([mac[offset] & 0x7f, mac[offset + 1], mac[offset + 2], mac[offset + 3]]);
    format!("{:0width$}", binary % 10u32.pow(DIGITS), width = DIGITS as usize)
}

/// The step a Unix time falls in.
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code of a base32 secret at a step (`None` for a secret that is not base32).
pub fn code_at(secret: &str, step: i64) -> Option<String> {
    let key = base32_decode(secret)?;
    Some(hotp(&key, u64::try_from(step).ok()?))
}

/// The step within [`SKEW_STEPS`] of `now_step` whose code `code` is and which comes after
/// `last_used` (a code is good once: RFC 6238 §5.2). `None`: wrong, or already used.
pub fn verify(secret: &str, code: &str, now_step: i64, last_used: Option<i64>) -> Option<i64> {
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    (now_step - SKEW_STEPS..=now_step + SKEW_STEPS)
        .filter(|s| last_used.is_none_or(|l| *s > l))
        .find(|s| code_at(secret, *s).is_some_and(|c| constant_eq(c.as_bytes(), code.as_bytes())))
}

/// Whether `code` is right for some step within the window, whether or not it was used (to tell
/// a replay from a wrong code in the audit trail).
pub fn matches_any(secret: &str, code: &str, now_step: i64) -> bool {
    verify(secret, code, now_step, None).is_some()
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A new random secret (160 bits, as RFC 4226 recommends), base32.
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::fill(&mut bytes);
    base32_encode(&bytes)
}

/// The `otpauth://` URI an authenticator app reads (from a QR code or typed in).
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    let label = format!("{}:{}", percent(issuer), percent(account));
    format!(
        "otpauth://totp/{label}?secret={secret}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        percent(issuer)
    )
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// New recovery codes, `XXXXX-XXXXX` (50 random bits each, base32).
pub fn generate_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 7];
            rand::fill(&mut bytes);
            let text = base32_encode(&bytes);
            format!("{}-{}", &text[..5], &text[5..10])
        })
        .collect()
}

/// A recovery code as typed, reduced to what is compared (case, spaces and dashes ignored).
pub fn normalize_recovery_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// What is stored in place of a recovery code: SHA-256 over the account and the normalised code
/// (the codes carry 50 random bits; a slow hash would buy nothing and cost every sign-in).
pub fn recovery_digest(user_id: &str, code: &str) -> String {
    super::tokens::digest(&format!("{user_id}:{}", normalize_recovery_code(code)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (the key is "12345678901234567890"; 8 digits there, the
    /// last 6 of them here).
    #[test]
    fn codes_match_rfc_6238() {
        let secret = base32_encode(b"12345678901234567890");
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at(&secret, step_of(time)).unwrap(), eight[2..], "{time}");
        }
    }

    #[test]
    fn base32_round_trips() {
        for bytes in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"] {
            assert_eq!(base32_decode(&base32_encode(bytes)).unwrap(), bytes);
        }
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert!(base32_decode("not base32!").is_none());
        assert_eq!(base32_decode(DEMO_SECRET).unwrap().len(), 20);
    }

    #[test]
    fn a_code_is_good_once_and_near_now_only() {
        let secret = generate_secret();
        let now = step_of(1_800_000_000);
        let code = code_at(&secret, now).unwrap();
        assert_eq!(verify(&secret, &code, now, None), Some(now));
        assert_eq!(verify(&secret, &code, now, Some(now)), None, "replay");
        assert_eq!(verify(&secret, &code, now + 1, Some(now - 1)), Some(now), "one step late is fine");
        assert_eq!(verify(&secret, &code, now + 3, None), None, "too late");
        assert!(matches_any(&secret, &code, now));
        assert_eq!(verify(&secret, "12345", now, None), None);
        assert_eq!(verify(&secret, "abcdef", now, None), None);
    }

    #[test]
    fn recovery_codes_are_random_and_compared_loosely() {
        let codes = generate_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(codes[0].len(), 11);
        assert_ne!(codes[0], codes[1]);
        let typed = codes[0].to_lowercase().replace('-', " ");
        assert_eq!(recovery_digest("u1", &typed), recovery_digest("u1", &codes[0]));
        assert_ne!(recovery_digest("u2", &codes[0]), recovery_digest("u1", &codes[0]));
    }

    #[test]
    fn the_uri_names_issuer_account_and_parameters() {
        let uri = otpauth_uri("履约", "sys admin", "ABC");
        assert!(
            uri.starts_with("otpauth://totp/%E5%B1%A5%E7%BA%A6:sys%20admin?secret=ABC&issuer=%E5%B1%A5%E7%BA%A6"),
            "{uri}"
        );
        assert!(uri.ends_with("&algorithm=SHA1&digits=6&period=30"));
    }
}
