//! Indonesian dates for documents: "31 Desember 2026".

use chrono::{Datelike, NaiveDate};

pub const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

pub fn long(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// `2026-03` → "Mar 2026"; anything else unchanged.
pub fn month_short(ym: &str) -> String {
    let mut parts = ym.splitn(2, '-');
    match (parts.next(), parts.next().and_then(|m| m.parse::<usize>().ok())) {
        (Some(y), Some(m)) if (1..=12).contains(&m) => format!("{} {y}", &MONTHS[m - 1][..3]),
        _ => ym.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_dates() {
        assert_eq!(long(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()), "31 Desember 2026");
        assert_eq!(month_short("2026-08"), "Agu 2026");
        assert_eq!(month_short("x"), "x");
    }
}
