//! `humas report` and `humas evaluate`: the same documents as the pages'
//! downloads, written to a file by the system actor.

use anyhow::{Context, bail};
use humas_core::Humas;
use humas_report::Format;
use std::path::Path;

fn write(out: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    // Write beside, then rename: a reader never sees half a file.
    let tmp = out.with_extension("part");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("writing {}", out.display()))?;
    println!("{} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

pub async fn write_report(humas: &Humas, agency: &str, year: i32, format: &str, out: &Path) -> anyhow::Result<()> {
    let Some(format) = Format::parse(format) else {
        bail!("--format must be pdf, xlsx, csv or html");
    };
    let actor = Humas::system_actor();
    let a = humas.agency_by_code(agency).await.with_context(|| format!("agency {agency}"))?;
    let report = humas.annual_report(&actor, a.id, year).await?.report;
    let letterhead = humas.letterhead().await?;
    let bytes =
        tokio::task::spawn_blocking(move || humas_report::annual_report(&report, &letterhead, format)).await??;
    write(out, &bytes)
}

pub async fn write_evaluation(humas: &Humas, year: i32, format: &str, out: &Path) -> anyhow::Result<()> {
    let format = match Format::parse(format) {
        Some(f) if f != Format::Html => f,
        _ => bail!("--format must be pdf, xlsx or csv"),
    };
    let ev = humas.evaluation(&Humas::system_actor(), year).await?;
    let letterhead = humas.letterhead().await?;
    write(out, &humas_report::evaluation(&ev, &letterhead, format)?)
}
