//! A standalone HTML file of the annual report (for `humas report --format
//! html`): one file, inline style and SVG charts, nothing fetched.

use crate::{dates, pdf};
use humas_core::region::Letterhead;
use humas_core::report::{AnnualReport, HEADINGS};
use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn table(out: &mut String, header: &[&str], rows: Vec<Vec<String>>) {
    out.push_str("<table><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr>");
    if rows.is_empty() {
        let _ = write!(out, "<tr><td colspan=\"{}\"><i>Tidak ada data.</i></td></tr>", header.len());
    }
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{}</td>", esc(&c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

fn prose(out: &mut String, s: &str) {
    if s.is_empty() {
        out.push_str("<p><i>Belum diisi.</i></p>");
    }
    for p in s.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let _ = write!(out, "<p>{}</p>", esc(p).replace('\n', "<br>"));
    }
}

fn opt(n: Option<i64>) -> String {
    n.map_or("–".into(), |n| n.to_string())
}

pub fn annual_report(r: &AnnualReport, letterhead: &Letterhead) -> String {
    let charts = pdf::annual_charts(r);
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Laporan {code} {year}</title>\
         <style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}table{{border-collapse:collapse;margin:.5rem 0}}\
         td,th{{border:1px solid #bbb;padding:.25rem .5rem;text-align:left}}th{{background:#e8eef3}}.kop{{text-align:center;border-bottom:3px double #000}}svg{{max-width:100%;height:auto}}</style></head><body>",
        code = esc(&r.agency_code),
        year = r.year
    );
    o.push_str("<div class=\"kop\">");
    // A standalone file: the logo travels inside it.
    if let Some((bytes, (_, mime))) = letterhead.logo.as_ref().and_then(|b| crate::logo_kind(b).map(|k| (b, k))) {
        use base64::Engine;
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        let _ = write!(o, "<img src=\"data:{mime};base64,{data}\" alt=\"Logo\" height=\"72\">");
    }
    for l in &letterhead.lines {
        let _ = write!(o, "<div>{}</div>", esc(l));
    }
    let _ = write!(
        o,
        "</div><h1>Laporan Layanan Informasi melalui Media Sosial {}</h1><p>{} ({}) — {} s.d. {} · {}</p>",
        r.year,
        esc(&r.agency_name),
        esc(&r.agency_code),
        dates::long(r.from),
        dates::long(r.to),
        esc(&r.status)
    );
    let _ = write!(o, "<h2>{}</h2>", HEADINGS[0]);
    prose(&mut o, &r.narratives.overview);
    if !r.sop_decree.is_empty() {
        let _ = write!(o, "<p>SOP: {}</p>", esc(&r.sop_decree));
    }
    let _ = write!(o, "<h2>{}</h2>", HEADINGS[1]);
    table(
        &mut o,
        &["Akun", "Platform", "Awal", "Akhir", "Sumber"],
        r.audience
            .iter()
            .map(|a| vec![a.account.clone(), a.platform.clone(), opt(a.start), opt(a.end), a.source.clone()])
            .collect(),
    );
    let _ = write!(o, "<p>Jumlah: {} → {}</p>{}", r.audience_start, r.audience_end, charts.audience);
    let _ = write!(o, "<h2>{}</h2><p>Pesan terbit: {}</p>", HEADINGS[2], r.posts_total);
    table(
        &mut o,
        &["Kategori", "Pesan"],
        r.posts_by_category.iter().map(|c| vec![c.label.clone(), c.count.to_string()]).collect(),
    );
    table(
        &mut o,
        &["Pesan teratas", "Suka", "Komentar", "Dibagikan", "Dilihat"],
        r.top_posts
            .iter()
            .map(|p| {
                vec![
                    p.title.clone(),
                    p.likes.to_string(),
                    p.comments.to_string(),
                    p.shares.to_string(),
                    p.views.to_string(),
                ]
            })
            .collect(),
    );
    let _ = write!(o, "<h2>{}</h2><p>Pesan warga: {}</p>{}", HEADINGS[3], r.items_total, charts.kinds);
    table(
        &mut o,
        &["Sentimen", "Pesan"],
        r.items_by_sentiment.iter().map(|c| vec![c.label.clone(), c.count.to_string()]).collect(),
    );
    table(
        &mut o,
        &["Kecamatan", "Pesan"],
        r.items_by_district.iter().map(|c| vec![c.label.clone(), c.count.to_string()]).collect(),
    );
    table(
        &mut o,
        &["Tema", "Pesan", "Contoh"],
        r.topics.iter().map(|t| vec![t.label.clone(), t.count.to_string(), t.quotes.join(" | ")]).collect(),
    );
    let _ = write!(o, "<h2>{}</h2>{}", HEADINGS[4], charts.months);
    table(
        &mut o,
        &["Akun", "Platform", "Pesan terbit", "Balasan"],
        r.sent
            .iter()
            .map(|s| vec![s.account.clone(), s.platform.clone(), s.posts.to_string(), s.replies.to_string()])
            .collect(),
    );
    let _ = write!(
        o,
        "<h2>{}</h2><p>Dibagikan ulang: {} · diteruskan ke perangkat daerah lain: {}</p>",
        HEADINGS[5], r.shares_total, r.responsiveness.referrals_out
    );
    let _ = write!(o, "<h2>{}</h2>", HEADINGS[6]);
    prose(&mut o, &r.narratives.obstacles);
    o.push_str("<ul>");
    for f in &r.obstacles_found {
        let _ = write!(o, "<li>{}</li>", esc(f));
    }
    let _ = write!(o, "</ul><h2>{}</h2>", HEADINGS[7]);
    table(
        &mut o,
        &["Rekomendasi", "Status", "Tindak lanjut"],
        r.recommendations.iter().map(|x| vec![x.title.clone(), x.status.clone(), x.follow_up.clone()]).collect(),
    );
    prose(&mut o, &r.narratives.plan);
    o.push_str("</body></html>");
    o
}
