//! Agencies (Instansi): the tenant unit; everything an agency owns is scoped to it.

use crate::ids::AgencyId;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    Dinas,
    Badan,
    Sekretariat,
    Inspektorat,
    Satuan,
    Upt,
    Kecamatan,
    Kelurahan,
    Rsud,
    Bumd,
    Lembaga,
    Lainnya,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 12] = [
        Self::Dinas,
        Self::Badan,
        Self::Sekretariat,
        Self::Inspektorat,
        Self::Satuan,
        Self::Upt,
        Self::Kecamatan,
        Self::Kelurahan,
        Self::Rsud,
        Self::Bumd,
        Self::Lembaga,
        Self::Lainnya,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dinas => "dinas",
            Self::Badan => "badan",
            Self::Sekretariat => "sekretariat",
            Self::Inspektorat => "inspektorat",
            Self::Satuan => "satuan",
            Self::Upt => "upt",
            Self::Kecamatan => "kecamatan",
            Self::Kelurahan => "kelurahan",
            Self::Rsud => "rsud",
            Self::Bumd => "bumd",
            Self::Lembaga => "lembaga",
            Self::Lainnya => "lainnya",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Dinas => "Dinas",
            Self::Badan => "Badan",
            Self::Sekretariat => "Sekretariat",
            Self::Inspektorat => "Inspektorat",
            Self::Satuan => "Satuan",
            Self::Upt => "UPT",
            Self::Kecamatan => "Kecamatan",
            Self::Kelurahan => "Kelurahan/Desa",
            Self::Rsud => "RSUD",
            Self::Bumd => "BUMD",
            Self::Lembaga => "Lembaga non-struktural",
            Self::Lainnya => "Lainnya",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| Error::invalid("kind", format!("Jenis instansi tidak dikenal: {}", s.trim())))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Agency {
    pub id: AgencyId,
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
    /// Government affairs (urusan) the agency is responsible for.
    pub affairs: Vec<String>,
    /// The communications office (Diskominfo), which runs the region-wide duties.
    pub is_dinas: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a form or the API sends to create or change an agency.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AgencyInput {
    pub code: String,
    pub name: String,
    pub kind: String,
    /// One affair per entry; a single comma- or newline-separated string also works in forms.
    #[serde(default)]
    pub affairs: Vec<String>,
    #[serde(default)]
    pub is_dinas: bool,
}

/// An agency input that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAgency {
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
    pub affairs: Vec<String>,
    pub is_dinas: bool,
}

impl AgencyInput {
    pub fn parse(self) -> Result<ValidAgency> {
        let code = self.code.trim().to_uppercase();
        if code.len() < 2 || code.len() > 24 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(Error::invalid(
                "code",
                "Kode instansi 2–24 karakter: huruf, angka, garis bawah atau tanda hubung (contoh: DPUPR).",
            ));
        }
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(Error::invalid("name", "Nama instansi wajib diisi (maksimal 200 karakter)."));
        }
        let kind = AgencyKind::parse(&self.kind)?;
        let mut affairs: Vec<String> = self
            .affairs
            .iter()
            .flat_map(|a| a.split([',', '\n']))
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        affairs.dedup();
        if affairs.len() > 50 || affairs.iter().any(|a| a.chars().count() > 120) {
            return Err(Error::invalid("affairs", "Urusan terlalu banyak atau terlalu panjang."));
        }
        Ok(ValidAgency { code, name, kind, affairs, is_dinas: self.is_dinas })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(code: &str) -> AgencyInput {
        AgencyInput {
            code: code.into(),
            name: "Dinas Pekerjaan Umum".into(),
            kind: "dinas".into(),
            affairs: vec!["jalan, jembatan".into(), "drainase".into()],
            is_dinas: false,
        }
    }

    #[test]
    fn codes_are_uppercased_and_affairs_split() {
        let a = input(" dpupr ").parse().expect("valid");
        assert_eq!(a.code, "DPUPR");
        assert_eq!(a.affairs, vec!["jalan", "jembatan", "drainase"]);
    }

    #[test]
    fn hostile_codes_are_refused() {
        for bad in ["", "D", "DP UPR", "<script>", "a'; DROP TABLE agencies;--"] {
            assert!(input(bad).parse().is_err(), "{bad:?} should be refused");
        }
    }
}
