//! The S3-compatible backend (`LVYUE_STORAGE_URL=s3://bucket/prefix`), over `object_store`.
//! Endpoint, region and credentials come from the environment (`AWS_ENDPOINT_URL`,
//! `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ALLOW_HTTP=true` for a local
//! endpoint over plain HTTP), or from explicit options (tests). The blocking interface runs the
//! async client on a small runtime of its own; uploads go in 5 MB parts read from the spooled
//! file, downloads come back a chunk at a time.

use std::{
    fs::File,
    io::{self, Read},
    path::Path,
    sync::Arc,
};

use futures_util::{StreamExt, stream::BoxStream};
use object_store::{
    ObjectStore, WriteMultipart,
    aws::{AmazonS3Builder, AmazonS3ConfigKey},
    path::Path as ObjectPath,
};

use super::BlobStore;

const PART: usize = 5 * 1024 * 1024;

pub struct S3Store {
    store: Arc<dyn ObjectStore>,
    /// Always `Some` until dropped.
    runtime: Option<tokio::runtime::Runtime>,
    bucket: String,
    prefix: String,
}

impl std::fmt::Debug for S3Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "S3Store({})", self.describe())
    }
}

fn other(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

fn not_found_or(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e.to_string()),
        e => other(e),
    }
}

impl S3Store {
    /// The bucket through the environment's settings, with `options` (`aws_endpoint`, …) on top.
    pub fn new(bucket: &str, prefix: &str, options: &[(String, String)]) -> Result<Self, String> {
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        for (key, value) in options {
            let key: AmazonS3ConfigKey = key.parse().map_err(|e| format!("S3 选项 {key}: {e}"))?;
            builder = builder.with_config(key, value);
        }
        let store = builder.build().map_err(|e| format!("S3 存储配置有误: {e}"))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("lvyue-s3")
            .enable_all()
            .build()
            .map_err(|e| format!("S3 客户端无法启动: {e}"))?;
        Ok(Self {
            store: Arc::new(store),
            runtime: Some(runtime),
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
        })
    }

    fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.as_ref().expect("runtime until dropped").block_on(f)
    }

    fn path(&self, key: &str) -> ObjectPath {
        if self.prefix.is_empty() { ObjectPath::from(key) } else { ObjectPath::from(format!("{}/{key}", self.prefix)) }
    }

    async fn upload(&self, path: &ObjectPath, file: &Path) -> io::Result<()> {
        let upload = self.store.put_multipart(path).await.map_err(other)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART);
        let mut source = File::open(file)?;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            // At most two parts in flight: memory stays bounded whatever the file's size.
            writer.wait_for_capacity(2).await.map_err(other)?;
            let n = source.read(&mut buf)?;
            if n == 0 {
                break;
            }
            writer.write(&buf[..n]);
        }
        writer.finish().await.map_err(other)?;
        Ok(())
    }
}

impl BlobStore for S3Store {
    fn put_file(&self, key: &str, file: &Path) -> io::Result<bool> {
        let path = self.path(key);
        self.block_on(async {
            match self.store.head(&path).await {
                Ok(_) => return Ok(false),
                Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(other(e)),
            }
            // A failed multipart upload is aborted by the writer: no partial object remains.
            self.upload(&path, file).await?;
            Ok(true)
        })
    }

    fn open(&self, key: &str) -> io::Result<Box<dyn Read + Send>> {
        let path = self.path(key);
        let stream = self.block_on(async {
            let got = self.store.get(&path).await.map_err(not_found_or)?;
            Ok::<_, io::Error>(got.into_stream())
        })?;
        Ok(Box::new(S3Reader {
            handle: self.runtime.as_ref().expect("runtime until dropped").handle().clone(),
            stream,
            chunk: bytes::Bytes::new(),
        }))
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        let path = self.path(key);
        self.block_on(async {
            match self.store.delete(&path).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(other(e)),
            }
        })
    }

    fn exists(&self, key: &str) -> io::Result<bool> {
        let path = self.path(key);
        self.block_on(async {
            match self.store.head(&path).await {
                Ok(_) => Ok(true),
                Err(object_store::Error::NotFound { .. }) => Ok(false),
                Err(e) => Err(other(e)),
            }
        })
    }

    fn keys(&self) -> io::Result<Vec<String>> {
        let prefix = (!self.prefix.is_empty()).then(|| ObjectPath::from(self.prefix.as_str()));
        self.block_on(async {
            let mut out = Vec::new();
            let mut listing = self.store.list(prefix.as_ref());
            while let Some(meta) = listing.next().await {
                let location = meta.map_err(other)?.location.to_string();
                let key = match self.prefix.as_str() {
                    "" => location,
                    p => location.strip_prefix(&format!("{p}/")).unwrap_or(&location).to_owned(),
                };
                out.push(key);
            }
            out.sort();
            Ok(out)
        })
    }

    fn describe(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.prefix)
    }
}

impl Drop for S3Store {
    /// The server's workers may drop the store inside their own async runtime, where a blocking
    /// shutdown is not allowed.
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// A download as `Read`: each chunk of the object's stream fetched when the last is used up.
struct S3Reader {
    handle: tokio::runtime::Handle,
    stream: BoxStream<'static, object_store::Result<bytes::Bytes>>,
    chunk: bytes::Bytes,
}

impl Read for S3Reader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.chunk.is_empty() {
            match self.handle.block_on(self.stream.next()) {
                None => return Ok(0),
                Some(Ok(next)) => self.chunk = next,
                Some(Err(e)) => return Err(other(e)),
            }
        }
        let n = buf.len().min(self.chunk.len());
        buf[..n].copy_from_slice(&self.chunk[..n]);
        self.chunk = self.chunk.slice(n..);
        Ok(n)
    }
}
