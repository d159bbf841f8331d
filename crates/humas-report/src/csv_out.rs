//! CSV: the report as `bagian,label,nilai` lines (one table a spreadsheet
//! opens), formula-safe.

use crate::{RenderError, formula_safe};
use humas_core::report::{AnnualReport, Evaluation};

fn writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, RenderError> {
    w.into_inner().map_err(|e| RenderError::Csv(e.to_string()))
}

pub fn annual_report(r: &AnnualReport) -> Result<Vec<u8>, RenderError> {
    let mut w = writer();
    let mut put = |section: &str, label: &str, value: String| {
        w.write_record([section, &formula_safe(label), &formula_safe(&value)])
            .map_err(|e| RenderError::Csv(e.to_string()))
    };
    put("bagian", "label", "nilai".into())?;
    put("ringkasan", "pesan warga", r.items_total.to_string())?;
    put("ringkasan", "ditanggapi", r.responsiveness.answered.to_string())?;
    put("ringkasan", "pesan terbit", r.posts_total.to_string())?;
    put("ringkasan", "dibagikan ulang", r.shares_total.to_string())?;
    put("ringkasan", "diteruskan ke perangkat daerah lain", r.responsiveness.referrals_out.to_string())?;
    for a in &r.audience {
        put(
            "khalayak akhir",
            &format!("{} {}", a.platform, a.account),
            a.end.map(|n| n.to_string()).unwrap_or_default(),
        )?;
    }
    for c in &r.posts_by_category {
        put("kategori pesan", &c.label, c.count.to_string())?;
    }
    for c in &r.items_by_kind {
        put("jenis pesan warga", &c.label, c.count.to_string())?;
    }
    for c in &r.items_by_sentiment {
        put("sentimen", &c.label, c.count.to_string())?;
    }
    for c in &r.items_by_district {
        put("kecamatan", &c.label, c.count.to_string())?;
    }
    for t in &r.topics {
        put("tema", &t.label, t.count.to_string())?;
    }
    for m in &r.months {
        put("pesan warga per bulan", &m.month, m.items.to_string())?;
        put("pesan terbit per bulan", &m.month, m.posts.to_string())?;
        put("balasan per bulan", &m.month, m.replies.to_string())?;
    }
    for o in &r.obstacles_found {
        put("kendala (data)", o, String::new())?;
    }
    for x in &r.recommendations {
        put("rekomendasi", &x.title, x.status.clone())?;
    }
    finish(w)
}

pub fn evaluation(e: &Evaluation) -> Result<Vec<u8>, RenderError> {
    let mut w = writer();
    let mut header = vec!["peringkat".to_string(), "kode".into(), "perangkat daerah".into(), "nilai".into()];
    if let Some(a) = e.agencies.first() {
        header.extend(a.scores.iter().map(|s| s.code.clone()));
    }
    w.write_record(&header).map_err(|e| RenderError::Csv(e.to_string()))?;
    for a in &e.agencies {
        let mut row = vec![
            a.rank.to_string(),
            formula_safe(&a.code).into_owned(),
            formula_safe(&a.name).into_owned(),
            a.total.to_string(),
        ];
        row.extend(a.scores.iter().map(|s| s.value().to_string()));
        w.write_record(&row).map_err(|e| RenderError::Csv(e.to_string()))?;
    }
    finish(w)
}
