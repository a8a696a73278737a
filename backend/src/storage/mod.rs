//! Object storage for attachments, behind one interface ([`BlobStore`]) with its backends: a
//! directory under the data directory (the embedded default) and, for several servers, an
//! S3-compatible object store (`LVYUE_STORAGE_URL=s3://bucket/prefix`).
//!
//! Objects are content-addressed: the key is derived from the SHA-256 of the bytes, so identical
//! content is stored once and an object never changes once written. The interface is blocking;
//! handlers call it on actix's blocking pool (`web::block`), the seed and the CLI directly.

mod dir;
mod s3;

use std::{
    io::{self, Read},
    path::{Path, PathBuf},
    sync::Arc,
};

pub use dir::DirStore;
pub use s3::S3Store;

/// Where attachments are kept.
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores the file at `path` under `key` unless an object of that key already exists;
    /// answers whether it created it. A failure leaves no partial object behind.
    fn put_file(&self, key: &str, path: &Path) -> io::Result<bool>;
    /// Opens an object for reading (`NotFound` when there is none).
    fn open(&self, key: &str) -> io::Result<Box<dyn Read + Send>>;
    /// Removes an object; removing one that is not there is not an error.
    fn delete(&self, key: &str) -> io::Result<()>;
    fn exists(&self, key: &str) -> io::Result<bool>;
    /// Every key under the store (the tests check that a failed upload leaves none behind).
    fn keys(&self) -> io::Result<Vec<String>>;
    /// Where it is, for logs (never with credentials).
    fn describe(&self) -> String;
}

/// The key of an object with this SHA-256 (lower-case hex).
pub fn object_key(sha256_hex: &str) -> String {
    format!("sha256/{}/{}", &sha256_hex[..2], sha256_hex)
}

/// Stores bytes held in memory (small generated files: the demo seed's); answers the key and
/// the SHA-256.
pub fn put_bytes(store: &dyn BlobStore, bytes: &[u8]) -> io::Result<(String, String)> {
    use sha2::Digest;
    use std::io::Write;
    let sha = hex::encode(sha2::Sha256::digest(bytes));
    let mut tmp = tempfile::NamedTempFile::new()?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    let key = object_key(&sha);
    store.put_file(&key, tmp.path())?;
    Ok((key, sha))
}

/// The configured storage (`LVYUE_STORAGE_URL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageUrl {
    /// A local (or shared, mounted) directory.
    Dir(PathBuf),
    /// An S3-compatible bucket and a key prefix; endpoint and credentials from the environment.
    S3 { bucket: String, prefix: String },
}

impl StorageUrl {
    /// The default: `attachments/` under the data directory.
    pub fn default_for(data_dir: &Path) -> Self {
        StorageUrl::Dir(data_dir.join("attachments"))
    }

    /// Reads `s3://bucket/prefix`, `file:///path` or a plain path; `Err` says what is wrong.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
            if bucket.len() < 3 || bucket.len() > 63 || !bucket.chars().all(valid) {
                return Err(format!("{bucket:?} 不是有效的存储桶名称 (3 到 63 个小写字母、数字、- 或 .)"));
            }
            Ok(StorageUrl::S3 { bucket: bucket.to_owned(), prefix: prefix.trim_matches('/').to_owned() })
        } else if let Some(path) = raw.strip_prefix("file://") {
            Ok(StorageUrl::Dir(PathBuf::from(path)))
        } else if raw.contains("://") {
            Err(format!("不支持的存储地址 {raw:?}: 应为 s3://存储桶/前缀、file:///目录 或目录路径"))
        } else if raw.is_empty() {
            Err("存储地址为空".to_owned())
        } else {
            Ok(StorageUrl::Dir(PathBuf::from(raw)))
        }
    }
}

/// Opens the configured store (S3: endpoint and credentials from the environment).
pub fn open(url: &StorageUrl) -> Result<Arc<dyn BlobStore>, String> {
    open_with(url, &[])
}

/// Opens the configured store; S3 `options` (`aws_endpoint`, `aws_access_key_id`, …) override
/// the environment's.
pub fn open_with(url: &StorageUrl, options: &[(String, String)]) -> Result<Arc<dyn BlobStore>, String> {
    match url {
        StorageUrl::Dir(path) => {
            Ok(Arc::new(DirStore::new(path.clone()).map_err(|e| format!("无法创建附件目录 {}: {e}", path.display()))?))
        }
        StorageUrl::S3 { bucket, prefix } => Ok(Arc::new(S3Store::new(bucket, prefix, options)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_urls() {
        assert_eq!(
            StorageUrl::parse("s3://lvyue-files/prod/attachments/").unwrap(),
            StorageUrl::S3 { bucket: "lvyue-files".into(), prefix: "prod/attachments".into() }
        );
        assert_eq!(
            StorageUrl::parse("s3://bucket").unwrap(),
            StorageUrl::S3 { bucket: "bucket".into(), prefix: "".into() }
        );
        assert!(StorageUrl::parse("s3://B").is_err());
        assert_eq!(StorageUrl::parse("/srv/files").unwrap(), StorageUrl::Dir("/srv/files".into()));
        assert_eq!(StorageUrl::parse("file:///srv/files").unwrap(), StorageUrl::Dir("/srv/files".into()));
        assert!(StorageUrl::parse("ftp://x").is_err());
        assert_eq!(object_key(&"ab".repeat(32)), format!("sha256/ab/{}", "ab".repeat(32)));
    }
}
