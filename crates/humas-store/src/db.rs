//! The two engines behind one value, and the mapping of driver errors.

use humas_core::error::StoreError;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs one body on whichever pool is live; `$pool` is bound to it. The body is
/// expanded once per engine, so it may use the same SQL text on both.
macro_rules! with_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Pg($pool) => $body,
        }
    };
}
pub(crate) use with_db;

impl Db {
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool =
                PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
            Ok(Db::Pg(pool))
        } else if url.starts_with("sqlite:") {
            // WAL lets readers run beside the one writer; the busy timeout makes a
            // second writer wait instead of failing.
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                // SQLite's default page cache is 2 MB per connection; at a
                // million messages the writer rereads index pages from the OS
                // for every batch. 64 MB each, taken only as pages are read.
                .pragma("cache_size", "-65536")
                // Sorts and groupings that spill use memory, not temp files.
                .pragma("temp_store", "memory");
            let pool = SqlitePoolOptions::new().max_connections(8).connect_with(opts).await?;
            Ok(Db::Sqlite(pool))
        } else {
            Err(sqlx::Error::Configuration(
                format!("database URL must start with sqlite: or postgres://, got {}", redact(url)).into(),
            ))
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Pg(_) => Engine::Postgres,
        }
    }

    pub async fn close(&self) {
        with_db!(self, p => p.close().await)
    }
}

/// A database URL with its password hidden, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Maps a driver error at the store boundary. Constraint names are shared by
/// both engines' migrations; SQLite reports columns instead, so they are
/// translated back to the constraint that covers them.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(ref db) => {
            if let Some(name) = db.constraint() {
                return StoreError::Conflict { constraint: name.to_string() };
            }
            let msg = db.message();
            if let Some(cols) = msg.strip_prefix("UNIQUE constraint failed: ") {
                return StoreError::Conflict { constraint: sqlite_constraint(cols).to_string() };
            }
            StoreError::Other(Box::new(e))
        }
        other => StoreError::Other(Box::new(other)),
    }
}

fn sqlite_constraint(cols: &str) -> &'static str {
    match cols {
        "agencies.code" => "agencies_code_key",
        "users.username" => "users_username_key",
        "accounts.url_norm" => "accounts_url_key",
        "accounts.platform, accounts.handle_norm" => "accounts_handle_key",
        "decrees.agency_id, decrees.number" => "decrees_number_key",
        "districts.name" => "districts_name_key",
        _ => "unknown",
    }
}

pub(crate) trait OrStoreErr<T> {
    fn se(self) -> Result<T, StoreError>;
}

impl<T> OrStoreErr<T> for Result<T, sqlx::Error> {
    fn se(self) -> Result<T, StoreError> {
        self.map_err(map_err)
    }
}

/// Write transactions. On SQLite they start `IMMEDIATE`: a deferred one that
/// reads first and writes later fails at once with "database is locked" when
/// another writer got in between, instead of waiting its turn.
pub(crate) trait BeginWrite {
    type Db: sqlx::Database;
    fn begin_write(&self) -> impl Future<Output = Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>> + Send;
}

impl BeginWrite for SqlitePool {
    type Db = sqlx::Sqlite;
    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error>> + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for PgPool {
    type Db = sqlx::Postgres;
    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error>> + Send {
        self.begin()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_show_in_urls() {
        assert_eq!(super::redact("postgres://humas:geheim@127.0.0.1/humas"), "postgres://humas:***@127.0.0.1/humas");
        assert_eq!(super::redact("sqlite://data/humas.db"), "sqlite://data/humas.db");
    }
}
