//! Fresh databases for tests: a new SQLite file, or a new PostgreSQL database
//! on the server named by `HUMAS_TEST_DATABASE_URL`.

use crate::SqlStore;
use std::path::Path;

/// Which engines the test run covers, and a line saying so.
pub fn engines() -> Vec<&'static str> {
    if std::env::var("HUMAS_TEST_DATABASE_URL").is_ok() { vec!["sqlite", "postgres"] } else { vec!["sqlite"] }
}

/// Prints once per process that PostgreSQL is skipped, so a run never hides it.
pub fn announce_engines() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::env::var("HUMAS_TEST_DATABASE_URL").is_err() {
            eprintln!("NOTE: HUMAS_TEST_DATABASE_URL is not set: PostgreSQL tests are SKIPPED, SQLite only.");
        }
    });
}

fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{}_{}_{}", std::process::id(), nanos % 1_000_000_000, N.fetch_add(1, Ordering::Relaxed))
}

/// A URL of a new, empty database of the given engine.
pub async fn fresh_url(engine: &str, dir: &Path) -> String {
    match engine {
        "postgres" => {
            let base = std::env::var("HUMAS_TEST_DATABASE_URL").expect("HUMAS_TEST_DATABASE_URL");
            let name = format!("humas_t_{}", unique());
            let admin = crate::Db::connect(&base).await.expect("connect to the PostgreSQL test server");
            if let crate::Db::Pg(pool) = &admin {
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(pool)
                    .await
                    .expect("create test database");
            }
            admin.close().await;
            match base.rfind('/') {
                Some(i) if i > base.find("://").map(|s| s + 2).unwrap_or(0) => format!("{}/{name}", &base[..i]),
                _ => format!("{base}/{name}"),
            }
        }
        _ => {
            std::fs::create_dir_all(dir).expect("test dir");
            format!("sqlite://{}", dir.join(format!("{}.db", unique())).display())
        }
    }
}

pub async fn fresh_store(engine: &str, dir: &Path) -> SqlStore {
    announce_engines();
    let url = fresh_url(engine, dir).await;
    SqlStore::open(&url).await.expect("open and migrate test database")
}
