//! Platform credentials sealed at rest with ChaCha20-Poly1305 under a key from
//! the configuration (or the data folder's key file). A sealed value is bound
//! to its purpose (the account it belongs to) as associated data, so a value
//! copied into another row does not open.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

const PREFIX: &str = "v1:";

pub struct Sealer {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(<key>)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("kunci rahasia harus 32 byte dalam base64 (buat dengan `humas config example`)")]
    BadKey,
    #[error("data rahasia tidak dapat dibuka: kunci berbeda atau data rusak")]
    Unreadable,
    #[error("generator acak sistem tidak tersedia")]
    Random,
}

impl Sealer {
    /// A key of 32 bytes, written as base64.
    pub fn from_base64(key: &str) -> Result<Self, SecretError> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(key.trim())
            .or_else(|_| B64.decode(key.trim()))
            .map_err(|_| SecretError::BadKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| SecretError::BadKey)?;
        Ok(Self { cipher: ChaCha20Poly1305::new(&Key::from(key)) })
    }

    /// A new random key, as base64.
    pub fn generate_key() -> Result<String, SecretError> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|_| SecretError::Random)?;
        Ok(base64::engine::general_purpose::STANDARD.encode(key))
    }

    pub fn seal(&self, purpose: &str, plain: &str) -> Result<String, SecretError> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|_| SecretError::Random)?;
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), Payload { msg: plain.as_bytes(), aad: purpose.as_bytes() })
            .map_err(|_| SecretError::Unreadable)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}", B64.encode(out)))
    }

    pub fn open(&self, purpose: &str, sealed: &str) -> Result<String, SecretError> {
        let raw = sealed.strip_prefix(PREFIX).ok_or(SecretError::Unreadable)?;
        let bytes = B64.decode(raw).map_err(|_| SecretError::Unreadable)?;
        if bytes.len() < 12 + 16 {
            return Err(SecretError::Unreadable);
        }
        let (nonce, body) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| SecretError::Unreadable)?;
        let plain = self
            .cipher
            .decrypt(&Nonce::from(nonce), Payload { msg: body, aad: purpose.as_bytes() })
            .map_err(|_| SecretError::Unreadable)?;
        String::from_utf8(plain).map_err(|_| SecretError::Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer() -> Sealer {
        Sealer::from_base64(&Sealer::generate_key().unwrap()).unwrap()
    }

    #[test]
    fn round_trip_and_no_plaintext() {
        let s = sealer();
        let sealed = s.seal("account:1", "rahasia-token-123").unwrap();
        assert!(!sealed.contains("rahasia"));
        assert_eq!(s.open("account:1", &sealed).unwrap(), "rahasia-token-123");
        // A fresh nonce each time: the same secret never seals to the same text.
        assert_ne!(sealed, s.seal("account:1", "rahasia-token-123").unwrap());
    }

    #[test]
    fn bound_to_purpose_and_key() {
        let s = sealer();
        let sealed = s.seal("account:1", "x").unwrap();
        assert!(s.open("account:2", &sealed).is_err());
        assert!(sealer().open("account:1", &sealed).is_err());
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(s.open("account:1", &tampered).is_err());
        assert!(s.open("account:1", "plain").is_err());
    }

    #[test]
    fn key_must_be_32_bytes() {
        assert!(Sealer::from_base64("c2hvcnQ=").is_err());
        assert!(Sealer::from_base64("not base64!").is_err());
    }
}
