//! The region a deployment serves: one kabupaten/kota or province.

use crate::ids::DistrictId;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// What documents print at their top: the letterhead's lines (the region's
/// name when none were written) and the logo's bytes, if one was uploaded.
#[derive(Debug, Clone, Default)]
pub struct Letterhead {
    pub lines: Vec<String>,
    /// PNG or JPEG, checked when uploaded.
    pub logo: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Region {
    pub name: String,
    pub province: String,
    /// An IANA zone, e.g. `Asia/Pontianak` (WIB) for Kotawaringin Barat.
    pub time_zone: String,
    /// Lines printed at the top of letters and reports.
    pub letterhead: String,
    /// Blob key of the logo image, if one was uploaded.
    pub logo_blob: Option<String>,
    /// After this many days without activity an account is flagged.
    pub inactivity_days: i32,
}

impl Region {
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Asia::Jakarta)
    }

    /// Trims and checks a region profile coming from a form or the API.
    pub fn validated(mut self) -> Result<Self> {
        self.name = self.name.trim().to_string();
        self.province = self.province.trim().to_string();
        self.time_zone = self.time_zone.trim().to_string();
        if self.name.is_empty() || self.name.chars().count() > 120 {
            return Err(Error::invalid("name", "Nama daerah wajib diisi (maksimal 120 karakter)."));
        }
        if self.province.chars().count() > 120 {
            return Err(Error::invalid("province", "Nama provinsi terlalu panjang."));
        }
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(Error::invalid(
                "time_zone",
                "Zona waktu tidak dikenal. Contoh: Asia/Jakarta (WIB), Asia/Pontianak (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT).",
            ));
        }
        if self.letterhead.len() > 2000 {
            return Err(Error::invalid("letterhead", "Teks kop surat terlalu panjang (maksimal 2000 karakter)."));
        }
        if !(1..=3650).contains(&self.inactivity_days) {
            return Err(Error::invalid("inactivity_days", "Batas hari tanpa aktivitas harus antara 1 dan 3650."));
        }
        Ok(self)
    }

    /// WIB/WITA/WIT, the way Indonesians name their zones.
    pub fn zone_label(&self) -> &'static str {
        zone_label(&self.time_zone)
    }
}

pub fn zone_label(tz: &str) -> &'static str {
    match tz {
        "Asia/Jakarta" | "Asia/Pontianak" => "WIB",
        "Asia/Makassar" => "WITA",
        "Asia/Jayapura" => "WIT",
        _ => "",
    }
}

/// A kecamatan of the region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct District {
    pub id: DistrictId,
    pub name: String,
}

pub fn parse_district_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(Error::invalid("name", "Nama kecamatan wajib diisi (maksimal 80 karakter)."));
    }
    Ok(name.to_string())
}
