//! Dates and numbers the way Indonesian offices write them ("27 November 2026",
//! "1.946"); Fluent does not format these.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A month's name (1–12) in the page's language.
pub fn month_name(month: u32, en: bool) -> &'static str {
    let names = if en { &MONTHS_EN } else { &humas_report::dates::MONTHS };
    names[(month.clamp(1, 12) - 1) as usize]
}

pub fn date(d: NaiveDate, en: bool) -> String {
    let months = if en { &MONTHS_EN } else { &humas_report::dates::MONTHS };
    format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
}

/// A moment shown in the region's zone, with its WIB/WITA/WIT label.
pub fn datetime(t: DateTime<Utc>, tz: chrono_tz::Tz, en: bool) -> String {
    let local = t.with_timezone(&tz);
    let label = humas_core::region::zone_label(tz.name());
    let label = if label.is_empty() { tz.name() } else { label };
    format!("{} {} {}", date(local.date_naive(), en), local.format("%H:%M"), label)
}

pub fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_dates_and_numbers() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        assert_eq!(date(d, false), "27 November 2026");
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 8, 1).expect("date"), false), "1 Agustus 2026");
        assert_eq!(number(1946), "1.946");
        assert_eq!(number(1_000_000), "1.000.000");
        assert_eq!(number(-12), "-12");
        let t = DateTime::parse_from_rfc3339("2026-11-27T17:30:00Z").expect("time").with_timezone(&Utc);
        assert_eq!(datetime(t, chrono_tz::Asia::Pontianak, false), "28 November 2026 00:30 WIB");
    }
}
