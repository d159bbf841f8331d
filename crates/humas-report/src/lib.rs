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

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("CSV: {0}")]
    Csv(String),
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
