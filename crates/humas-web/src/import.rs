//! One path for imported files, from the API and from the inbox page.

use crate::AppState;
use humas_channels::import::{Format, parse};
use humas_core::desk::ItemSource;
use humas_core::ids::AccountId;
use humas_core::service::ImportReport;
use humas_core::{Actor, Error};

pub async fn run(
    s: &AppState,
    actor: &Actor,
    account: AccountId,
    format: Option<&str>,
    name: &str,
    bytes: &[u8],
) -> humas_core::Result<ImportReport> {
    if bytes.is_empty() {
        return Err(Error::invalid("file", "Berkas kosong."));
    }
    let format = match format.filter(|f| !f.trim().is_empty()) {
        Some(f) => Format::parse(f).ok_or_else(|| Error::invalid("format", "Format harus csv, json atau wxr."))?,
        None => Format::detect(name, bytes),
    };
    // Times without a zone are the region's.
    let tz = s.humas.region().await.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
    let rows = parse(format, bytes, tz).map_err(|e| Error::invalid("file", e))?;
    let rows = rows.into_iter().map(|r| (r.line, r.item)).collect();
    s.humas.import_items(actor, account, rows, ItemSource::Import).await
}
