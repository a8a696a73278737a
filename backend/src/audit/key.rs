//! The audit chain's key (#15): each record's chain value is HMAC-SHA256 under a key that is
//! not in the database, so that someone who can only rewrite the database cannot recompute the
//! chain unseen. The key comes from `LVYUE_AUDIT_KEY` (or the file `LVYUE_AUDIT_KEY_FILE`);
//! without either it is derived from the JWT signing key (`LVYUE_JWT_SECRET`, or on SQLite the
//! key generated into the data directory), which every server of one installation already
//! shares. A key is known by its id (a hash of it), recorded with every record it signs: a new
//! key starts a new segment of the chain, and a checkpoint signed with the new key records the
//! switch (`super::checkpoint`).
//!
//! One process serves one installation, so the key is installed once per process
//! ([`install`]); the first installation wins (tests run many servers of one process).

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

/// A key that signs the chain.
#[derive(Clone)]
pub struct AuditKey {
    id: String,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditKey").field("id", &self.id).finish_non_exhaustive()
    }
}

/// HMAC-SHA256 (RFC 2104), hex.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> String {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    hex::encode(Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize())
}

impl AuditKey {
    /// A key given as such (`LVYUE_AUDIT_KEY`).
    pub fn new(bytes: &[u8]) -> Self {
        let id = hex::encode(&Sha256::digest([b"lvyue audit key id\n".as_slice(), bytes].concat())[..8]);
        Self { id, bytes: bytes.to_vec() }
    }

    /// The key derived from the JWT signing key, when no audit key is configured.
    pub fn derived_from(jwt_secret: &[u8]) -> Self {
        let derived = hmac_sha256(jwt_secret, b"lvyue audit chain key v1");
        Self::new(derived.as_bytes())
    }

    /// Its id, recorded with what it signs (never the key).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The keyed chain value of `message`.
    pub fn sign(&self, message: &[u8]) -> String {
        hmac_sha256(&self.bytes, message)
    }
}

static INSTALLED: OnceLock<AuditKey> = OnceLock::new();

/// Makes `key` the key this process signs with; answers the key in use (the first installed).
pub fn install(key: AuditKey) -> &'static AuditKey {
    let installed = INSTALLED.get_or_init(|| key.clone());
    if installed.id != key.id {
        log::warn!("audit key {} ignored: this process already signs with {}", key.id, installed.id);
    }
    installed
}

/// The key this process signs with, if any.
pub fn installed() -> Option<&'static AuditKey> {
    INSTALLED.get()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        assert_eq!(
            hmac_sha256(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block.
        assert_eq!(
            hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn keys_are_known_by_their_id_only() {
        let a = AuditKey::new(b"0123456789abcdef0123456789abcdef");
        let b = AuditKey::derived_from(b"0123456789abcdef0123456789abcdef");
        assert_ne!(a.id(), b.id());
        assert_eq!(a.id().len(), 16);
        assert!(!format!("{a:?}").contains("0123"));
        assert_ne!(a.sign(b"x"), b.sign(b"x"));
    }
}
