//! Files (decree scans, logos, later media and reports) behind one interface:
//! a local folder by default, object storage when scaled out.

use crate::Result;

#[async_trait::async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores the bytes and returns their key (content-addressed: the SHA-256).
    async fn put(&self, bytes: &[u8]) -> Result<String>;
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>>;
}

/// Blob keys are hex SHA-256 digests; anything else never reaches the file system.
pub fn is_valid_key(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}
