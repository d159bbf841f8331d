//! Renders sample reports to PDF, XLSX and CSV and reads them back: the PDF
//! with poppler's `pdftotext` (Debian `poppler-utils`), the XLSX by unzipping
//! its sheet XML with Python's zipfile.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, TimeZone, Utc};
use humas_core::ids::{AccountId, AgencyId};
use humas_core::insight::{Quote, TopicView};
use humas_core::region::Letterhead;
use humas_core::report::*;
use std::collections::BTreeMap;
use std::process::Command;

const HOSTILE: &str = "=HYPERLINK(\"http://evil\",\"klik\")";

fn sample() -> AnnualReport {
    let a = AgencyId(7);
    let facts = Facts {
        items: vec![
            ItemStat {
                agency_id: a,
                month: "2026-01".into(),
                kind: "question".into(),
                sentiment: "neutral".into(),
                district: Some("Arut Selatan".into()),
                count: 40,
            },
            ItemStat {
                agency_id: a,
                month: "2026-02".into(),
                kind: "criticism".into(),
                sentiment: "negative".into(),
                district: None,
                count: 25,
            },
        ],
        responses: vec![ResponseRow { agency_id: a, seconds: 7200.0, on_time: true, count: 1 }],
        referrals: vec![],
        deliveries: vec![DeliveryStat {
            agency_id: a,
            account_id: AccountId(3),
            month: "2026-01".into(),
            is_post: true,
            count: 9,
        }],
        posts: vec![PostStat {
            agency_id: a,
            post_id: 1,
            title: "Jadwal #vaksin <b>".into(),
            category: Some("agency_activity".into()),
            campaign: None,
            likes: 12,
            comments: 3,
            shares: 4,
            views: 100,
        }],
    };
    let topics = vec![TopicView {
        key: "jalan rusak".into(),
        label: "Jalan rusak".into(),
        related: vec![],
        count: 17,
        previous: 3,
        hot: true,
        districts: vec![],
        examples: vec![Quote { item_id: 1, text: "Jalan rusak depan pasar, hp ••••".into() }],
    }];
    let mut accounts = BTreeMap::new();
    accounts.insert(3, ("@dinkes_kobar".to_string(), "Instagram".to_string()));
    assemble(
        &facts,
        ReportContext {
            region: "Kabupaten Kotawaringin Barat",
            agency_id: a,
            agency_code: "DINKES",
            agency_name: "Dinas Kesehatan",
            year: 2026,
            from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            now: Utc.with_ymd_and_hms(2027, 1, 10, 3, 0, 0).unwrap(),
            narratives: Narratives {
                overview: format!("Kebijakan kami #set page(width: 1cm) {HOSTILE}"),
                obstacles: "Sinyal lemah di pedalaman.".into(),
                plan: "Menambah petugas.".into(),
                costs: String::new(),
            },
            sop_decree: "SK 12/2025 — SOP layanan informasi".into(),
            audience: vec![AudienceRow {
                account: "@dinkes_kobar".into(),
                platform: "Instagram".into(),
                start: Some(1000),
                end: Some(1500),
                source: "dari platform".into(),
            }],
            accounts,
            topics: &topics,
            obstacles_found: vec!["2 akun tanpa SK pengelola.".into()],
            recommendations: vec![RecLine {
                title: HOSTILE.into(),
                status: "Diterima".into(),
                follow_up: String::new(),
            }],
        },
    )
}

fn kop(logo: Option<&[u8]>) -> Letterhead {
    Letterhead {
        lines: vec!["PEMERINTAH KABUPATEN KOTAWARINGIN BARAT".into(), "Dinas Komunikasi".into()],
        logo: logo.map(<[u8]>::to_vec),
    }
}

/// The demo region's logo (PNG).
const LOGO: &[u8] = include_bytes!("../../humas/assets/logo-demo.png");

