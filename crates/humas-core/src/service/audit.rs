//! Reading and verifying the audit log.

use super::Humas;
use crate::Result;
use crate::audit::{AuditEntry, AuditFilter, ChainBreak, ChainVerifier};
use crate::policy::Actor;

impl Humas {
    pub async fn audit_entries(&self, actor: &Actor, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        actor.require_audit_reader()?;
        Ok(self.store.audit_entries(filter).await?)
    }

    /// Walks the whole chain in pages. `Ok(Err(break))` names the first bad row.
    pub async fn verify_audit(&self) -> Result<std::result::Result<u64, ChainBreak>> {
        let (head_seq, head_hash) = self.store.audit_head().await?;
        let mut verifier = ChainVerifier::default();
        let mut after = 0;
        loop {
            let rows = self.store.audit_after(after, 1000).await?;
            let Some(last) = rows.last() else { break };
            after = last.seq;
            for row in &rows {
                if let Err(b) = verifier.check(row) {
                    return Ok(Err(b));
                }
            }
        }
        Ok(verifier.finish(head_seq, &head_hash).map(|_| verifier.checked))
    }
}
