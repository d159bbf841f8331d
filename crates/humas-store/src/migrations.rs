//! Migrations, embedded in the binary, one folder per engine with the same
//! file names (a test checks the pairs).

use crate::db::Db;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

macro_rules! migrations {
    ($engine:literal: $($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../migrations/", $engine, "/", $file)))),*]
    };
}

const SQLITE: &[(&str, &str)] = migrations!("sqlite": "0001_foundation.sql", "0002_service_desk.sql", "0003_jobs_notifications.sql", "0004_answers_holds.sql", "0005_search.sql", "0006_channels.sql", "0007_metrics.sql", "0008_publishing.sql", "0009_post_images.sql", "0010_review.sql", "0011_reports.sql", "0012_report_indexes.sql", "0013_report_covering_index.sql", "0014_search_batch.sql", "0015_open_items_order.sql");
const POSTGRES: &[(&str, &str)] = migrations!("postgres": "0001_foundation.sql", "0002_service_desk.sql", "0003_jobs_notifications.sql", "0004_answers_holds.sql", "0005_search.sql", "0006_channels.sql", "0007_metrics.sql", "0008_publishing.sql", "0009_post_images.sql", "0010_review.sql", "0011_reports.sql", "0012_report_indexes.sql", "0013_report_covering_index.sql", "0014_search_batch.sql", "0015_open_items_order.sql");

pub const MIGRATION_NAMES_SQLITE: &[&str] = &[
    "0001_foundation.sql",
    "0002_service_desk.sql",
    "0003_jobs_notifications.sql",
    "0004_answers_holds.sql",
    "0005_search.sql",
    "0006_channels.sql",
    "0007_metrics.sql",
    "0008_publishing.sql",
    "0009_post_images.sql",
    "0010_review.sql",
    "0011_reports.sql",
    "0012_report_indexes.sql",
    "0013_report_covering_index.sql",
    "0014_search_batch.sql",
    "0015_open_items_order.sql",
];
pub const MIGRATION_NAMES_POSTGRES: &[&str] = &[
    "0001_foundation.sql",
    "0002_service_desk.sql",
    "0003_jobs_notifications.sql",
    "0004_answers_holds.sql",
    "0005_search.sql",
    "0006_channels.sql",
    "0007_metrics.sql",
    "0008_publishing.sql",
    "0009_post_images.sql",
    "0010_review.sql",
    "0011_reports.sql",
    "0012_report_indexes.sql",
    "0013_report_covering_index.sql",
    "0014_search_batch.sql",
    "0015_open_items_order.sql",
];

fn migrator(files: &[(&'static str, &'static str)]) -> Migrator {
    let list = files
        .iter()
        .map(|(name, sql)| {
            let (version, desc) = name.trim_end_matches(".sql").split_once('_').unwrap_or(("0", name));
            Migration::new(
                version.parse().unwrap_or(0),
                Cow::Owned(desc.replace('_', " ")),
                MigrationType::Simple,
                sqlx::SqlSafeStr::into_sql_str(*sql),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(list)
}

pub async fn run(db: &Db) -> Result<(), sqlx::Error> {
    match db {
        Db::Sqlite(p) => migrator(SQLITE).run(p).await?,
        Db::Pg(p) => migrator(POSTGRES).run(p).await?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_has_its_pair_on_the_other_engine() {
        let names = |list: &[(&str, &str)]| list.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>();
        assert_eq!(names(SQLITE), names(POSTGRES));
        assert_eq!(names(SQLITE), MIGRATION_NAMES_SQLITE.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let on_disk = |engine: &str| {
            let mut v: Vec<String> = std::fs::read_dir(format!("{}/migrations/{engine}", env!("CARGO_MANIFEST_DIR")))
                .expect("migrations folder")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(on_disk("sqlite"), on_disk("postgres"));
        assert_eq!(on_disk("sqlite"), names(SQLITE), "a migration file is not embedded");
    }

    #[test]
    fn paired_migrations_create_the_same_tables_and_constraints() {
        let objects = |sql: &str| {
            // What follows an `-- engine-specific` line (FTS5 tables, GIN
            // indexes) differs by design and is left out of the comparison.
            let shared = sql.split("-- engine-specific").next().unwrap_or("");
            let mut v: Vec<String> = shared
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(3)
                .filter(|w| matches!((w[0], w[1]), ("CREATE", "TABLE") | ("CREATE", "INDEX") | ("CONSTRAINT", _)))
                .map(|w| if w[0] == "CONSTRAINT" { w[1].to_string() } else { w[2].to_string() })
                .collect();
            v.sort();
            v
        };
        for ((_, s), (_, p)) in SQLITE.iter().zip(POSTGRES) {
            assert_eq!(objects(s), objects(p));
        }
    }
}
