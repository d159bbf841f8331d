//! `humas report` and `humas evaluate`: the same documents as the pages'
//! downloads, written to a file by the system actor.

use anyhow::{Context, bail};
use humas_core::Humas;
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
    if !matches!(format, "pdf" | "xlsx" | "csv" | "html") {
        bail!("--format must be pdf, xlsx, csv or html");
    }
    let actor = Humas::system_actor();
    let a = humas.agency_by_code(agency).await.with_context(|| format!("agency {agency}"))?;
    let view = humas.annual_report(&actor, a.id, year).await?;
    let letterhead = humas.region().await?.letterhead;
    let r = view.report;
    let format = format.to_string();
    let bytes = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<u8>> {
        Ok(match format.as_str() {
            "pdf" => humas_report::pdf::annual_report(&r, &letterhead)?,
            "xlsx" => humas_report::xlsx::annual_report(&r)?,
            "csv" => humas_report::csv_out::annual_report(&r)?,
            _ => humas_report::html::annual_report(&r, &letterhead).into_bytes(),
        })
    })
    .await??;
    write(out, &bytes)
}

pub async fn write_evaluation(humas: &Humas, year: i32, format: &str, out: &Path) -> anyhow::Result<()> {
    if !matches!(format, "pdf" | "xlsx" | "csv") {
        bail!("--format must be pdf, xlsx or csv");
    }
    let ev = humas.evaluation(&Humas::system_actor(), year).await?;
    let letterhead = humas.region().await?.letterhead;
    let bytes = match format {
        "pdf" => humas_report::pdf::evaluation(&ev, &letterhead)?,
        "xlsx" => humas_report::xlsx::evaluation(&ev)?,
        _ => humas_report::csv_out::evaluation(&ev)?,
    };
    write(out, &bytes)
}
