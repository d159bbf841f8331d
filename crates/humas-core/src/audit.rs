//! The append-only audit log. Each row carries the hash of the row before it,
//! so that altering or deleting a row breaks the chain at that row.

use crate::auth::sha256_hex;
use crate::ids::{AgencyId, UserId};
use crate::policy::Actor;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who and when, handed by the service to every storage write; the store adds
/// what changed (before/after as stored) in the same transaction.
#[derive(Debug, Clone)]
pub struct AuditContext {
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub action: &'static str,
}

impl AuditContext {
    pub fn new(actor: &Actor, action: &'static str, at: DateTime<Utc>) -> Self {
        // The system actor (CLI, demo) has id 0 and is recorded without a user.
        let actor_id = (actor.user_id.0 != 0).then_some(actor.user_id);
        Self { at, actor_id, actor_name: actor.username.clone(), action }
    }
}

/// One row of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub agency_id: Option<AgencyId>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of the empty chain, before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl AuditEntry {
    /// The hash of this row's content chained to `prev_hash`. Fields are
    /// length-prefixed so that no two different rows serialise alike.
    pub fn compute_hash(&self) -> String {
        let mut buf = String::with_capacity(256);
        let fields: [&str; 10] = [
            &self.seq.to_string(),
            &self.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            &self.actor_id.map(|u| u.0.to_string()).unwrap_or_default(),
            &self.actor_name,
            &self.action,
            &self.entity,
            &self.entity_id,
            &self.agency_id.map(|a| a.0.to_string()).unwrap_or_default(),
            self.before.as_deref().unwrap_or("\u{0}"),
            self.after.as_deref().unwrap_or("\u{0}"),
        ];
        for f in fields {
            buf.push_str(&f.len().to_string());
            buf.push(':');
            buf.push_str(f);
        }
        buf.push_str(&self.prev_hash);
        sha256_hex(buf.as_bytes())
    }
}

/// Why the chain is broken, at which row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

/// Walks rows in order of `seq` and checks continuity and hashes; `head` is the
/// last sequence number the log claims to have written.
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
    pub checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { expected_seq: 1, prev_hash: GENESIS.to_string(), checked: 0 }
    }
}

impl ChainVerifier {
    pub fn check(&mut self, row: &AuditEntry) -> Result<(), ChainBreak> {
        if row.seq != self.expected_seq {
            return Err(ChainBreak {
                seq: self.expected_seq,
                reason: format!("baris {} hilang (berikutnya yang ada: {})", self.expected_seq, row.seq),
            });
        }
        if row.prev_hash != self.prev_hash {
            return Err(ChainBreak { seq: row.seq, reason: "hash baris sebelumnya tidak cocok".into() });
        }
        if row.compute_hash() != row.hash {
            return Err(ChainBreak { seq: row.seq, reason: "isi baris telah diubah".into() });
        }
        self.prev_hash = row.hash.clone();
        self.expected_seq += 1;
        self.checked += 1;
        Ok(())
    }

    /// After the last row: the log's head must match what was walked, or rows
    /// were cut off the end.
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<(), ChainBreak> {
        let last = self.expected_seq - 1;
        if head_seq != last {
            return Err(ChainBreak {
                seq: last + 1,
                reason: format!("log berakhir di baris {last}, padahal tercatat {head_seq} baris"),
            });
        }
        if last > 0 && head_hash != self.prev_hash {
            return Err(ChainBreak { seq: last, reason: "hash terakhir tidak cocok dengan kepala log".into() });
        }
        Ok(())
    }
}

/// Filters for browsing the log.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub action: Option<String>,
    pub actor: Option<String>,
    pub agency_id: Option<i64>,
    /// Rows with `seq` below this (for paging backwards from the newest).
    pub before_seq: Option<i64>,
    pub limit: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    seq,
                    at: DateTime::from_timestamp(1_700_000_000 + seq, 0).expect("time"),
                    actor_id: Some(UserId(1)),
                    actor_name: "admin".into(),
                    action: "agency.create".into(),
                    entity: "agency".into(),
                    entity_id: seq.to_string(),
                    agency_id: None,
                    before: None,
                    after: Some(format!("{{\"n\":{seq}}}")),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.compute_hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(rows: &[AuditEntry], head: i64) -> Result<u64, ChainBreak> {
        let mut v = ChainVerifier::default();
        for r in rows {
            v.check(r)?;
        }
        let head_hash = rows.last().map(|r| r.hash.clone()).unwrap_or_default();
        v.finish(head, &head_hash)?;
        Ok(v.checked)
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5), 5), Ok(5));
        assert_eq!(verify(&[], 0), Ok(0));
    }

    #[test]
    fn an_altered_row_is_named() {
        let mut rows = chain(5);
        rows[2].after = Some("{\"n\":999}".into());
        assert_eq!(verify(&rows, 5).map_err(|b| b.seq), Err(3));
    }

    #[test]
    fn a_deleted_row_is_named() {
        let mut rows = chain(5);
        rows.remove(1);
        assert_eq!(verify(&rows, 5).map_err(|b| b.seq), Err(2));
        let mut rows = chain(5);
        rows.pop();
        assert_eq!(verify(&rows, 5).map_err(|b| b.seq), Err(5));
    }
}
