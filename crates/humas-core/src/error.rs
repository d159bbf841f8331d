//! Errors of the domain. Messages of the user-facing variants are Indonesian,
//! written for an office worker; internal causes are logged, never shown.

use std::fmt;

/// What went wrong, in terms a caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Silakan masuk terlebih dahulu.")]
    Unauthenticated,
    #[error("Anda tidak berwenang melakukan ini.")]
    Forbidden,
    #[error("{0} tidak ditemukan.")]
    NotFound(&'static str),
    /// Input that failed validation: the field and a message for the user.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    /// The change collides with existing data (a duplicate, a wrong state).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("Terlalu banyak percobaan. Coba lagi dalam {retry_after_secs} detik.")]
    RateLimited { retry_after_secs: u64 },
    #[error("kesalahan internal: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field, message: message.into() }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict { code, message: message.into() }
    }

    pub fn internal(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal(e.into())
    }

    /// A stable, machine-readable code for the API (`{"error": code}`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Invalid { .. } => "invalid_input",
            Self::Conflict { code, .. } => code,
            Self::RateLimited { .. } => "rate_limited",
            Self::Internal(_) => "internal",
        }
    }
}

/// Errors the storage layer reports, mapped from driver errors at its boundary.
#[derive(Debug)]
pub enum StoreError {
    NotFound,
    /// A unique or check constraint refused the write; the name is part of the schema.
    Conflict {
        constraint: String,
    },
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("row not found"),
            Self::Conflict { constraint } => write!(f, "constraint {constraint} violated"),
            Self::Other(e) => write!(f, "storage: {e}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Other(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Error::NotFound("Data"),
            StoreError::Conflict { constraint } => Error::conflict("conflict", conflict_message(&constraint)),
            other => Error::internal(other),
        }
    }
}

/// Constraint names are shared by both engines' migrations; each gets a sentence.
fn conflict_message(constraint: &str) -> String {
    match constraint {
        "agencies_code_key" => "Kode instansi sudah dipakai.".into(),
        "users_username_key" => "Nama pengguna sudah dipakai.".into(),
        "accounts_url_key" => "Akun dengan alamat ini sudah terdaftar.".into(),
        "accounts_handle_key" => "Akun dengan nama pengguna ini di platform yang sama sudah terdaftar.".into(),
        "decrees_number_key" => "Nomor SK ini sudah terdaftar untuk instansi ini.".into(),
        "districts_name_key" => "Kecamatan ini sudah ada.".into(),
        _ => "Data bertabrakan dengan data yang sudah ada.".into(),
    }
}
