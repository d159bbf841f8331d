//! Files of citizens' items from platforms without an API connection: a
//! documented CSV (the columns below, `,` or `;`, headers in Indonesian or
//! English), JSON (an array or one object per line, the fields of the
//! inbound API), and WordPress's own export (WXR, Tools → Export), whose
//! comments keep their WordPress ids — so importing an export and later
//! connecting the blog never counts a comment twice.
//!
//! CSV columns (only `teks` is required):
//! `id` · `waktu` (ISO 8601, or `YYYY-MM-DD HH:MM` / `DD/MM/YYYY HH:MM` in the
//! region's time) · `penulis` (handle) · `nama` · `teks` · `tautan` · `utas` · `induk`.
//! A row without `id` gets one derived from author, time and text, so the
//! same file imported twice stores each item once.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use humas_core::channel::FetchedItem;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Rows per file at most; a larger file is refused, not cut.
pub const MAX_ROWS: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    WordpressExport,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "json" | "ndjson" | "jsonl" => Some(Self::Json),
            "wxr" | "wordpress" | "xml" => Some(Self::WordpressExport),
            _ => None,
        }
    }

    /// From the file name, else from the first bytes.
    pub fn detect(name: &str, bytes: &[u8]) -> Self {
        let lower = name.to_ascii_lowercase();
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
            .trim_start_matches('\u{feff}')
            .trim_start()
            .to_string();
        if lower.ends_with(".xml") || head.starts_with("<?xml") || head.starts_with("<rss") {
            Self::WordpressExport
        } else if lower.ends_with(".json")
            || lower.ends_with(".jsonl")
            || lower.ends_with(".ndjson")
            || head.starts_with('[')
            || head.starts_with('{')
        {
            Self::Json
        } else {
            Self::Csv
        }
    }
}

/// One row of the file: the item, or why it was not taken (1-based line or record number).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub item: Result<FetchedItem, String>,
}

/// Reads a whole file. `Err` only when the file as a whole is unreadable.
pub fn parse(format: Format, bytes: &[u8], tz: chrono_tz::Tz) -> Result<Vec<Row>, String> {
    let rows = match format {
        Format::Csv => csv_rows(bytes, tz)?,
        Format::Json => json_rows(bytes)?,
        Format::WordpressExport => wxr_rows(bytes)?,
    };
    if rows.len() > MAX_ROWS {
        return Err(format!(
            "Berkas berisi {} baris; paling banyak {MAX_ROWS} per impor. Pecah berkasnya.",
            rows.len()
        ));
    }
    Ok(rows)
}

/// A stable id for an item that has none of its own (same input, same id).
pub fn derived_id(author: &str, time: &str, text: &str) -> String {
    let mut h = Sha256::new();
    for part in [author, time, text] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    format!("imp-{}", d.iter().take(10).map(|b| format!("{b:02x}")).collect::<String>())
}

/// A time as officers write it: ISO 8601, or the region's local time.
pub fn parse_time(s: &str, tz: chrono_tz::Tz) -> Result<Option<DateTime<Utc>>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.to_utc()));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d-%m-%Y %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return tz
                .from_local_datetime(&t)
                .earliest()
                .map(|t| Some(t.to_utc()))
                .ok_or_else(|| format!("waktu tidak ada di zona wilayah: {s}"));
        }
    }
    for f in ["%Y-%m-%d", "%d/%m/%Y"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, f) {
            let t = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            return Ok(tz.from_local_datetime(&t).earliest().map(|t| t.to_utc()));
        }
    }
    Err(format!(
        "waktu tidak dikenali: \"{}\" (pakai 2026-11-28 14:30 atau 28/11/2026 14:30)",
        s.chars().take(40).collect::<String>()
    ))
}

/// The canonical column for a header in Indonesian or English.
fn column(header: &str) -> Option<&'static str> {
    Some(match header.trim().trim_start_matches('\u{feff}').to_lowercase().replace([' ', '-'], "_").as_str() {
        "id" | "id_pesan" | "remote_id" | "message_id" => "id",
        "waktu" | "tanggal" | "written_at" | "time" | "date" | "timestamp" => "waktu",
        "penulis" | "akun_penulis" | "author_handle" | "author" | "handle" => "penulis",
        "nama" | "nama_penulis" | "author_name" | "name" => "nama",
        "teks" | "pesan" | "isi" | "text" | "message" | "comment" | "komentar" => "teks",
        "tautan" | "link" | "url" => "tautan",
        "utas" | "thread_id" | "thread" | "post_id" => "utas",
        "induk" | "parent_id" | "parent_remote_id" | "parent" => "induk",
        _ => return None,
    })
}

