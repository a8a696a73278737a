//! The directory backend: one file per object under a root directory, written to a temporary
//! name beside it and renamed into place (an object is never seen half written).

use std::{
    fs,
    io::{self, Read},
    path::{Path, PathBuf},
};

use super::BlobStore;

#[derive(Debug)]
pub struct DirStore {
    root: PathBuf,
}

impl DirStore {
    pub fn new(root: PathBuf) -> io::Result<Self> {
        fs::create_dir_all(root.join(".tmp"))?;
        Ok(Self { root })
    }

    fn path_of(&self, key: &str) -> io::Result<PathBuf> {
        // Keys are ours (`sha256/ab/<hex>`), but a key must never leave the root.
        let safe = !key.is_empty()
            && key.split('/').all(|p| !p.is_empty() && p != "." && p != ".." && !p.starts_with('.'))
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '-' || c == '_');
        if !safe {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("invalid object key {key:?}")));
        }
        Ok(self.root.join(key))
    }
}

impl BlobStore for DirStore {
    fn put_file(&self, key: &str, path: &Path) -> io::Result<bool> {
        let target = self.path_of(key)?;
        if target.exists() {
            return Ok(false);
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let tmp = tempfile::NamedTempFile::new_in(self.root.join(".tmp"))?;
        fs::copy(path, tmp.path())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&target).map_err(|e| e.error)?;
        Ok(true)
    }

    fn open(&self, key: &str) -> io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(fs::File::open(self.path_of(key)?)?))
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        match fs::remove_file(self.path_of(key)?) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    fn exists(&self, key: &str) -> io::Result<bool> {
        Ok(self.path_of(key)?.is_file())
    }

    fn keys(&self) -> io::Result<Vec<String>> {
        fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> io::Result<()> {
            for entry in fs::read_dir(dir)? {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                let key = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
                if entry.file_type()?.is_dir() {
                    walk(&entry.path(), &key, out)?;
                } else {
                    out.push(key);
                }
            }
            Ok(())
        }
        let mut out = Vec::new();
        walk(&self.root, "", &mut out)?;
        out.sort();
        Ok(out)
    }

    fn describe(&self) -> String {
        self.root.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn stores_once_reads_and_deletes() {
        let root = tempfile::tempdir().unwrap();
        let store = DirStore::new(root.path().join("files")).unwrap();
        let mut src = tempfile::NamedTempFile::new().unwrap();
        src.write_all(b"%PDF-1.7 hello").unwrap();
        assert!(store.put_file("sha256/ab/abcd", src.path()).unwrap());
        assert!(!store.put_file("sha256/ab/abcd", src.path()).unwrap(), "identical content is stored once");
        let mut read = String::new();
        store.open("sha256/ab/abcd").unwrap().read_to_string(&mut read).unwrap();
        assert_eq!(read, "%PDF-1.7 hello");
        assert_eq!(store.keys().unwrap(), ["sha256/ab/abcd"]);
        store.delete("sha256/ab/abcd").unwrap();
        store.delete("sha256/ab/abcd").unwrap();
        assert!(!store.exists("sha256/ab/abcd").unwrap());
        assert!(store.open("../../etc/passwd").is_err());
        assert!(store.keys().unwrap().is_empty());
    }
}
