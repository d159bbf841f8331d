//! Decrees (SK, Keputusan Kepala Instansi) that designate an agency's official
//! accounts and the Official and Operators responsible for them (Pasal 10(1)).

use crate::ids::{AgencyId, DecreeId};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A person the decree appoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Appointee {
    pub name: String,
    /// NIP (civil-servant number), optional.
    #[serde(default)]
    pub nip: String,
    /// `official` (Pejabat) or `operator` (Petugas).
    pub role: String,
}

/// The scanned decree, stored as a blob.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DecreeFile {
    pub blob_key: String,
    pub content_type: String,
    pub size: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decree {
    pub id: DecreeId,
    pub agency_id: AgencyId,
    pub number: String,
    pub decree_date: NaiveDate,
    pub signer: String,
    pub title: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub appointees: Vec<Appointee>,
    pub file: Option<DecreeFile>,
    pub created_at: DateTime<Utc>,
}

impl Decree {
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.valid_until.is_some_and(|u| u < today)
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct DecreeInput {
    pub agency_id: AgencyId,
    pub number: String,
    pub decree_date: NaiveDate,
    pub signer: String,
    pub title: String,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    #[serde(default)]
    pub appointees: Vec<Appointee>,
}

impl DecreeInput {
    pub fn validate(mut self) -> Result<Self> {
        self.number = self.number.trim().to_string();
        self.signer = self.signer.trim().to_string();
        self.title = self.title.trim().to_string();
        if self.number.is_empty() || self.number.chars().count() > 120 {
            return Err(Error::invalid("number", "Nomor SK wajib diisi (maksimal 120 karakter)."));
        }
        if self.signer.is_empty() || self.signer.chars().count() > 200 {
            return Err(Error::invalid("signer", "Penanda tangan SK wajib diisi."));
        }
        if self.title.is_empty() || self.title.chars().count() > 500 {
            return Err(Error::invalid("title", "Perihal (tentang) SK wajib diisi."));
        }
        if let Some(until) = self.valid_until
            && until < self.valid_from
        {
            return Err(Error::invalid(
                "valid_until",
                "Tanggal akhir berlaku tidak boleh sebelum tanggal mulai berlaku.",
            ));
        }
        if self.valid_from < self.decree_date - chrono::Duration::days(366) {
            return Err(Error::invalid("valid_from", "Tanggal mulai berlaku terlalu jauh sebelum tanggal SK."));
        }
        if self.appointees.len() > 100 {
            return Err(Error::invalid("appointees", "Terlalu banyak nama dalam SK (maksimal 100)."));
        }
        for a in &mut self.appointees {
            a.name = a.name.trim().to_string();
            a.nip = a.nip.chars().filter(|c| !c.is_whitespace()).collect();
            if a.name.is_empty() || a.name.chars().count() > 200 {
                return Err(Error::invalid("appointees", "Nama pejabat/petugas dalam SK wajib diisi."));
            }
            if !a.nip.is_empty() && (a.nip.len() != 18 || !a.nip.chars().all(|c| c.is_ascii_digit())) {
                return Err(Error::invalid("appointees", format!("NIP {} harus 18 angka.", a.nip)));
            }
            if !matches!(a.role.as_str(), "official" | "operator") {
                return Err(Error::invalid("appointees", "Peran dalam SK harus Pejabat atau Petugas."));
            }
        }
        Ok(self)
    }
}

/// The largest decree scan accepted by default.
pub const MAX_DECREE_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The content type of a decree scan, decided by its bytes and not by its name:
/// a renamed executable is refused even if called `sk.pdf`.
pub fn sniff_decree_file(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> DecreeInput {
        DecreeInput {
            agency_id: AgencyId(1),
            number: " 800/12/DKIS/2026 ".into(),
            decree_date: NaiveDate::from_ymd_opt(2026, 1, 5).expect("date"),
            signer: "Kepala Dinas".into(),
            title: "Penunjukan akun resmi".into(),
            valid_from: NaiveDate::from_ymd_opt(2026, 1, 5).expect("date"),
            valid_until: NaiveDate::from_ymd_opt(2026, 12, 31),
            appointees: vec![],
        }
    }

    #[test]
    fn reversed_validity_is_refused() {
        let mut d = input();
        d.valid_until = NaiveDate::from_ymd_opt(2025, 12, 31);
        assert!(matches!(d.validate(), Err(Error::Invalid { field: "valid_until", .. })));
        assert_eq!(input().validate().expect("valid").number, "800/12/DKIS/2026");
    }

    #[test]
    fn files_are_recognised_by_content() {
        assert_eq!(sniff_decree_file(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff_decree_file(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff_decree_file(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff_decree_file(b"MZ\x90\x00 pretending to be a pdf"), None);
        assert_eq!(sniff_decree_file(b"<html><script>alert(1)</script>"), None);
    }

    #[test]
    fn appointee_nip_must_be_eighteen_digits() {
        let mut d = input();
        d.appointees = vec![Appointee { name: "Budi".into(), nip: "1234".into(), role: "operator".into() }];
        assert!(d.validate().is_err());
    }
}
