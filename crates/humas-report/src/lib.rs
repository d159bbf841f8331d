//! Renders humas's reports: the annual report of an agency (Pasal 16) and
//! the evaluation of all agencies (Pasal 17), as PDF (typst, in-process, no
//! browser), XLSX and CSV, with server-side SVG charts that pages and PDFs
//! share. Pure: data in, bytes out.
//!
//! Kept in its own crate because typst is by far the largest dependency:
//! edits elsewhere do not recompile or relink it.

pub mod chart;
pub mod csv_out;
pub mod dates;
pub mod html;
pub mod pdf;
pub mod xlsx;

use humas_core::region::Letterhead;
use humas_core::report::{AnnualReport, Evaluation};

/// The file formats a report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Xlsx,
    Csv,
    /// A standalone page; the annual report only.
    Html,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pdf" => Some(Self::Pdf),
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            "html" => Some(Self::Html),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
            Self::Html => "html",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Html => "text/html; charset=utf-8",
        }
    }
}

/// The annual report in a format.
pub fn annual_report(r: &AnnualReport, letterhead: &Letterhead, format: Format) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Pdf => pdf::annual_report(r, letterhead),
        Format::Xlsx => xlsx::annual_report(r),
        Format::Csv => csv_out::annual_report(r),
        Format::Html => Ok(html::annual_report(r, letterhead).into_bytes()),
    }
}

/// The evaluation in a format (no HTML: its page is the web view).
pub fn evaluation(e: &Evaluation, letterhead: &Letterhead, format: Format) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Pdf => pdf::evaluation(e, letterhead),
        Format::Xlsx => xlsx::evaluation(e),
        Format::Csv => csv_out::evaluation(e),
        Format::Html => Err(RenderError::Unsupported("html")),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("format {0} is not offered for this document")]
    Unsupported(&'static str),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("CSV: {0}")]
    Csv(String),
}

/// The logo's image type, sniffed from its first bytes (uploads are checked
/// to be PNG or JPEG; anything else is left out rather than failing a file).
pub(crate) fn logo_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("png", "image/png"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("jpg", "image/jpeg"))
    } else {
        None
    }
}

/// A spreadsheet cell that cannot run as a formula: text starting with
/// `=`, `+`, `-`, `@`, tab or carriage return gets a leading apostrophe
/// (OWASP's advice for CSV). XLSX cells are written as strings, never
/// formulas, so they need no mark.
pub fn formula_safe(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}