#[test]
fn the_letterhead_prints_the_regions_logo() {
    let r = sample();
    let with = humas_report::pdf::annual_report(&r, &kop(Some(LOGO))).unwrap();
    let without = humas_report::pdf::annual_report(&r, &kop(None)).unwrap();
    // Not an image: left out, the report still renders.
    let junk = humas_report::pdf::annual_report(&r, &kop(Some(b"<svg onload=alert(1)>"))).unwrap();
    let html =
        String::from_utf8(humas_report::annual_report(&r, &kop(Some(LOGO)), humas_report::Format::Html).unwrap())
            .unwrap();
    assert!(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo"), "the standalone page carries its logo");
    let images = |pdf: &[u8]| -> Option<usize> {
        let dir = std::env::temp_dir().join(format!("humas-logo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let path = dir.join(format!("l{}.pdf", N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)));
        std::fs::write(&path, pdf).unwrap();
        let out = Command::new("pdfimages").arg("-list").arg(&path).output().ok()?;
        // Two header lines, then one line per image (its transparency is an "smask").
        let list = String::from_utf8_lossy(&out.stdout).into_owned();
        Some(list.lines().skip(2).filter(|l| l.split_whitespace().nth(2) == Some("image")).count())
    };
    let Some(n) = images(&with) else {
        assert!(std::env::var("HUMAS_REQUIRE_BROWSER").is_err(), "pdfimages (poppler-utils) is required in CI");
        return;
    };
    assert_eq!(n, 1, "one logo on the letterhead");
    assert_eq!(images(&without), Some(0));
    assert_eq!(images(&junk), Some(0));
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("humas-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let path = dir.join(format!("r{}.pdf", N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext").args(["-layout"]).arg(&path).arg("-").output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn annual_pdf_has_the_eight_headings_and_the_figures() {
    let r = sample();
    let pdf = humas_report::pdf::annual_report(&r, &kop(None)).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let Some(text) = pdftotext(&pdf) else {
        assert!(std::env::var("HUMAS_REQUIRE_BROWSER").is_err(), "pdftotext (poppler-utils) is required in CI");
        eprintln!("skipped: pdftotext not installed");
        return;
    };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for h in HEADINGS {
        assert!(flat.contains(h), "missing heading {h}");
    }
    for needle in [
        "Daftar Isi",
        "PEMERINTAH KABUPATEN KOTAWARINGIN BARAT",
        "1 Januari 2026",
        "31 Desember 2026",
        "Dinas Kesehatan",
        "Jalan rusak",
        "@dinkes_kobar",
        "1500",
        "Pertanyaan",
        "Kritik",
        "Sinyal lemah",
        "2 akun tanpa SK pengelola.",
    ] {
        assert!(flat.contains(needle), "missing {needle} in\n{flat}");
    }
    // Officer text is shown, not executed as typst markup.
    assert!(flat.contains("#set page(width: 1cm)"), "{flat}");
    assert!(flat.contains("=HYPERLINK"));
    assert_eq!(r.items_total, 65);
}

#[test]
fn xlsx_keeps_formulas_as_text() {
    let x = humas_report::xlsx::annual_report(&sample()).unwrap();
    assert!(x.starts_with(b"PK"));
    let dir = std::env::temp_dir().join(format!("humas-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r.xlsx");
    std::fs::write(&path, &x).unwrap();
    let script = "import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);print('\\n'.join(n+'\\t'+z.read(n).decode() for n in z.namelist() if n.endswith('.xml')))";
    let out = Command::new("python3").args(["-c", script]).arg(&path).output().unwrap();
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(xml.contains("HYPERLINK"), "the text is there");
    assert!(!xml.contains("<f>"), "no cell is a formula");
    assert!(xml.contains("xl/charts/chart1.xml"), "the monthly sheet has a native chart");
}

#[test]
fn csv_defuses_formulas() {
    let c = String::from_utf8(humas_report::csv_out::annual_report(&sample()).unwrap()).unwrap();
    assert!(c.contains("\"'=HYPERLINK("), "{c}");
    assert!(c.contains("jenis pesan warga,Pertanyaan,40"));
}

#[test]
fn evaluation_pdf_and_xlsx() {
    let e = Evaluation {
        region: "Kabupaten Kotawaringin Barat".into(),
        year: 2026,
        generated_at: Utc::now(),
        agencies: vec![AgencyEvaluation {
            agency_id: AgencyId(1),
            code: "DINKES".into(),
            name: "Dinas Kesehatan".into(),
            scores: CRITERIA
                .iter()
                .map(|c| Score {
                    code: c.code.into(),
                    label: c.label.into(),
                    computed: 80.0,
                    adjusted: None,
                    note: String::new(),
                    weight: c.default_weight,
                    target: None,
                })
                .collect(),
            total: 80.0,
            rank: 1,
            previous_total: Some(70.0),
            targets_met: 0,
            targets_set: 0,
        }],
    };
    let pdf = humas_report::pdf::evaluation(&e, &kop(None)).unwrap();
    if let Some(text) = pdftotext(&pdf) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Peringkat") && flat.contains("DINKES") && flat.contains("Kecepatan tanggapan"),
            "{flat}"
        );
    }
    assert!(humas_report::xlsx::evaluation(&e).unwrap().starts_with(b"PK"));
}
