//! Blobs in a local folder, named by their SHA-256 (so the same scan uploaded
//! twice is stored once, and a name can never escape the folder).

use humas_core::Result;
use humas_core::auth::sha256_hex;
use humas_core::blob::{BlobStore, is_valid_key};
use std::path::PathBuf;

pub struct LocalBlobs {
    root: PathBuf,
}

impl LocalBlobs {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.root.join(&key[..2]).join(key)
    }
}

#[async_trait::async_trait]
impl BlobStore for LocalBlobs {
    async fn put(&self, bytes: &[u8]) -> Result<String> {
        let key = sha256_hex(bytes);
        let path = self.path(&key);
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(key);
        }
        let dir = path.parent().map(PathBuf::from).unwrap_or_else(|| self.root.clone());
        tokio::fs::create_dir_all(&dir).await.map_err(humas_core::Error::internal)?;
        // Write to a temporary name and rename, so a crash never leaves half a file under the key.
        let tmp = dir.join(format!(".{key}.tmp"));
        tokio::fs::write(&tmp, bytes).await.map_err(humas_core::Error::internal)?;
        tokio::fs::rename(&tmp, &path).await.map_err(humas_core::Error::internal)?;
        Ok(key)
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        if !is_valid_key(key) {
            return Ok(None);
        }
        match tokio::fs::read(self.path(key)).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(humas_core::Error::internal(e)),
        }
    }
}
