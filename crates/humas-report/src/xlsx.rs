//! XLSX with the report's tables, one sheet per subject. Every text cell is
//! written as a string (never a formula), so a citizen's `=HYPERLINK(…)`
//! stays text.

use crate::RenderError;
use humas_core::report::{AnnualReport, CRITERIA, Count, Evaluation, HEADINGS};
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet};

enum Cell<'a> {
    T(&'a str),
    S(String),
    N(f64),
    E,
}

fn sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    header: &[&str],
    rows: Vec<Vec<Cell<'_>>>,
) -> Result<&'a mut Worksheet, RenderError> {
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
        ws.set_column_width(c as u16, if c == 0 { 42 } else { 16 })?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::T(s) => {
                    ws.write_string(r, c, *s)?;
                }
                Cell::S(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::N(n) => {
                    ws.write_number(r, c, *n)?;
                }
                Cell::E => {}
            }
        }
    }
    Ok(ws)
}

fn counts(list: &[Count]) -> Vec<Vec<Cell<'_>>> {
    list.iter().map(|c| vec![Cell::T(&c.label), Cell::N(c.count as f64)]).collect()
}

fn opt(n: Option<i64>) -> Cell<'static> {
    n.map_or(Cell::E, |n| Cell::N(n as f64))
}

pub fn annual_report(r: &AnnualReport) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let resp = &r.responsiveness;
    sheet(
        &mut wb,
        "Ringkasan",
        &["Ukuran", "Nilai"],
        vec![
            vec![Cell::T("Perangkat daerah"), Cell::S(format!("{} ({})", r.agency_name, r.agency_code))],
            vec![Cell::T("Periode"), Cell::S(format!("{} s.d. {}", r.from, r.to))],
            vec![Cell::T("Status"), Cell::T(&r.status)],
            vec![Cell::T("Pesan warga diterima"), Cell::N(resp.items as f64)],
            vec![Cell::T("Ditanggapi"), Cell::N(resp.answered as f64)],
            vec![Cell::T("Median jam ke tanggapan pertama"), resp.median_hours.map_or(Cell::E, Cell::N)],
            vec![Cell::T("Bagian tanggapan tepat waktu"), resp.on_time_share.map_or(Cell::E, Cell::N)],
            vec![Cell::T("Rujukan masuk"), Cell::N(resp.referrals_in as f64)],
            vec![Cell::T("Rujukan masuk dijawab ≤ 1×24 jam"), Cell::N(resp.referrals_in_on_time as f64)],
            vec![Cell::T("Rujukan masuk lewat tenggat, belum dijawab"), Cell::N(resp.referrals_in_overdue_open as f64)],
            vec![Cell::T("Diteruskan ke perangkat daerah lain"), Cell::N(resp.referrals_out as f64)],
            vec![Cell::T("Pesan terbit"), Cell::N(r.posts_total as f64)],
            vec![Cell::T("Dibagikan ulang"), Cell::N(r.shares_total as f64)],
            vec![Cell::T("Khalayak awal"), Cell::N(r.audience_start as f64)],
            vec![Cell::T("Khalayak akhir"), Cell::N(r.audience_end as f64)],
        ],
    )?;
    sheet(
        &mut wb,
        "Uraian",
        &["Butir", "Isi"],
        vec![
            vec![Cell::T(HEADINGS[0]), Cell::T(&r.narratives.overview)],
            vec![Cell::T(HEADINGS[6]), Cell::T(&r.narratives.obstacles)],
            vec![Cell::T(HEADINGS[7]), Cell::T(&r.narratives.plan)],
            vec![Cell::T("Biaya (Pasal 18)"), Cell::T(&r.narratives.costs)],
        ],
    )?;
    sheet(
        &mut wb,
        "Khalayak",
        &["Akun", "Platform", "Awal", "Akhir", "Sumber"],
        r.audience
            .iter()
            .map(|a| vec![Cell::T(&a.account), Cell::T(&a.platform), opt(a.start), opt(a.end), Cell::T(&a.source)])
            .collect(),
    )?;
    sheet(&mut wb, "Kategori pesan", &["Kategori", "Pesan"], counts(&r.posts_by_category))?;
    sheet(
        &mut wb,
        "Pesan teratas",
        &["Pesan", "Kategori", "Suka", "Komentar", "Dibagikan", "Dilihat"],
        r.top_posts
            .iter()
            .map(|p| {
                vec![
                    Cell::T(&p.title),
                    Cell::T(&p.category),
                    Cell::N(p.likes as f64),
                    Cell::N(p.comments as f64),
                    Cell::N(p.shares as f64),
                    Cell::N(p.views as f64),
                ]
            })
            .collect(),
    )?;
    let mut warga = counts(&r.items_by_kind);
    warga.push(vec![]);
    warga.extend(counts(&r.items_by_sentiment));
    sheet(&mut wb, "Pesan warga", &["Jenis / sentimen", "Pesan"], warga)?;
    sheet(&mut wb, "Kecamatan", &["Kecamatan", "Pesan"], counts(&r.items_by_district))?;
    sheet(
        &mut wb,
        "Tema",
        &["Tema", "Pesan", "Contoh"],
        r.topics
            .iter()
            .map(|t| vec![Cell::T(&t.label), Cell::N(t.count as f64), Cell::S(t.quotes.join(" | "))])
            .collect(),
    )?;
    sheet(
        &mut wb,
        "Per akun",
        &["Akun", "Platform", "Pesan terbit", "Balasan"],
        r.sent
            .iter()
            .map(|s| {
                vec![Cell::T(&s.account), Cell::T(&s.platform), Cell::N(s.posts as f64), Cell::N(s.replies as f64)]
            })
            .collect(),
    )?;
    let ws = sheet(
        &mut wb,
        "Per bulan",
        &["Bulan", "Pesan warga", "Pesan terbit", "Balasan"],
        r.months
            .iter()
            .map(|m| {
                vec![Cell::T(&m.month), Cell::N(m.items as f64), Cell::N(m.posts as f64), Cell::N(m.replies as f64)]
            })
            .collect(),
    )?;
    if !r.months.is_empty() {
        // A native Excel chart over the sheet's own cells: it follows edits.
        let last = r.months.len() as u32;
        let mut chart = Chart::new(ChartType::Column);
        for (col, name) in [(1u16, "Pesan warga"), (2, "Pesan terbit"), (3, "Balasan")] {
            chart.add_series().set_name(name).set_categories(("Per bulan", 1, 0, last, 0)).set_values((
                "Per bulan",
                1,
                col,
                last,
                col,
            ));
        }
        chart.title().set_name("Per bulan");
        ws.insert_chart(1, 5, &chart)?;
    }
    let mut kendala: Vec<Vec<Cell>> =
        r.obstacles_found.iter().map(|o| vec![Cell::T("Temuan data"), Cell::T(o)]).collect();
    kendala.extend(
        r.recommendations
            .iter()
            .map(|x| vec![Cell::T("Rekomendasi"), Cell::S(format!("{} — {} {}", x.title, x.status, x.follow_up))]),
    );
    sheet(&mut wb, "Kendala & rekomendasi", &["Jenis", "Isi"], kendala)?;
    Ok(wb.save_to_buffer()?)
}

