//! Opaque secrets (refresh tokens, later API keys): random, shown once, stored as SHA-256.

use sha2::{Digest, Sha256};

/// A new random token with a prefix naming its kind.
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// What is stored in place of the token.
pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_random_and_hashed() {
        let a = super::generate("lvr_");
        assert!(a.starts_with("lvr_") && a.len() == 68);
        assert_ne!(a, super::generate("lvr_"));
        assert_eq!(super::digest(&a).len(), 64);
        assert_eq!(super::digest(&a), super::digest(&a));
    }
}
