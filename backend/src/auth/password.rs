//! Password hashing with argon2id (PHC strings).

use std::sync::OnceLock;

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
};

pub fn hash(password: &str) -> String {
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    let salt = SaltString::encode_b64(&bytes).expect("16 bytes make a valid salt");
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 with default parameters").to_string()
}

pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Spends the time of one verification against a hash that matches nothing, so that an
/// unknown username answers as slowly as a wrong password.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("dummy-password-that-no-one-has"));
    let _ = verify(password, phc);
}

/// A random password satisfying the policy, for the first administrator.
pub fn generate() -> String {
    use rand::seq::IndexedRandom;
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGIT: &[u8] = b"23456789";
    const SPECIAL: &[u8] = b"#%+=@^_-";
    let mut rng = rand::rng();
    let mut out = String::new();
    for set in [LOWER, UPPER, DIGIT, SPECIAL].iter().cycle().take(20) {
        out.push(*set.choose(&mut rng).unwrap() as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("Lvyue#Demo2024");
        let b = hash("Lvyue#Demo2024");
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify("Lvyue#Demo2024", &a));
        assert!(!verify("lvyue#demo2024", &a));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn generated_passwords_pass_the_policy() {
        for _ in 0..20 {
            let p = generate();
            assert_eq!(crate::domain::password_policy::check(&p, "admin"), None, "{p}");
        }
    }
}