pub fn evaluation(e: &Evaluation) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let mut header: Vec<&str> = vec!["Perangkat daerah", "Kode", "Peringkat", "Nilai", "Tahun lalu"];
    header.extend(CRITERIA.iter().map(|c| c.label));
    sheet(
        &mut wb,
        "Peringkat",
        &header,
        e.agencies
            .iter()
            .map(|a| {
                let mut row = vec![
                    Cell::T(&a.name),
                    Cell::T(&a.code),
                    Cell::N(a.rank as f64),
                    Cell::N(a.total),
                    a.previous_total.map_or(Cell::E, Cell::N),
                ];
                row.extend(a.scores.iter().map(|s| Cell::N(s.value())));
                row
            })
            .collect(),
    )?;
    sheet(
        &mut wb,
        "Penyesuaian",
        &["Kode", "Kriteria", "Dihitung", "Disesuaikan", "Alasan"],
        e.agencies
            .iter()
            .flat_map(|a| {
                a.scores.iter().filter_map(move |s| {
                    s.adjusted.map(|v| {
                        vec![Cell::T(&a.code), Cell::T(&s.label), Cell::N(s.computed), Cell::N(v), Cell::T(&s.note)]
                    })
                })
            })
            .collect(),
    )?;
    Ok(wb.save_to_buffer()?)
}
