//! PDF through typst, in-process: a template from `templates/`, the data as
//! JSON, charts as SVG files, DejaVu fonts bundled (no system fonts read).

use crate::{RenderError, chart, dates};
use humas_core::region::Letterhead;
use humas_core::report::{AnnualReport, CRITERIA, Evaluation, HEADINGS};
use serde::Serialize;
use typst_as_lib::TypstEngine;

static COMMON: &str = include_str!("../templates/common.typ");
static ANNUAL: &str = include_str!("../templates/annual.typ");
static EVALUATION: &str = include_str!("../templates/evaluation.typ");
static FONTS: [&[u8]; 3] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../fonts/DejaVuSans-Oblique.ttf"),
];

/// The charts of an annual report, shared by its page and its PDF.
pub struct AnnualCharts {
    pub kinds: String,
    pub months: String,
    pub audience: String,
}

pub fn annual_charts(r: &AnnualReport) -> AnnualCharts {
    let kinds: Vec<(String, f64)> = r.items_by_kind.iter().map(|c| (c.label.clone(), c.count as f64)).collect();
    let months: Vec<String> = r.months.iter().map(|m| dates::month_short(&m.month)).collect();
    let series = [
        ("Pesan warga", r.months.iter().map(|m| m.items as f64).collect()),
        ("Pesan terbit", r.months.iter().map(|m| m.posts as f64).collect()),
        ("Balasan", r.months.iter().map(|m| m.replies as f64).collect()),
    ];
    let audience: Vec<(String, f64)> =
        r.audience.iter().filter_map(|a| a.end.map(|e| (format!("{} {}", a.platform, a.account), e as f64))).collect();
    AnnualCharts {
        kinds: chart::bars("Pesan warga menurut jenis", &kinds),
        months: chart::columns("Per bulan", &months, &series),
        audience: chart::bars("Pengikut pada akhir periode", &audience),
    }
}

pub fn evaluation_chart(e: &Evaluation) -> String {
    let rows: Vec<(String, f64)> = e.agencies.iter().map(|a| (a.code.clone(), a.total)).collect();
    chart::bars("Nilai akhir", &rows)
}

#[derive(Serialize)]
struct Doc<'a, T: Serialize> {
    letterhead: &'a [String],
    /// The logo's file name among the compiled files, if there is one.
    logo: Option<&'static str>,
    title: String,
    subtitle: String,
    generated: String,
    #[serde(flatten)]
    body: T,
}

#[derive(Serialize)]
struct AnnualBody<'a> {
    report: &'a AnnualReport,
    headings: [&'static str; 8],
    on_time: String,
    month_names: Vec<String>,
}

#[derive(Serialize)]
struct CriterionRow {
    label: &'static str,
    weight: f64,
    explain: &'static str,
}

#[derive(Serialize)]
struct EvaluationBody<'a> {
    evaluation: &'a Evaluation,
    criteria: Vec<CriterionRow>,
}

/// The logo's file name for typst, if the letterhead has an image.
fn logo_name(letterhead: &Letterhead) -> Option<&'static str> {
    match crate::logo_kind(letterhead.logo.as_deref()?)?.0 {
        "png" => Some("logo.png"),
        _ => Some("logo.jpg"),
    }
}

fn compile(
    main: &str,
    mut files: Vec<(&'static str, Vec<u8>)>,
    letterhead: &Letterhead,
) -> Result<Vec<u8>, RenderError> {
    if let (Some(name), Some(bytes)) = (logo_name(letterhead), &letterhead.logo) {
        files.push((name, bytes.clone()));
    }
    let engine = TypstEngine::builder()
        .main_file(main.to_string())
        .with_static_source_file_resolver([("common.typ", COMMON.to_string())])
        .with_static_file_resolver(files)
        .fonts(FONTS)
        .build();
    let doc: typst_layout::PagedDocument = engine.compile().output.map_err(|e| RenderError::Pdf(format!("{e:?}")))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| RenderError::Pdf(format!("{e:?}")))
}

/// The annual report as an A4 PDF with the region's letterhead.
pub fn annual_report(r: &AnnualReport, letterhead: &Letterhead) -> Result<Vec<u8>, RenderError> {
    let charts = annual_charts(r);
    let title = if r.from.format("%m-%d").to_string() == "01-01" && r.to.format("%m-%d").to_string() == "12-31" {
        format!("Laporan Tahunan Layanan Informasi melalui Media Sosial {}", r.year)
    } else {
        "Laporan Layanan Informasi melalui Media Sosial".to_string()
    };
    let version = if r.version > 0 { format!(" · versi {}", r.version) } else { String::new() };
    let doc = Doc {
        letterhead: &letterhead.lines,
        logo: logo_name(letterhead),
        title,
        subtitle: format!("{} ({}) — {} s.d. {}", r.agency_name, r.agency_code, dates::long(r.from), dates::long(r.to)),
        generated: format!(
            "Disusun dari data humas pada {}{} · {}",
            dates::long(r.generated_at.date_naive()),
            version,
            r.status
        ),
        body: AnnualBody {
            report: r,
            headings: HEADINGS,
            on_time: r.responsiveness.on_time_share.map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| "–".into()),
            month_names: r.months.iter().map(|m| dates::month_short(&m.month)).collect(),
        },
    };
    let data = serde_json::to_vec(&doc).map_err(|e| RenderError::Pdf(e.to_string()))?;
    compile(
        ANNUAL,
        vec![
            ("data.json", data),
            ("kinds.svg", charts.kinds.into_bytes()),
            ("months.svg", charts.months.into_bytes()),
            ("audience.svg", charts.audience.into_bytes()),
        ],
        letterhead,
    )
}

/// The evaluation of all agencies for the Bupati.
pub fn evaluation(e: &Evaluation, letterhead: &Letterhead) -> Result<Vec<u8>, RenderError> {
    let weights =
        |code: &str| e.agencies.first().and_then(|a| a.scores.iter().find(|s| s.code == code)).map(|s| s.weight);
    let doc = Doc {
        letterhead: &letterhead.lines,
        logo: logo_name(letterhead),
        title: format!("Evaluasi Layanan Informasi melalui Media Sosial {}", e.year),
        subtitle: format!("{} — seluruh perangkat daerah (Pasal 17)", e.region),
        generated: format!("Disusun dari data humas pada {}", dates::long(e.generated_at.date_naive())),
        body: EvaluationBody {
            evaluation: e,
            criteria: CRITERIA
                .iter()
                .map(|c| CriterionRow {
                    label: c.label,
                    weight: weights(c.code).unwrap_or(c.default_weight),
                    explain: c.explain,
                })
                .collect(),
        },
    };
    let data = serde_json::to_vec(&doc).map_err(|e| RenderError::Pdf(e.to_string()))?;
    compile(EVALUATION, vec![("data.json", data), ("totals.svg", evaluation_chart(e).into_bytes())], letterhead)
}
