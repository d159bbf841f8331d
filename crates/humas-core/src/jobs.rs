//! Background work in the database: one queue that any number of `humas serve`
//! processes share (claimed with `SKIP LOCKED` on PostgreSQL, by the single
//! writer on SQLite), and the in-app notifications the jobs produce.

use crate::ids::UserId;
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
}

#[derive(Debug, Clone)]
pub enum JobOutcome {
    Done,
    Retry { at: DateTime<Utc>, error: String },
    Failed { error: String },
}

/// The sweep that checks every clock; re-queued by itself every minute.
pub const CLOCK_SWEEP: &str = "clock_sweep";

/// Daily database upkeep (planner statistics).
pub const DB_OPTIMIZE: &str = "db_optimize";

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Notification {
    pub id: i64,
    pub user_id: UserId,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub text: String,
    pub link: String,
    pub read_at: Option<DateTime<Utc>>,
}
