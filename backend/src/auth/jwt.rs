//! Access tokens: HS256 JWTs, 15 minutes. Only HS256 is accepted, so `alg: none` and
//! algorithm confusion fail; issuer and expiry are required.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "lvyue";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    /// The sign-in session (refresh-token family) the token belongs to.
    pub sid: String,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
}

pub fn issue(secret: &[u8], user_id: &str, session_id: &str, now: DateTime<Utc>) -> String {
    let claims = Claims {
        sub: user_id.to_owned(),
        sid: session_id.to_owned(),
        iss: ISSUER.to_owned(),
        iat: now.timestamp(),
        exp: (now + super::ACCESS_TTL).timestamp(),
    };
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(secret))
        .expect("HS256 encoding cannot fail")
}

pub fn verify(secret: &[u8], token: &str) -> Option<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_required_spec_claims(&["exp", "iss", "sub"]);
    validation.leeway = 5;
    jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation).ok().map(|d| d.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64_helpers::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    mod base64_helpers {
        /// URL-safe base64 without padding, enough to forge tokens in tests.
        pub fn b64(data: &[u8]) -> String {
            const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            let mut out = String::new();
            for chunk in data.chunks(3) {
                let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
                let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
                for i in 0..=chunk.len() {
                    out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
                }
            }
            out
        }
    }

    #[test]
    fn round_trip() {
        let now = Utc::now();
        let t = issue(SECRET, "u1", "s1", now);
        let c = verify(SECRET, &t).unwrap();
        assert_eq!((c.sub.as_str(), c.sid.as_str()), ("u1", "s1"));
        assert_eq!(c.exp - c.iat, 15 * 60);
    }

    #[test]
    fn refuses_wrong_key_expired_tampered_and_none() {
        let now = Utc::now();
        let t = issue(SECRET, "u1", "s1", now);
        assert!(verify(b"another-secret-another-secret-xx", &t).is_none(), "wrong key");
        let old = issue(SECRET, "u1", "s1", now - chrono::Duration::hours(1));
        assert!(verify(SECRET, &old).is_none(), "expired");
        let mut parts: Vec<String> = t.split('.').map(str::to_owned).collect();
        parts[1] = b64(br#"{"sub":"admin","sid":"s1","iss":"lvyue","iat":0,"exp":9999999999}"#);
        assert!(verify(SECRET, &parts.join(".")).is_none(), "tampered payload");
        let none = format!("{}.{}.", b64(br#"{"alg":"none","typ":"JWT"}"#), parts[1]);
        assert!(verify(SECRET, &none).is_none(), "alg none");
        let hs512 = jsonwebtoken::encode(
            &Header::new(Algorithm::HS512),
            &Claims { sub: "u1".into(), sid: "s1".into(), iss: ISSUER.into(), iat: 0, exp: 9_999_999_999 },
            &EncodingKey::from_secret(SECRET),
        )
        .unwrap();
        assert!(verify(SECRET, &hs512).is_none(), "only HS256");
        assert!(verify(SECRET, "garbage").is_none());
    }
}