fn csv_rows(bytes: &[u8], tz: chrono_tz::Tz) -> Result<Vec<Row>, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "Berkas CSV harus berenkode UTF-8 (simpan ulang sebagai \"CSV UTF-8\").".to_string())?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| format!("Baris judul CSV tidak terbaca: {e}"))?.clone();
    let cols: Vec<Option<&str>> = headers.iter().map(column).collect();
    if !cols.contains(&Some("teks")) {
        return Err("Kolom \"teks\" tidak ada di baris judul. Kolom yang dikenal: id, waktu, penulis, nama, teks, tautan, utas, induk.".into());
    }
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.push(Row { line, item: Err(format!("baris rusak: {e}")) });
                continue;
            }
        };
        let get = |name: &str| {
            cols.iter().position(|c| *c == Some(name)).and_then(|i| record.get(i)).unwrap_or("").trim().to_string()
        };
        let text = get("teks");
        let item = if text.is_empty() {
            Err("teks kosong".to_string())
        } else {
            parse_time(&get("waktu"), tz).map(|written_at| {
                let id = get("id");
                FetchedItem {
                    remote_id: if id.is_empty() { derived_id(&get("penulis"), &get("waktu"), &text) } else { id },
                    thread_id: Some(get("utas")).filter(|s| !s.is_empty()),
                    parent_remote_id: Some(get("induk")).filter(|s| !s.is_empty()),
                    author_handle: get("penulis"),
                    author_name: get("nama"),
                    link: get("tautan"),
                    written_at,
                    text,
                }
            })
        };
        out.push(Row { line, item });
    }
    Ok(out)
}

#[derive(Deserialize)]
struct JsonItem {
    remote_id: Option<String>,
    #[serde(default)]
    thread_id: Option<String>,
    #[serde(default)]
    parent_remote_id: Option<String>,
    #[serde(default)]
    author_handle: String,
    #[serde(default)]
    author_name: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    link: String,
    written_at: Option<DateTime<Utc>>,
}

fn json_item(v: serde_json::Value) -> Result<FetchedItem, String> {
    let j: JsonItem = serde_json::from_value(v).map_err(|e| format!("isian tidak sesuai: {e}"))?;
    if j.text.trim().is_empty() {
        return Err("teks kosong".into());
    }
    let time = j.written_at.map(|t| t.to_rfc3339()).unwrap_or_default();
    Ok(FetchedItem {
        remote_id: j
            .remote_id
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| derived_id(&j.author_handle, &time, &j.text)),
        thread_id: j.thread_id,
        parent_remote_id: j.parent_remote_id,
        author_handle: j.author_handle,
        author_name: j.author_name,
        text: j.text.trim().to_string(),
        link: j.link,
        written_at: j.written_at,
    })
}

fn json_rows(bytes: &[u8]) -> Result<Vec<Row>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "Berkas JSON harus berenkode UTF-8.".to_string())?;
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.starts_with('[') {
        let list: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| format!("JSON tidak valid: {e}"))?;
        return Ok(list.into_iter().enumerate().map(|(i, v)| Row { line: i + 1, item: json_item(v) }).collect());
    }
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Row {
            line: i + 1,
            item: serde_json::from_str(l).map_err(|e| format!("JSON tidak valid: {e}")).and_then(json_item),
        })
        .collect())
}

/// The comments of a WordPress export: citizens' comments only (not those
/// by the site's own users, not spam or trash), with their WordPress ids.
fn wxr_rows(bytes: &[u8]) -> Result<Vec<Row>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut post_id = String::new();
    let mut post_link = String::new();
    let mut comment: std::collections::HashMap<String, String> = Default::default();
    let mut out = Vec::new();
    let mut n = 0;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("XML rusak di posisi {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                if name == "wp:comment" {
                    comment.clear();
                }
                if name == "item" {
                    post_id.clear();
                    post_link.clear();
                }
                path.push(name);
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_string();
                path.pop();
                if name == "wp:comment" {
                    n += 1;
                    let get = |k: &str| comment.get(k).cloned().unwrap_or_default();
                    let staff = get("wp:comment_user_id").trim() != "0" && !get("wp:comment_user_id").is_empty();
                    let status = get("wp:comment_approved");
                    if staff || status == "spam" || status == "trash" {
                        continue;
                    }
                    let text = crate::html::to_text(&get("wp:comment_content"));
                    let id = get("wp:comment_id");
                    let item = if text.is_empty() || id.is_empty() {
                        Err("komentar tanpa isi atau tanpa id".to_string())
                    } else {
                        let written = NaiveDateTime::parse_from_str(&get("wp:comment_date_gmt"), "%Y-%m-%d %H:%M:%S")
                            .ok()
                            .map(|t| t.and_utc());
                        let parent = get("wp:comment_parent");
                        Ok(FetchedItem {
                            link: if post_link.is_empty() {
                                String::new()
                            } else {
                                format!("{post_link}#comment-{id}")
                            },
                            remote_id: id,
                            thread_id: Some(post_id.clone()).filter(|p| !p.is_empty()),
                            parent_remote_id: Some(parent).filter(|p| !p.is_empty() && p != "0"),
                            author_handle: get("wp:comment_author"),
                            author_name: get("wp:comment_author"),
                            text,
                            written_at: written,
                        })
                    };
                    out.push(Row { line: n, item });
                }
            }
            Event::Text(t) => {
                store_text(&path, t.xml10_content().into_owned(), &mut comment, &mut post_id, &mut post_link);
            }
            Event::CData(t) => {
                store_text(&path, t.into_inner().into_owned(), &mut comment, &mut post_id, &mut post_link);
            }
            // Entities come as their own events: `&amp;` and friends, `&#8220;`.
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.into_inner().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        _ => String::new(),
                    },
                };
                store_text(&path, text, &mut comment, &mut post_id, &mut post_link);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if n == 0 && !String::from_utf8_lossy(&bytes[..bytes.len().min(2000)]).contains("wordpress.org/export") {
        return Err("Bukan berkas ekspor WordPress (WXR).".into());
    }
    Ok(out)
}

