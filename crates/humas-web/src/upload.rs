//! Reading the decree form (multipart: fields plus the scanned file), shared by
//! the page and the API.

use axum::extract::Multipart;
use humas_core::decree::{Appointee, DecreeInput};
use humas_core::ids::AgencyId;
use humas_core::service::DecreeUpload;
use humas_core::{Error, Result};
use std::collections::HashMap;

pub struct DecreeForm {
    pub input: DecreeInput,
    pub upload: Option<DecreeUpload>,
    pub csrf: String,
}

fn date(fields: &HashMap<String, String>, name: &'static str, required: bool) -> Result<Option<chrono::NaiveDate>> {
    match fields.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Error::invalid(name, "Tanggal tidak valid (format TTTT-BB-HH).")),
        None if required => Err(Error::invalid(name, "Tanggal wajib diisi.")),
        None => Ok(None),
    }
}

/// Appointees as lines `Nama; NIP; pejabat|petugas` (the form) or a JSON list (the API).
fn appointees(raw: &str) -> Result<Vec<Appointee>> {
    let raw = raw.trim();
    if raw.starts_with('[') {
        return serde_json::from_str(raw)
            .map_err(|_| Error::invalid("appointees", "Daftar pejabat/petugas tidak valid."));
    }
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.split(';').map(str::trim).collect();
            let role = match parts.get(2).map(|r| r.to_lowercase()) {
                Some(r) if r == "pejabat" || r == "official" => "official",
                _ => "operator",
            };
            Ok(Appointee {
                name: parts.first().copied().unwrap_or("").to_string(),
                nip: parts.get(1).copied().unwrap_or("").to_string(),
                role: role.to_string(),
            })
        })
        .collect()
}

pub async fn read_decree_form(mut mp: Multipart, max_bytes: usize) -> Result<DecreeForm> {
    let mut fields = HashMap::new();
    let mut upload = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return Err(if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    Error::invalid(
                        "file",
                        format!("Berkas SK terlalu besar (maksimal {} MB).", max_bytes / (1024 * 1024)),
                    )
                } else {
                    Error::invalid("form", "Isian formulir rusak.")
                });
            }
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("sk").to_string();
            let bytes = field.bytes().await.map_err(|_| {
                Error::invalid("file", format!("Berkas SK terlalu besar (maksimal {} MB).", max_bytes / (1024 * 1024)))
            })?;
            if bytes.len() > max_bytes {
                return Err(Error::invalid(
                    "file",
                    format!("Berkas SK terlalu besar (maksimal {} MB).", max_bytes / (1024 * 1024)),
                ));
            }
            if !bytes.is_empty() {
                upload = Some(DecreeUpload { name: file_name, bytes: bytes.to_vec() });
            }
        } else {
            let text = field.text().await.map_err(|_| Error::invalid("form", "Isian formulir rusak."))?;
            if text.len() > 64 * 1024 {
                return Err(Error::invalid("form", "Isian formulir terlalu panjang."));
            }
            fields.insert(name, text);
        }
    }
    let agency_id = fields
        .get("agency_id")
        .and_then(|s| s.trim().parse::<i64>().ok())
        .ok_or_else(|| Error::invalid("agency_id", "Instansi wajib dipilih."))?;
    let decree_date =
        date(&fields, "decree_date", true)?.ok_or_else(|| Error::invalid("decree_date", "Tanggal SK wajib diisi."))?;
    let input = DecreeInput {
        agency_id: AgencyId(agency_id),
        number: fields.get("number").cloned().unwrap_or_default(),
        decree_date,
        signer: fields.get("signer").cloned().unwrap_or_default(),
        title: fields.get("title").cloned().unwrap_or_default(),
        valid_from: date(&fields, "valid_from", false)?.unwrap_or(decree_date),
        valid_until: date(&fields, "valid_until", false)?,
        appointees: appointees(fields.get("appointees").map(String::as_str).unwrap_or(""))?,
    };
    Ok(DecreeForm { input, upload, csrf: fields.remove("csrf").unwrap_or_default() })
}

/// An image posted for a message, with the version of the message it was added to.
pub struct ImageForm {
    pub bytes: Vec<u8>,
    pub name: String,
    pub alt: String,
    pub version: i32,
    pub csrf: String,
}

pub async fn read_image_form(mut mp: Multipart, max_bytes: usize) -> Result<ImageForm> {
    let too_big =
        || Error::invalid("file", format!("Gambar terlalu besar (maksimal {} MB).", max_bytes / (1024 * 1024)));
    let mut form =
        ImageForm { bytes: Vec::new(), name: String::new(), alt: String::new(), version: 0, csrf: String::new() };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => return Err(too_big()),
            Err(_) => return Err(Error::invalid("form", "Isian formulir rusak.")),
        };
        match field.name().unwrap_or("") {
            "file" => {
                form.name = field.file_name().unwrap_or("gambar").to_string();
                let b = field.bytes().await.map_err(|_| too_big())?;
                if b.len() > max_bytes {
                    return Err(too_big());
                }
                form.bytes = b.to_vec();
            }
            other => {
                let other = other.to_string();
                let value = field.text().await.map_err(|_| Error::invalid("form", "Isian formulir rusak."))?;
                match other.as_str() {
                    "alt" => form.alt = value,
                    "csrf" => form.csrf = value,
                    "version" => {
                        form.version =
                            value.trim().parse().map_err(|_| Error::invalid("version", "Versi pesan tidak valid."))?
                    }
                    _ => {}
                }
            }
        }
    }
    if form.bytes.is_empty() {
        return Err(Error::invalid("file", "Pilih berkas gambar."));
    }
    Ok(form)
}

/// An image sent back as a download that the browser may show inline; never sniffed as HTML.
pub fn image_response(content_type: &str, bytes: Vec<u8>) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (axum::http::header::CACHE_CONTROL, "private, max-age=3600".to_string()),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appointee_lines_are_parsed() {
        let a = appointees("Budi Santoso; 198001012005011001; pejabat\nSiti; ; petugas\n\n").expect("valid");
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].role, "official");
        assert_eq!(a[1].role, "operator");
        assert_eq!(a[1].nip, "");
    }
}
