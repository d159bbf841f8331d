//! Small SVG charts drawn on the server, so that pages and PDFs show the same
//! picture and nothing is loaded from the internet. Written here rather than
//! with a chart crate: two chart shapes, a few dozen lines, no font machinery
//! (labels are SVG text; the PDF renders them with its bundled font).

use std::fmt::Write;

const PALETTE: [&str; 6] = ["#1f5f8b", "#e07a1f", "#3a9a5b", "#b8433b", "#7a5ea8", "#8a8a8a"];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") }
}

/// Horizontal bars, one per label, with the value at the bar's end.
pub fn bars(title: &str, rows: &[(String, f64)]) -> String {
    let width = 560.0;
    let label_w = 170.0;
    let row_h = 22.0;
    let top = 28.0;
    let height = top + row_h * rows.len().max(1) as f64 + 8.0;
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{t}" font-family="DejaVu Sans, sans-serif" font-size="11"><text x="0" y="16" font-size="13" font-weight="bold">{t}</text>"#,
        t = esc(title)
    );
    if rows.is_empty() {
        let _ = write!(s, r##"<text x="0" y="44" fill="#666">Belum ada data</text>"##);
    }
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let w = (width - label_w - 50.0) * v / max;
        let short: String = label.chars().take(28).collect();
        let _ = write!(
            s,
            r##"<text x="{lx}" y="{ty}" text-anchor="end">{l}</text><rect x="{label_w}" y="{y}" width="{w:.1}" height="{h}" fill="{c}"/><text x="{vx:.1}" y="{ty}">{v}</text>"##,
            lx = label_w - 6.0,
            ty = y + 14.0,
            l = esc(&short),
            h = row_h - 6.0,
            c = PALETTE[0],
            vx = label_w + w + 4.0,
            v = fmt_num(*v)
        );
    }
    s.push_str("</svg>");
    s
}

/// Vertical grouped columns over periods (e.g. months), one colour per series.
pub fn columns(title: &str, periods: &[String], series: &[(&str, Vec<f64>)]) -> String {
    let width = 560.0;
    let height = 220.0;
    let (left, top, bottom) = (36.0, 40.0, 30.0);
    let plot_h = height - top - bottom;
    let max = series.iter().flat_map(|s| s.1.iter().copied()).fold(0.0, f64::max).max(1.0);
    let n = periods.len().max(1) as f64;
    let group_w = (width - left) / n;
    let bar_w = (group_w * 0.8 / series.len().max(1) as f64).max(1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{t}" font-family="DejaVu Sans, sans-serif" font-size="10"><text x="0" y="16" font-size="13" font-weight="bold">{t}</text>"#,
        t = esc(title)
    );
    for (k, (name, _)) in series.iter().enumerate() {
        let x = left + k as f64 * 120.0;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="22" width="10" height="10" fill="{c}"/><text x="{tx}" y="31">{n}</text>"#,
            c = PALETTE[k % PALETTE.len()],
            tx = x + 14.0,
            n = esc(name)
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{b}" x2="{width}" y2="{b}" stroke="#999"/><text x="{lx}" y="{ty}" text-anchor="end">{m}</text>"##,
        b = top + plot_h,
        lx = left - 4.0,
        ty = top + 8.0,
        m = fmt_num(max)
    );
    for (i, p) in periods.iter().enumerate() {
        let gx = left + i as f64 * group_w + group_w * 0.1;
        for (k, (_, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0.0);
            let h = plot_h * v / max;
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bar_w:.1}" height="{h:.1}" fill="{c}"><title>{p}: {v}</title></rect>"#,
                x = gx + k as f64 * bar_w,
                y = top + plot_h - h,
                c = PALETTE[k % PALETTE.len()],
                p = esc(p),
                v = fmt_num(v)
            );
        }
        let _ = write!(
            s,
            r#"<text x="{x:.1}" y="{y}" text-anchor="middle">{l}</text>"#,
            x = gx + group_w * 0.4,
            y = height - 12.0,
            l = esc(&p.chars().take(8).collect::<String>())
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_scale() {
        let svg = bars("Jenis <pesan>", &[("<script>".into(), 10.0), ("b".into(), 5.0)]);
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains(r#"width="340.0""#) && svg.contains(r#"width="170.0""#), "{svg}");
    }

    #[test]
    fn empty_data_says_so() {
        assert!(bars("x", &[]).contains("Belum ada data"));
        let svg = columns("x", &[], &[("a", vec![])]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