fn store_text(
    path: &[String],
    text: String,
    comment: &mut std::collections::HashMap<String, String>,
    post_id: &mut String,
    post_link: &mut String,
) {
    let Some(leaf) = path.last() else { return };
    let parent = path.len().checked_sub(2).and_then(|i| path.get(i)).map(String::as_str);
    match (parent, leaf.as_str()) {
        (Some("wp:comment"), field) => {
            comment.entry(field.to_string()).or_default().push_str(&text);
        }
        (Some("item"), "wp:post_id") => *post_id = text.trim().to_string(),
        (Some("item"), "link") => *post_link = text.trim().to_string(),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const WIB: chrono_tz::Tz = chrono_tz::Asia::Pontianak;

    fn ok(rows: &[Row]) -> Vec<&FetchedItem> {
        rows.iter().filter_map(|r| r.item.as_ref().ok()).collect()
    }

    #[test]
    fn csv_with_semicolons_indonesian_headers_local_times_and_bad_rows() {
        let file = "\u{feff}Waktu;Penulis;Nama;Teks;Tautan\n28/11/2026 14:30;@budi;Budi;\"Jalan rusak; tolong\";https://fb.com/1\n2026-11-28 09:00;@siti;Siti;;\nkemarin;@x;X;Halo;\n";
        let rows = parse(Format::Csv, file.as_bytes(), WIB).unwrap();
        assert_eq!(rows.len(), 3);
        let first = rows[0].item.as_ref().unwrap();
        assert_eq!(first.text, "Jalan rusak; tolong");
        assert_eq!(first.written_at.unwrap().to_rfc3339(), "2026-11-28T07:30:00+00:00", "WIB is UTC+7");
        assert!(first.remote_id.starts_with("imp-"));
        assert_eq!(rows[1].item, Err("teks kosong".into()));
        assert_eq!(rows[1].line, 3);
        assert!(rows[2].item.as_ref().unwrap_err().contains("waktu tidak dikenali"));
        // The same file again gives the same ids: a re-import stores nothing twice.
        let again = parse(Format::Csv, file.as_bytes(), WIB).unwrap();
        assert_eq!(ok(&rows)[0].remote_id, ok(&again)[0].remote_id);
    }

    #[test]
    fn csv_formulas_and_markup_stay_text() {
        let file = "text,author\n\"=HYPERLINK(\"\"http://evil\"\",\"\"klik\"\")\",@x\n<script>alert(1)</script>,@y\n";
        let rows = parse(Format::Csv, file.as_bytes(), WIB).unwrap();
        assert_eq!(ok(&rows)[0].text, "=HYPERLINK(\"http://evil\",\"klik\")");
        assert_eq!(ok(&rows)[1].text, "<script>alert(1)</script>");
    }

    #[test]
    fn csv_without_a_text_column_or_not_utf8_is_refused_whole() {
        assert!(parse(Format::Csv, b"nama,waktu\nBudi,2026-01-01\n", WIB).unwrap_err().contains("teks"));
        assert!(parse(Format::Csv, b"teks\n\xff\xfe\n", WIB).unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn json_array_and_lines() {
        let rows = parse(
            Format::Json,
            br#"[{"remote_id":"a1","text":"Halo","author_handle":"@a"},{"text":""},{"text":5}]"#,
            WIB,
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].item.as_ref().unwrap().remote_id, "a1");
        assert!(rows[1].item.is_err() && rows[2].item.is_err());
        let rows = parse(
            Format::Json,
            b"{\"text\":\"satu\"}\n\n{broken\n{\"text\":\"dua\",\"written_at\":\"2026-11-28T01:00:00Z\"}\n",
            WIB,
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert!(rows[1].item.is_err());
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn detection() {
        assert_eq!(Format::detect("komentar.csv", b"teks\nhalo"), Format::Csv);
        assert_eq!(Format::detect("x", b"  [{}]"), Format::Json);
        assert_eq!(Format::detect("blog.WordPress.2026-11-28.xml", b""), Format::WordpressExport);
        assert_eq!(Format::detect("ekspor", b"<?xml version=\"1.0\"?><rss>"), Format::WordpressExport);
    }

    #[test]
    fn malformed_xml_is_refused() {
        assert!(
            parse(
                Format::WordpressExport,
                b"<rss><channel><item><wp:comment><wp:comment_id>1</wp:comment_id></item></rss>",
                WIB
            )
            .is_err()
        );
        assert!(parse(Format::WordpressExport, b"<html><body>bukan ekspor</body></html>", WIB).is_err());
    }
}
