//! The demo region: Kabupaten Kotawaringin Barat with its Dinas, agencies,
//! kecamatan, users for every role and official accounts with their decrees.
//! Everything goes through the service layer, as a user's actions would.

use anyhow::Context;
use chrono::{Duration, NaiveDate};
use humas_core::account::{AccountInput, AccountStatus, Platform};
use humas_core::agency::AgencyInput;
use humas_core::decree::{Appointee, DecreeInput};
use humas_core::ids::AgencyId;
use humas_core::region::Region;
use humas_core::service::DecreeUpload;
use humas_core::user::UserInput;
use humas_core::{Humas, Role};

/// (code, name, kind, affairs) — the agencies of `shared/data/pesan/SKEMA.md`.
const AGENCIES: &[(&str, &str, &str, &str)] = &[
    (
        "DISKOMINFO",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "dinas",
        "komunikasi dan informatika, statistik, persandian",
    ),
    ("DISDIK", "Dinas Pendidikan", "dinas", "pendidikan"),
    ("DINKES", "Dinas Kesehatan", "dinas", "kesehatan"),
    ("RSUD", "RSUD Sultan Imanuddin Pangkalan Bun", "rsud", "pelayanan rumah sakit"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", "pekerjaan umum, penataan ruang"),
    (
        "DISPERKIM",
        "Dinas Perumahan dan Kawasan Permukiman",
        "dinas",
        "perumahan, kawasan permukiman, penerangan jalan umum",
    ),
    ("DLH", "Dinas Lingkungan Hidup", "dinas", "lingkungan hidup, persampahan"),
    (
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "dinas",
        "administrasi kependudukan dan pencatatan sipil",
    ),
    ("DISHUB", "Dinas Perhubungan", "dinas", "perhubungan"),
    ("DINSOS", "Dinas Sosial", "dinas", "sosial"),
    ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi", "dinas", "tenaga kerja, transmigrasi"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan", "penanggulangan bencana, kebakaran hutan dan lahan"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "satuan", "ketenteraman dan ketertiban umum, penegakan perda"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", "penanaman modal, perizinan"),
    ("DISDAGKOP", "Dinas Perdagangan, Koperasi dan UKM", "dinas", "perdagangan, koperasi, usaha kecil dan menengah"),
    ("DISTAN", "Dinas Pertanian", "dinas", "pertanian, perkebunan, peternakan, kesehatan hewan"),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata", "dinas", "kebudayaan, pariwisata"),
    ("DISPORA", "Dinas Pemuda dan Olahraga", "dinas", "kepemudaan, olahraga"),
    ("BAPENDA", "Badan Pendapatan Daerah", "badan", "pajak daerah, retribusi daerah"),
    ("PDAM", "Perumda Air Minum Tirta Arut", "bumd", "air minum"),
    (
        "KECAMATAN",
        "Kantor Kecamatan Arut Selatan",
        "kecamatan",
        "pemerintahan umum kecamatan, pelayanan administrasi terpadu",
    ),
];

const DISTRICTS: [&str; 6] =
    ["Arut Selatan", "Arut Utara", "Kotawaringin Lama", "Kumai", "Pangkalan Banteng", "Pangkalan Lada"];

/// Official accounts: (agency, kind, platform, handle, url, display name, audience).
const ACCOUNTS: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "DISKOMINFO",
        "blog",
        "wordpress",
        "diskominfo",
        "https://diskominfo.kotawaringinbaratkab.go.id",
        "Diskominfo Kobar",
        "Warga umum, jurnalis; pembaca berita daerah di desktop dan ponsel",
    ),
    (
        "DISKOMINFO",
        "social_network",
        "facebook",
        "diskominfokobar",
        "https://www.facebook.com/diskominfokobar",
        "Diskominfo Kotawaringin Barat",
        "Warga 25–55 tahun di seluruh kecamatan; pengguna Facebook harian",
    ),
    (
        "DISKOMINFO",
        "media_sharing",
        "instagram",
        "diskominfo_kobar",
        "https://www.instagram.com/diskominfo_kobar",
        "Diskominfo Kobar",
        "Pemuda 17–35 tahun di Pangkalan Bun dan Kumai",
    ),
    (
        "DISKOMINFO",
        "microblog",
        "x",
        "kobarkab",
        "https://x.com/kobarkab",
        "Pemkab Kotawaringin Barat",
        "Jurnalis, tokoh masyarakat, warga perantauan",
    ),
    (
        "DISKOMINFO",
        "media_sharing",
        "youtube",
        "@pemkabkobar",
        "https://www.youtube.com/@pemkabkobar",
        "Pemkab Kobar TV",
        "Warga yang menonton siaran kegiatan daerah",
    ),
    (
        "DISKOMINFO",
        "collaboration",
        "mediawiki",
        "DiskominfoKobar",
        "https://wiki.kotawaringinbaratkab.go.id",
        "Wiki Layanan Publik Kobar",
        "Warga yang mencari prosedur layanan",
    ),
    (
        "DISKOMINFO",
        "forum",
        "forum",
        "forum-warga",
        "https://forum.kotawaringinbaratkab.go.id",
        "Forum Warga Kobar",
        "Warga aktif berdiskusi tentang pelayanan publik",
    ),
    (
        "DISKOMINFO",
        "microblog",
        "mastodon",
        "@kobar@sosial.kotawaringinbaratkab.go.id",
        "https://sosial.kotawaringinbaratkab.go.id/@kobar",
        "Kobar di Fediverse",
        "Pengguna media sosial terbuka",
    ),
    (
        "DPUPR",
        "social_network",
        "facebook",
        "dpuprkobar",
        "https://www.facebook.com/dpuprkobar",
        "DPUPR Kobar",
        "Warga yang melapor jalan, jembatan dan drainase",
    ),
    (
        "DPUPR",
        "media_sharing",
        "instagram",
        "dpupr.kobar",
        "https://www.instagram.com/dpupr.kobar",
        "DPUPR Kobar",
        "Pemuda dan pelaku usaha konstruksi",
    ),
    (
        "DPUPR",
        "media_sharing",
        "tiktok",
        "@dpuprkobar",
        "https://www.tiktok.com/@dpuprkobar",
        "DPUPR Kobar",
        "Remaja dan pemuda 15–30 tahun",
    ),
    (
        "DINKES",
        "social_network",
        "facebook",
        "dinkeskobar",
        "https://www.facebook.com/dinkeskobar",
        "Dinas Kesehatan Kobar",
        "Ibu rumah tangga, kader posyandu",
    ),
    (
        "DINKES",
        "media_sharing",
        "instagram",
        "dinkes_kobar",
        "https://www.instagram.com/dinkes_kobar",
        "Dinkes Kobar",
        "Pemuda dan orang tua muda",
    ),
    (
        "RSUD",
        "media_sharing",
        "instagram",
        "rsud_sultanimanuddin",
        "https://www.instagram.com/rsud_sultanimanuddin",
        "RSUD Sultan Imanuddin",
        "Pasien dan keluarga pasien",
    ),
    (
        "RSUD",
        "social_network",
        "facebook",
        "rsudsultanimanuddin",
        "https://www.facebook.com/rsudsultanimanuddin",
        "RSUD Sultan Imanuddin",
        "Pasien, keluarga pasien, warga kecamatan jauh",
    ),
    (
        "DISDUKCAPIL",
        "media_sharing",
        "instagram",
        "disdukcapil_kobar",
        "https://www.instagram.com/disdukcapil_kobar",
        "Disdukcapil Kobar",
        "Warga 17 tahun ke atas yang mengurus KTP-el dan KK",
    ),
    (
        "DISDUKCAPIL",
        "social_network",
        "facebook",
        "disdukcapilkobar",
        "https://www.facebook.com/disdukcapilkobar",
        "Disdukcapil Kobar",
        "Warga desa yang mengurus dokumen kependudukan",
    ),
    (
        "DISDIK",
        "social_network",
        "facebook",
        "disdikkobar",
        "https://www.facebook.com/disdikkobar",
        "Dinas Pendidikan Kobar",
        "Orang tua murid, guru",
    ),
    (
        "DLH",
        "media_sharing",
        "instagram",
        "dlh_kobar",
        "https://www.instagram.com/dlh_kobar",
        "DLH Kobar",
        "Warga perkotaan, komunitas lingkungan",
    ),
    (
        "DISHUB",
        "microblog",
        "x",
        "dishubkobar",
        "https://twitter.com/dishubkobar",
        "Dishub Kobar",
        "Pengendara dan pengguna angkutan umum",
    ),
    (
        "DINSOS",
        "media_sharing",
        "instagram",
        "dinsos_kobar",
        "https://www.instagram.com/dinsos_kobar",
        "Dinsos Kobar",
        "Penerima bansos dan pendamping PKH",
    ),
    (
        "BPBD",
        "social_network",
        "facebook",
        "bpbdkobar",
        "https://www.facebook.com/bpbdkobar",
        "BPBD Kotawaringin Barat",
        "Warga daerah rawan banjir dan karhutla",
    ),
    (
        "BAPENDA",
        "social_network",
        "facebook",
        "bapendakobar",
        "https://www.facebook.com/bapendakobar",
        "Bapenda Kobar",
        "Wajib pajak PBB-P2 dan BPHTB",
    ),
    (
        "DISBUDPAR",
        "media_sharing",
        "instagram",
        "wisatakobar",
        "https://www.instagram.com/wisatakobar",
        "Wisata Kobar",
        "Wisatawan domestik, pelaku usaha wisata",
    ),
    ("DISPORA", "microblog", "x", "disporakobar", "https://x.com/disporakobar", "Dispora Kobar", "Atlet dan pemuda"),
    (
        "PDAM",
        "social_network",
        "facebook",
        "pdamtirtaarut",
        "https://www.facebook.com/pdamtirtaarut",
        "Perumda Tirta Arut",
        "Pelanggan air minum",
    ),
    (
        "KECAMATAN",
        "social_network",
        "facebook",
        "kecamatanarsel",
        "https://www.facebook.com/kecamatanarsel",
        "Kecamatan Arut Selatan",
        "Warga kelurahan dan desa di Arut Selatan",
    ),
];

/// Which accounts end up in which state, to show every part of the lifecycle.
fn planned_status(agency: &str, platform: &str) -> &'static str {
    match (agency, platform) {
        ("DPUPR", "tiktok") => "requested",
        ("DINSOS", "instagram") => "draft",
        ("DISPORA", "x") => "archived",
        _ => "verified",
    }
}

pub struct DemoLogin {
    pub username: String,
    pub role: Role,
    pub agency: Option<String>,
}

/// Seeds the demo region unless it is already there; returns whether it seeded.
pub async fn seed(humas: &Humas, password: &str) -> anyhow::Result<bool> {
    if humas.store.region().await?.is_some() {
        return Ok(false);
    }
    if !humas.store.agencies().await?.is_empty() {
        anyhow::bail!("an earlier demo set-up was interrupted: delete the data folder and run the demo again");
    }
    let sys = Humas::system_actor();
    for d in DISTRICTS {
        humas.add_district(&sys, d).await?;
    }
    let mut agency_ids = Vec::new();
    for (code, name, kind, affairs) in AGENCIES {
        let a = humas
            .create_agency(
                &sys,
                AgencyInput {
                    code: (*code).into(),
                    name: (*name).into(),
                    kind: (*kind).into(),
                    affairs: vec![(*affairs).into()],
                    is_dinas: *code == "DISKOMINFO",
                },
            )
            .await
            .with_context(|| format!("creating agency {code}"))?;
        agency_ids.push((*code, a.id));
    }
    let agency = |code: &str| agency_ids.iter().find(|(c, _)| *c == code).map(|(_, id)| *id);

    for (username, name, role) in [
        ("admin", "Admin Diskominfo", Role::DinasAdmin),
        ("bupati", "Bupati Kotawaringin Barat", Role::Bupati),
        ("auditor", "Inspektorat (Auditor)", Role::Auditor),
    ] {
        add_user(humas, username, name, role, None, password).await?;
    }
    for (code, id) in &agency_ids {
        let lower = code.to_lowercase();
        add_user(humas, &format!("{lower}.pejabat"), &format!("Pejabat {code}"), Role::Official, Some(*id), password)
            .await?;
        add_user(humas, &format!("{lower}.petugas"), &format!("Petugas {code}"), Role::Operator, Some(*id), password)
            .await?;
    }

    let pdf_for = |code: &str, number: &str| {
        minimal_pdf(&[
            "PEMERINTAH KABUPATEN KOTAWARINGIN BARAT",
            &format!("KEPUTUSAN KEPALA {code}"),
            &format!("NOMOR {number}"),
            "TENTANG PENUNJUKAN AKUN MEDIA SOSIAL RESMI",
            "DAN PENGELOLA MEDIA SOSIAL (DOKUMEN DEMO)",
        ])
    };
    let mut decree_of = Vec::new();
    for (n, (code, id)) in agency_ids.iter().enumerate() {
        // BAPENDA's decree ran out at the end of last year: the flag shows it.
        let (year, until) = if *code == "BAPENDA" { (2024, ymd(2025, 12, 31)) } else { (2026, ymd(2026, 12, 31)) };
        let number = format!("800/{:03}/{}/{year}", 10 + n, code);
        let date = ymd(year, 1, 5 + (n as u32 % 20));
        let decree = humas
            .create_decree(
                &sys,
                DecreeInput {
                    agency_id: *id,
                    number: number.clone(),
                    decree_date: date,
                    signer: format!("Kepala {code}"),
                    title: "Penunjukan Akun Media Sosial Resmi dan Pengelola Media Sosial".into(),
                    valid_from: date,
                    valid_until: Some(until),
                    appointees: vec![
                        Appointee {
                            name: format!("Pejabat {code}"),
                            nip: format!("1975{:02}{:02}200001{:01}001", n % 12 + 1, n % 28 + 1, n % 2 + 1),
                            role: "official".into(),
                        },
                        Appointee { name: format!("Petugas {code}"), nip: String::new(), role: "operator".into() },
                    ],
                },
                Some(DecreeUpload { name: format!("sk-{}.pdf", code.to_lowercase()), bytes: pdf_for(code, &number) }),
            )
            .await
            .with_context(|| format!("creating decree of {code}"))?;
        decree_of.push((*code, decree.id));
    }

    let now = humas.clock.now();
    for (i, (code, kind, platform, handle, url, display, audience)) in ACCOUNTS.iter().enumerate() {
        let agency_id: AgencyId = agency(code).context("demo account of unknown agency")?;
        let decree_id = decree_of.iter().find(|(c, _)| c == code).map(|(_, d)| *d);
        let a = humas
            .create_account(
                &sys,
                AccountInput {
                    agency_id,
                    kind: (*kind).into(),
                    platform: (*platform).into(),
                    handle: (*handle).into(),
                    url: (*url).into(),
                    display_name: (*display).into(),
                    audience: (*audience).into(),
                    decree_id,
                },
            )
            .await
            .with_context(|| format!("creating account {handle}"))?;
        let plan = planned_status(code, platform);
        if plan == "draft" {
            continue;
        }
        // BAPENDA's only decree has expired: its account cannot be submitted
        // and stays a draft, flagged on the dashboards until a new SK is recorded.
        if *code == "BAPENDA" {
            continue;
        }
        humas.request_verification(&sys, a.id).await.with_context(|| format!("requesting {handle}"))?;
        if plan == "requested" {
            continue;
        }
        humas.verify_account(&sys, a.id).await?;
        // Platform activity as the channel sync will record it; Wisata Kobar fell silent.
        let last_seen =
            if *code == "DISBUDPAR" { now - Duration::days(140) } else { now - Duration::hours(3 + i as i64 * 5) };
        humas.store.record_account_activity(a.id, last_seen).await?;
        if plan == "archived" {
            humas.archive_account(&sys, a.id, "Akun lama tidak lagi dikelola; diganti akun Instagram baru.").await?;
        }
    }
    seed_answers(humas, &agency_ids).await.context("seeding the answer library")?;
    seed_items(humas, &agency_ids).await.context("seeding a year of citizens' messages")?;
    seed_channels(humas).await.context("seeding platform connections and audience figures")?;
    seed_posts(humas).await.context("seeding a year of published messages")?;

    // The region profile is written last: its presence marks a complete demo.
    humas
        .update_region(
            &sys,
            Region {
                name: "Kabupaten Kotawaringin Barat".into(),
                province: "Kalimantan Tengah".into(),
                time_zone: "Asia/Pontianak".into(),
                letterhead: "PEMERINTAH KABUPATEN KOTAWARINGIN BARAT\nDINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN\nJl. Sutan Syahrir No. 62, Pangkalan Bun, Kalimantan Tengah".into(),
                logo_blob: None,
                inactivity_days: 90,
            },
        )
        .await?;
    // A stand-in emblem (drawn for the demo, not the regency's arms) on letterheads.
    humas.set_region_logo(&sys, include_bytes!("../assets/logo-demo.png")).await?;
    // Reports read the region's time zone, so they come after its profile.
    seed_reports(humas).await.context("seeding recommendations, reports and the evaluation")?;
    Ok(true)
}

async fn add_user(
    humas: &Humas,
    username: &str,
    name: &str,
    role: Role,
    agency: Option<AgencyId>,
    password: &str,
) -> anyhow::Result<()> {
    humas
        .create_user(
            &Humas::system_actor(),
            UserInput {
                username: username.into(),
                display_name: name.into(),
                email: format!("{username}@kotawaringinbaratkab.go.id"),
                role,
                agency_id: agency,
                password: password.into(),
            },
        )
        .await
        .with_context(|| format!("creating demo user {username}"))?;
    Ok(())
}

/// Sets every user's password to `password` (for `demo --demo-password` on an existing demo).
pub async fn reset_passwords(humas: &Humas, password: &str) -> anyhow::Result<()> {
    let sys = Humas::system_actor();
    for u in humas.users(&sys).await? {
        humas.reset_password(&sys, u.id, password).await?;
    }
    Ok(())
}

/// The logins to print: one of each role, and the pairs of two agencies.
pub fn logins() -> Vec<DemoLogin> {
    let mut v = vec![
        DemoLogin { username: "admin".into(), role: Role::DinasAdmin, agency: None },
        DemoLogin { username: "bupati".into(), role: Role::Bupati, agency: None },
        DemoLogin { username: "auditor".into(), role: Role::Auditor, agency: None },
    ];
    for code in ["DISKOMINFO", "DPUPR"] {
        for (suffix, role) in [("pejabat", Role::Official), ("petugas", Role::Operator)] {
            v.push(DemoLogin {
                username: format!("{}.{suffix}", code.to_lowercase()),
                role,
                agency: Some(code.into()),
            });
        }
    }
    v
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A small but valid one-page PDF with a few lines of text, standing in for a
/// scanned decree.
pub fn minimal_pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 12 Tf 72 770 Td 16 TL\n");
    for l in lines {
        let esc = l.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        text.push_str(&format!("({esc}) Tj T*\n"));
    }
    text.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// Ready answers ("jawaban tersedia"): region-wide and per agency.
const ANSWERS: &[(Option<&str>, &str, &str, &str)] = &[
    (
        None,
        "Jam pelayanan kantor pemerintah daerah",
        "Kantor pelayanan buka Senin–Kamis pukul 07.30–15.30 WIB dan Jumat pukul 07.30–11.00 WIB.",
        "jam layanan,jam kerja,buka",
    ),
    (
        None,
        "Cara menyampaikan pengaduan resmi",
        "Pengaduan dapat disampaikan melalui formulir di situs ini (menu Sampaikan pertanyaan) atau SP4N-LAPOR! di lapor.go.id.",
        "pengaduan,lapor,aduan",
    ),
    (
        Some("DISDUKCAPIL"),
        "Syarat membuat KTP elektronik",
        "Bawa fotokopi Kartu Keluarga dan datang ke kantor Disdukcapil atau kecamatan untuk perekaman; layanan gratis.",
        "ktp,e-ktp,rekam",
    ),
    (
        Some("DISDUKCAPIL"),
        "Cara mengurus akta kelahiran",
        "Siapkan surat keterangan lahir, KK dan KTP orang tua; akta dapat diurus di Disdukcapil tanpa biaya.",
        "akta,kelahiran",
    ),
    (
        Some("PDAM"),
        "Air PDAM mati atau keruh",
        "Mohon maaf atas gangguannya. Laporkan nomor pelanggan dan alamat ke layanan pelanggan Perumda Tirta Arut; petugas akan memeriksa jaringan.",
        "air,pdam,keruh,mati",
    ),
    (
        Some("DPUPR"),
        "Melaporkan jalan rusak atau berlubang",
        "Terima kasih. Sertakan lokasi (nama jalan, kelurahan/desa) dan foto; laporan diteruskan ke bidang Bina Marga untuk dijadwalkan perbaikannya.",
        "jalan,rusak,berlubang,aspal",
    ),
    (
        Some("DINKES"),
        "Jadwal imunisasi anak",
        "Imunisasi dasar lengkap tersedia gratis di puskesmas dan posyandu; jadwal posyandu diumumkan tiap bulan oleh puskesmas setempat.",
        "imunisasi,vaksin,posyandu",
    ),
];

async fn seed_answers(humas: &Humas, agencies: &[(&str, AgencyId)]) -> anyhow::Result<()> {
    let sys = Humas::system_actor();
    for (code, question, answer, tags) in ANSWERS {
        let agency_id = code.and_then(|c| agencies.iter().find(|(x, _)| *x == c).map(|(_, id)| *id));
        let input = humas_core::answers::AnswerInput {
            agency_id,
            question: (*question).into(),
            answer: (*answer).into(),
            tags: vec![(*tags).into()],
            valid_until: None,
        };
        humas.save_answer(&sys, None, input).await?;
    }
    Ok(())
}

/// One labelled message of `data/pesan/dev.jsonl`.
#[derive(serde::Deserialize)]
struct Pesan {
    id: String,
    teks: String,
    jenis: String,
    sentimen: String,
    instansi: String,
    kecamatan: Option<String>,
    platform: String,
}

const PESAN: &str = include_str!("../../../data/pesan/dev.jsonl");

/// A year of citizens' messages on the official accounts, walked through
/// Lampiran B the way operators would: answered, referred and relayed,
/// closed as outside regional authority — and the last days still open.
async fn seed_items(humas: &Humas, agencies: &[(&str, AgencyId)]) -> anyhow::Result<()> {
    use humas_core::clock::ManualClock;
    use humas_core::desk::{InboundItem, ItemKind, ItemSource, Sentiment};
    use humas_core::store::AccountFilter;
    use std::sync::Arc;

    let now = humas.clock.now();
    let clock = Arc::new(ManualClock::new(now));
    let h = Humas { clock: clock.clone(), ..humas.clone() };
    let accounts = humas.store.accounts(&AccountFilter::default()).await?;
    let code_of = |id: AgencyId| agencies.iter().find(|(_, a)| *a == id).map(|(c, _)| *c).unwrap_or("DISKOMINFO");
    let agency = |code: &str| agencies.iter().find(|(c, _)| *c == code).map(|(_, a)| *a);
    let mut operators = std::collections::HashMap::new();
    for (code, _) in agencies {
        let name = format!("{}.petugas", code.to_lowercase());
        if let Some((user, _)) = humas.store.user_credentials(&name).await? {
            operators.insert(*code, user.actor());
        }
    }
    let pesan: Vec<Pesan> =
        PESAN.lines().filter(|l| !l.trim().is_empty()).map(serde_json::from_str).collect::<Result<_, _>>()?;
    let n = pesan.len() as i64;
    for (i, p) in pesan.iter().enumerate() {
        let i = i as i64;
        // The last 60 arrive over the past five days, the rest over the year before.
        let recent = 60;
        let at = if i >= n - recent {
            now - Duration::minutes((n - i) * 120 - (i * 37) % 60)
        } else {
            now - Duration::days(5)
                - Duration::minutes((n - recent - i) * 360 * 24 * 60 / (n - recent))
                - Duration::minutes((i * 37) % 600)
        };
        clock.set(at);
        let platform = if p.platform == "x" { "x".to_string() } else { p.platform.clone() };
        let labelled = agency(&p.instansi);
        let account = accounts
            .iter()
            .find(|a| {
                Some(a.agency_id) == labelled
                    && a.platform.as_str() == platform
                    && a.status == humas_core::account::AccountStatus::Verified
            })
            .or_else(|| {
                accounts.iter().find(|a| a.platform.as_str() == platform && code_of(a.agency_id) == "DISKOMINFO")
            })
            .or_else(|| accounts.iter().find(|a| a.platform.as_str() == platform))
            .context("no demo account for a platform")?;
        let owner = code_of(account.agency_id);
        let op = operators.get(owner).context("operator of the owning agency")?;
        let kind = match p.jenis.as_str() {
            "pertanyaan" => ItemKind::Question,
            "kritik" => ItemKind::Criticism,
            "saran" => ItemKind::Suggestion,
            _ => ItemKind::Comment,
        };
        let sentiment = match p.sentimen.as_str() {
            "positif" => Sentiment::Positive,
            "negatif" => Sentiment::Negative,
            _ => Sentiment::Neutral,
        };
        let inbound = InboundItem {
            account_id: Some(account.id),
            agency_id: None,
            remote_id: Some(p.id.clone()),
            thread_id: None,
            parent_remote_id: None,
            author_handle: format!("@warga{}", (i * 7919) % 4000),
            author_name: String::new(),
            author_contact: String::new(),
            text: p.teks.clone(),
            link: format!("{}/komentar/{}", account.url.trim_end_matches('/'), p.id),
            written_at: Some(at - Duration::minutes(3)),
            // The last days' messages are as the classifier reads them (some
            // marked "perlu ditinjau"); the year before carries its labels.
            kind: (i < n - recent).then_some(kind),
            sentiment: (i < n - recent).then_some(sentiment),
            district: p.kecamatan.clone(),
            topic: String::new(),
        };
        let out = h.ingest(op, vec![inbound], ItemSource::Channel).await?;
        let Some(id) = out.first().and_then(|o| o.id) else { continue };
        let age = now - at;
        let hours = |x: i64| Duration::minutes(x * 60 + (i * 13) % 50);
        let fresh = age < Duration::hours(72);
        // A quarter of the last three days' messages still wait for a first response.
        if fresh && i % 4 == 0 {
            continue;
        }
        if p.instansi == "LUAR" {
            clock.set(at + hours(2 + i % 6));
            h.close_out_of_scope(op, id, "Terima kasih. Hal ini bukan kewenangan Pemerintah Kabupaten Kotawaringin Barat; silakan menghubungi instansi terkait (PLN 123, Polres Kotawaringin Barat, atau kantor Samsat).").await?;
            continue;
        }
        match labelled.filter(|a| *a != account.agency_id && p.instansi != "UMUM") {
            None => {
                clock.set(at + hours(1 + i % 20));
                h.answer_item(op, id, &answer_text(kind, code_of(account.agency_id)), "").await?;
            }
            Some(target) => {
                clock.set(at + hours(1));
                h.refer_item(op, id, target, "Mohon jawaban sesuai kewenangan instansi.").await?;
                let target_op = operators.get(code_of(target)).context("operator of the receiving agency")?;
                // Most referrals are answered within the 24 hours; some late, some still open.
                let answer_after = if i % 9 == 0 { 30 } else { 2 + i % 20 };
                if at + hours(1 + answer_after) > now || (fresh && i % 2 == 1) {
                    continue;
                }
                clock.set(at + hours(1 + answer_after));
                h.answer_referral(target_op, id, &answer_text(kind, code_of(target))).await?;
                if at + hours(3 + answer_after) > now || (fresh && i % 8 != 0) {
                    continue;
                }
                clock.set(at + hours(3 + answer_after));
                h.answer_item(
                    op,
                    id,
                    &format!("Jawaban dari {}: {}", code_of(target), answer_text(kind, code_of(target))),
                    "",
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// Platform connections as a year of use leaves them: the accounts whose
/// platform has an adapter are connected (automatic fetching switched off,
/// since the demo has no internet — an officer switches it on with real
/// credentials), their sync history and the replies humas sent; one token
/// has expired. A year of weekly audience figures for every verified
/// account, from the platform or entered by hand where it gives none.
async fn seed_channels(humas: &Humas) -> anyhow::Result<()> {
    use humas_core::account::AccountStatus;
    use humas_core::channel::{
        ChannelErrorKind, ChannelSetup, Delivered, DeliveryChange, DeliveryStatus, Outbound, SyncRecord,
    };
    use humas_core::desk::{ItemFilter, ItemStatus};
    use humas_core::metrics::{AccountMetric, MetricSource};
    use humas_core::store::AccountFilter;

    let Some(sealer) = humas.sealer.as_ref() else { return Ok(()) };
    let sys = Humas::system_actor();
    let now = humas.clock.now();
    let today = humas.today().await?;
    let accounts = humas
        .store
        .accounts(&AccountFilter { status: Some(AccountStatus::Verified), ..AccountFilter::default() })
        .await?;
    for (n, a) in accounts.iter().enumerate() {
        let caps = humas.capabilities(a);
        let connected = caps.fetch;
        if connected {
            let endpoint = match humas.default_endpoint(a) {
                Some(e) => e.to_string(),
                None => a.url.trim_end_matches('/').to_string(),
            };
            let target = if matches!(a.platform, Platform::Facebook | Platform::Instagram) {
                format!("{}", 100_000_000_000 + n as i64 * 7919)
            } else {
                String::new()
            };
            let setup = ChannelSetup {
                account_id: a.id,
                endpoint,
                username: if a.platform == Platform::Wordpress { "humas".into() } else { String::new() },
                target,
                secret_sealed: sealer
                    .seal(&format!("account_channel:{}", a.id.0), &format!("demo-token-{}", a.handle))?,
                poll_minutes: 5,
                enabled: false,
            };
            let audit = humas_core::audit::AuditContext::new(&sys, "account.connect", now - Duration::days(330));
            humas.store.save_channel(&setup, a.agency_id, &audit).await?;
            let filter =
                ItemFilter { account_id: Some(a.id.0), per_page: Some(1), now: Some(now), ..ItemFilter::default() };
            let items = humas.store.items(&filter).await.map(|p| p.total).unwrap_or(0);
            let ok = SyncRecord {
                at: now - Duration::minutes(4 + n as i64),
                outcome: Ok(("demo".into(), items.min(i64::from(i32::MAX)) as i32)),
                remote: Some(humas_core::channel::RemoteAccount {
                    id: format!("{}", 9000 + n),
                    name: a.display_name.clone(),
                    url: a.url.clone(),
                    followers: None,
                }),
                paused_until: None,
            };
            humas.store.record_sync(a.id, &ok).await?;
            // Wisata Kobar's token expired with the silence of its account.
            if a.handle == "wisatakobar" || (a.platform == Platform::Instagram && n % 5 == 4) {
                let err = SyncRecord {
                    at: now - Duration::minutes(2),
                    outcome: Err((
                        ChannelErrorKind::Auth,
                        "HTTP 400: Error validating access token: Session has expired".into(),
                    )),
                    remote: None,
                    paused_until: None,
                };
                for _ in 0..3 {
                    humas.store.record_sync(a.id, &err).await?;
                }
            }
        }
        // Audience: weekly for a year, daily for the last two weeks.
        let base: i64 = match a.platform {
            Platform::Facebook => 9_000 + (n as i64 * 1_377) % 11_000,
            Platform::Instagram => 3_000 + (n as i64 * 911) % 7_000,
            Platform::X => 1_200 + (n as i64 * 433) % 3_800,
            Platform::Youtube => 800 + (n as i64 * 271) % 2_500,
            Platform::Tiktok => 2_000 + (n as i64 * 653) % 5_000,
            Platform::Mastodon => 300 + (n as i64 * 97) % 900,
            // A blog or wiki has readers, not followers.
            _ => 0,
        };
        let growth = 0.08 + (n % 5) as f64 * 0.05;
        let mut days: Vec<i64> = (0..52).map(|w| w * 7 + 14).collect();
        days.extend(0..14);
        for back in days.into_iter().filter(|_| base > 0) {
            let day = today - Duration::days(back);
            let progress = 1.0 - back as f64 / 378.0;
            let wobble = ((back * 37 + n as i64 * 11) % 23 - 11) as f64;
            let followers = (base as f64 * (1.0 + growth * progress) + wobble * base as f64 / 2000.0).round() as i64;
            let manual = !caps.account_metrics;
            // Without an API figure an officer records one every month.
            if manual && back % 28 != 0 {
                continue;
            }
            let m = AccountMetric {
                account_id: a.id,
                day,
                followers,
                source: if manual { MetricSource::Manual } else { MetricSource::Platform },
                note: if manual { "dari aplikasi platform".into() } else { String::new() },
                recorded_by: None,
                recorded_at: now - Duration::days(back),
            };
            humas.store.save_account_metric(&m, None).await?;
        }
        // The replies humas relayed to citizens on the platform over the last month.
        if connected && caps.reply {
            let filter = ItemFilter {
                account_id: Some(a.id.0),
                status: Some(ItemStatus::Answered.as_str().into()),
                per_page: Some(100),
                now: Some(now),
                ..ItemFilter::default()
            };
            let page = humas.store.items(&filter).await?;
            let recent = page.items.iter().filter(|i| i.answered_at.is_some_and(|t| now - t < Duration::days(30)));
            for (k, item) in recent.take(12).enumerate() {
                let out = Outbound::Reply {
                    key: format!("humas-r{}-demo", item.id),
                    thread_id: item.thread_id.clone(),
                    parent_remote_id: item.remote_id.clone().unwrap_or_default(),
                    author_handle: item.author_handle.clone(),
                    text: item.answer_text.clone(),
                };
                let at = item.answered_at.unwrap_or(now);
                let audit = humas_core::audit::AuditContext::new(&sys, "delivery.create", at);
                let d = humas.store.create_delivery(a.id, a.agency_id, Some(item.id), &out, &audit).await?;
                let failed = k == 0 && n % 4 == 1;
                let change = DeliveryChange {
                    from: vec![DeliveryStatus::Queued],
                    to: if failed { DeliveryStatus::Failed } else { DeliveryStatus::Delivered },
                    at: at + Duration::seconds(40),
                    remote: (!failed).then(|| Delivered {
                        remote_id: format!("{}", 7_000_000 + d.id),
                        url: format!("{}/komentar/{}", a.url.trim_end_matches('/'), 7_000_000 + d.id),
                    }),
                    error: if failed {
                        ChannelErrorKind::Permission.explain().to_string()
                            + " (HTTP 403: izin menulis komentar belum diberikan)"
                    } else {
                        String::new()
                    },
                    next_attempt_at: None,
                    attempt: true,
                };
                humas.store.change_delivery(d.id, &change).await?;
            }
        }
    }
    Ok(())
}

/// Messages the agencies published: (agency, hashtag, category, title, body).
const POSTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "DISKOMINFO",
        "#KobarTerkini",
        "regional_issue",
        "Layanan internet desa",
        "Sebanyak 24 desa kini terhubung internet melalui program desa digital. Cek titik layanan di desa Anda.",
    ),
    (
        "DISKOMINFO",
        "#KobarTerkini",
        "agency_activity",
        "Pelatihan literasi digital",
        "Pelatihan literasi digital untuk perangkat desa digelar di Aula Diskominfo. Pendaftaran lewat kantor kecamatan.",
    ),
    (
        "DISKOMINFO",
        "#KobarTerkini",
        "higher_policy",
        "Kebijakan satu data",
        "Pemerintah pusat menerapkan kebijakan Satu Data Indonesia. Data statistik daerah kini terbuka di portal data Kobar.",
    ),
    (
        "DINKES",
        "#KobarSehat",
        "agency_activity",
        "Posyandu serentak",
        "Posyandu serentak digelar Sabtu ini di seluruh kelurahan. Bawa buku KIA dan kartu imunisasi anak.",
    ),
    (
        "DINKES",
        "#KobarSehat",
        "higher_policy",
        "Imunisasi polio",
        "Pekan Imunisasi Nasional polio untuk anak 0-7 tahun. Gratis di puskesmas dan posyandu terdekat.",
    ),
    (
        "DPUPR",
        "#KobarMembangun",
        "agency_activity",
        "Perbaikan jalan",
        "Perbaikan jalan Pangkalan Bun - Kumai dimulai pekan depan. Mohon pengguna jalan berhati-hati di lokasi pekerjaan.",
    ),
    (
        "DPUPR",
        "#KobarMembangun",
        "regional_issue",
        "Drainase musim hujan",
        "Pembersihan saluran drainase di Kecamatan Arut Selatan menjelang musim hujan. Laporkan genangan lewat kanal resmi.",
    ),
    (
        "DISDIK",
        "#KobarCerdas",
        "higher_policy",
        "PPDB",
        "Pendaftaran peserta didik baru jenjang SD dan SMP dibuka bulan depan. Syarat dan jadwal lengkap di laman Disdik.",
    ),
    (
        "DISBUDPAR",
        "#PesonaKobar",
        "agency_activity",
        "Festival budaya",
        "Festival Budaya Tepian Arut menampilkan tari dan kuliner khas Kotawaringin Barat. Gratis untuk umum.",
    ),
    (
        "DISHUB",
        "#KobarTertib",
        "regional_issue",
        "Pengalihan arus",
        "Pengalihan arus lalu lintas di Jalan Iskandar selama perbaikan jembatan. Gunakan jalur alternatif yang disiapkan.",
    ),
    (
        "DINSOS",
        "#KobarPeduli",
        "higher_policy",
        "Bantuan sosial",
        "Penyaluran bantuan pangan tahap kedua dari pemerintah pusat. Cek nama penerima di kantor desa atau kelurahan.",
    ),
    (
        "BPBD",
        "#KobarSiaga",
        "regional_issue",
        "Waspada banjir",
        "Debit Sungai Arut naik. Warga di bantaran sungai diminta waspada dan mengikuti arahan petugas.",
    ),
];

/// A year of messages on the connected accounts: approved by the agency's
/// Official and delivered (with engagement figures), one returned for
/// revision, and next week's waiting for approval — none queued for real
/// delivery, as the demo has no internet. Three regional campaigns.
async fn seed_posts(humas: &Humas) -> anyhow::Result<()> {
    use humas_core::audit::AuditContext;
    use humas_core::channel::{Delivered, DeliveryChange, DeliveryStatus, Outbound};
    use humas_core::metrics::{MetricSource, PostMetric};
    use humas_core::publishing::{CampaignInput, Category, NewPost, PostDecision, PostStatus, PostTarget, compose};
    use humas_core::store::AccountFilter;

    let sys = Humas::system_actor();
    let now = humas.clock.now();
    let today = humas.today().await?;
    for (name, tag, from, to) in [
        ("HUT Kotawaringin Barat ke-67", "#HUTKobar67", -200, -180),
        ("Kobar Sehat", "#KobarSehat", -60, 60),
        ("Bulan Bakti Gotong Royong", "#KobarGotongRoyong", 10, 40),
    ] {
        let input = CampaignInput {
            name: name.into(),
            hashtag: tag.into(),
            starts_on: today + Duration::days(from),
            ends_on: today + Duration::days(to),
            description: "Kampanye daerah yang dikoordinasikan Diskominfo.".into(),
        };
        humas
            .store
            .create_campaign(&input, &AuditContext::new(&sys, "campaign.create", now - Duration::days(300)))
            .await?;
    }
    let campaigns = humas.store.campaigns().await?;
    let accounts = humas
        .store
        .accounts(&AccountFilter { status: Some(AccountStatus::Verified), ..AccountFilter::default() })
        .await?;
    let agencies = humas.store.agencies().await?;
    for (n, (code, tag, category, title, body)) in POSTS.iter().cycle().take(120).enumerate() {
        let Some(agency) = agencies.iter().find(|a| a.code == *code) else { continue };
        let mut targets = Vec::new();
        for a in accounts.iter().filter(|a| a.agency_id == agency.id) {
            if humas.capabilities(a).publish && humas.store.channel(a.id).await?.is_some() {
                targets.push(a.clone());
            }
        }
        if targets.is_empty() {
            continue;
        }
        let operator = humas.store.user_credentials(&format!("{}.petugas", code.to_lowercase())).await?.map(|(u, _)| u);
        let official = humas.store.user_credentials(&format!("{}.pejabat", code.to_lowercase())).await?.map(|(u, _)| u);
        let (Some(operator), Some(official)) = (operator, official) else { continue };
        // Spread over the past year; the last few are next week's, awaiting approval.
        let upcoming = n >= 116;
        let at = if upcoming {
            now + Duration::days(2 + (n as i64 - 116) * 2) + Duration::hours(1)
        } else {
            now - Duration::days(360 - n as i64 * 3)
        };
        let campaign = campaigns.iter().find(|c| c.hashtag == *tag).map(|c| c.id);
        let new = NewPost {
            agency_id: agency.id,
            campaign_id: campaign,
            title: (*title).into(),
            body: (*body).into(),
            hashtag: (*tag).into(),
            category: Category::parse(category),
            audience: targets.first().map(|a| a.audience.clone()).unwrap_or_default(),
            link: String::new(),
            scheduled_at: Some(at),
            targets: targets.iter().map(|a| PostTarget { account_id: a.id, variant: String::new() }).collect(),
            item_ids: vec![],
        };
        let made = at - Duration::days(2);
        let op_actor = operator.actor();
        let post =
            humas.store.create_post(&new, operator.id, &AuditContext::new(&op_actor, "post.create", made)).await?;
        let submit = PostDecision {
            from: PostStatus::Draft,
            to: PostStatus::Submitted,
            version: post.version,
            by: operator.id,
            note: String::new(),
            override_reason: String::new(),
        };
        let (post, _) = humas
            .store
            .decide_post(post.id, &submit, &[], &AuditContext::new(&op_actor, "post.submit", made + Duration::hours(1)))
            .await?;
        if upcoming {
            continue;
        }
        let off_actor = official.actor();
        let decided = made + Duration::hours(5);
        if n % 17 == 5 {
            let reject = PostDecision {
                from: PostStatus::Submitted,
                to: PostStatus::Rejected,
                version: post.version,
                by: official.id,
                note: "Mohon cantumkan jadwal dan lokasi yang lebih jelas.".into(),
                override_reason: String::new(),
            };
            humas
                .store
                .decide_post(post.id, &reject, &[], &AuditContext::new(&off_actor, "post.reject", decided))
                .await?;
            continue;
        }
        let text = compose(tag, body, "");
        let outbound: Vec<(humas_core::ids::AccountId, Outbound)> = targets
            .iter()
            .map(|a| {
                (
                    a.id,
                    Outbound::Post {
                        key: format!("humas-p{}-a{}-demo", post.id, a.id.0),
                        title: (*title).into(),
                        text: text.clone(),
                        link: String::new(),
                        media: vec![],
                    },
                )
            })
            .collect();
        let approve = PostDecision {
            from: PostStatus::Submitted,
            to: PostStatus::Approved,
            version: post.version,
            by: official.id,
            note: String::new(),
            override_reason: String::new(),
        };
        let (_, deliveries) = humas
            .store
            .decide_post(post.id, &approve, &outbound, &AuditContext::new(&off_actor, "post.approve", decided))
            .await?;
        for d in deliveries {
            let account = targets.iter().find(|a| a.id == d.account_id);
            let base = account.map(|a| a.url.trim_end_matches('/').to_string()).unwrap_or_default();
            let change = DeliveryChange {
                from: vec![DeliveryStatus::Queued],
                to: DeliveryStatus::Delivered,
                at: at + Duration::seconds(20),
                remote: Some(Delivered {
                    remote_id: format!("{}", 8_000_000 + d.id),
                    url: format!("{base}/posts/{}", 8_000_000 + d.id),
                }),
                error: String::new(),
                next_attempt_at: None,
                attempt: true,
            };
            humas.store.change_delivery(d.id, &change).await?;
            // Engagement a day and a week after publishing.
            for (days, scale) in [(1i64, 1i64), (7, 3)] {
                // The demo region is on WIB (UTC+7); its profile is written last.
                let day = (at + Duration::days(days) + Duration::hours(7)).date_naive();
                if day > today {
                    continue;
                }
                let seed = (d.id * 7919 + n as i64 * 31) % 97;
                let m = PostMetric {
                    delivery_id: d.id,
                    day,
                    shares: Some((seed % 13 + 1) * scale),
                    comments: Some((seed % 7) * scale),
                    likes: Some((seed + 10) * scale * 2),
                    views: Some((seed + 50) * scale * 20),
                    source: MetricSource::Platform,
                    recorded_at: at + Duration::days(days),
                };
                humas.store.save_post_metric(&m).await?;
            }
        }
    }
    Ok(())
}

fn answer_text(kind: humas_core::desk::ItemKind, agency: &str) -> String {
    use humas_core::desk::ItemKind::*;
    match kind {
        Question => format!(
            "Terima kasih atas pertanyaannya. Informasi lengkap dapat diperoleh di kantor {agency} pada jam kerja; petugas kami siap membantu."
        ),
        Criticism => format!(
            "Terima kasih atas masukannya. Keluhan ini sudah diteruskan ke bidang terkait di {agency} dan akan ditindaklanjuti."
        ),
        Suggestion => {
            format!("Terima kasih atas sarannya. Usulan ini dicatat {agency} sebagai bahan perbaikan layanan.")
        }
        Comment => "Terima kasih atas tanggapannya.".to_string(),
    }
}

/// Recommendations drawn from citizens' messages, this year's reports at every
/// stage (drafts, submitted, received, read), the deadline, and one adjusted
/// score with a target for next year.
async fn seed_reports(humas: &Humas) -> anyhow::Result<()> {
    use chrono::Datelike;
    use humas_core::desk::ItemFilter;
    use humas_core::report::{Narratives, RecStatus, RecommendationChange, RecommendationInput, ReportStatus};

    let year = humas.today().await?.year();
    let actor_of =
        |name: String| async move { humas.store.user_credentials(&name).await.ok().flatten().map(|(u, _)| u.actor()) };
    let admin = actor_of("admin".into()).await.context("demo admin")?;
    let bupati = actor_of("bupati".into()).await.context("demo bupati")?;
    humas.set_report_deadline(&admin, year, chrono::NaiveDate::from_ymd_opt(year + 1, 1, 31).context("date")?).await?;
    let agencies = humas.store.agencies().await?;
    let recs = [
        ("DPUPR", "Jalan rusak", "Perbaikan jalan berlubang di jalur sekolah", RecStatus::InProgress),
        ("DINKES", "Antrean puskesmas", "Pendaftaran daring untuk puskesmas", RecStatus::Accepted),
        ("DISDUKCAPIL", "KTP elektronik", "Layanan jemput bola KTP-el di kecamatan jauh", RecStatus::Done),
        ("DLH", "Sampah", "Tambah jadwal angkut sampah pasar", RecStatus::Proposed),
        ("DISHUB", "Lampu jalan", "Data lampu jalan mati dari laporan warga", RecStatus::Rejected),
    ];
    for (code, topic, title, status) in recs {
        let Some(a) = agencies.iter().find(|a| a.code == code) else { continue };
        let Some(official) = actor_of(format!("{}.pejabat", code.to_lowercase())).await else { continue };
        let items = humas
            .store
            .items(&ItemFilter { agency_id: Some(a.id.0), ..ItemFilter::default() })
            .await?
            .items
            .into_iter()
            .take(3)
            .map(|i| i.id)
            .collect();
        let r = humas
            .create_recommendation(
                &official,
                RecommendationInput {
                    agency_id: a.id,
                    title: title.into(),
                    body: "Disusun dari analisis pesan warga triwulan ini.".into(),
                    topic: topic.into(),
                    due_on: Some(chrono::NaiveDate::from_ymd_opt(year, 12, 31).context("date")?),
                    item_ids: items,
                },
            )
            .await?;
        let post = humas
            .store
            .posts(&humas_core::publishing::PostFilter { agency_id: Some(a.id.0), ..Default::default() })
            .await?
            .into_iter()
            .next()
            .map(|p| p.id);
        let path: &[RecStatus] = match status {
            RecStatus::Accepted => &[RecStatus::Accepted],
            RecStatus::InProgress => &[RecStatus::Accepted, RecStatus::InProgress],
            RecStatus::Done => &[RecStatus::Accepted, RecStatus::Done],
            RecStatus::Rejected => &[RecStatus::Rejected],
            _ => &[],
        };
        let mut version = r.version;
        for st in path {
            let note = if *st == RecStatus::Rejected { "Sudah ditangani PLN; di luar kewenangan daerah." } else { "" };
            let post_id = if *st == RecStatus::Done { post } else { None };
            version = humas
                .change_recommendation(
                    &official,
                    r.id,
                    RecommendationChange { status: *st, note: note.into(), post_id, version },
                )
                .await?
                .version;
        }
    }
    for (i, a) in agencies.iter().enumerate() {
        let Some(official) = actor_of(format!("{}.pejabat", a.code.to_lowercase())).await else { continue };
        if i % 5 == 4 {
            continue; // not started yet
        }
        let n = Narratives {
            overview: format!(
                "{} mengelola akun resmi media sosial sesuai Peraturan Bupati Kotawaringin Barat Nomor 20 Tahun 2017. \
                 Pesan disusun petugas, diperiksa dan disetujui pejabat, lalu diterbitkan dengan tagar daerah.\n\n\
                 Pertanyaan dan keluhan warga dijawab paling lambat 1×24 jam; yang bukan kewenangan kami dirujuk.",
                a.name
            ),
            obstacles: "Petugas merangkap tugas lain; sinyal lemah di kecamatan pedalaman.".into(),
            plan: "Menambah satu petugas cadangan dan jadwal unggah mingguan.".into(),
            costs: String::new(),
        };
        let rec = humas.save_report_narratives(&official, a.id, year, n, 0).await?;
        if i % 5 == 3 {
            continue; // draft
        }
        humas.submit_report(&official, a.id, year, rec.version).await?;
        if i % 5 >= 1 {
            humas.move_report(&admin, a.id, year, ReportStatus::Received).await?;
        }
        if i % 5 == 2 {
            humas.move_report(&bupati, a.id, year, ReportStatus::Read).await?;
        }
    }
    // This week's flood after the spring tide: a hot issue the daily check tells the Dinas about.
    let account = humas
        .store
        .accounts(&humas_core::store::AccountFilter { status: Some(AccountStatus::Verified), ..Default::default() })
        .await?
        .into_iter()
        .next()
        .context("a verified demo account")?;
    let now = humas.clock.now();
    let flood = [
        "Banjir rob masuk rumah warga di Kumai Hulu, air setinggi lutut",
        "banjir rob lagi pak, jalan ke pelabuhan tidak bisa dilewati",
        "Tolong bantu warga terdampak banjir rob di Candi, anak-anak tidak bisa sekolah",
        "Banjir rob sudah 3 hari, kapan pompa air dikirim?",
        "Banjir rob makin tinggi malam ini, mohon petugas BPBD datang",
        "Sumur warga tercemar air asin akibat banjir rob",
        "banjir rob merendam pasar Kumai, pedagang rugi",
        "Posko banjir rob di mana ya min? Kami butuh bantuan makanan",
        "Drainase tidak berfungsi, banjir rob tidak surut",
        "Banjir rob di Sungai Bedaun, warga mengungsi ke masjid",
        "Kapan tanggul penahan banjir rob dibangun? Tiap tahun begini",
        "Listrik padam karena banjir rob, tolong dicek",
    ];
    let items: Vec<humas_core::desk::InboundItem> = flood
        .iter()
        .enumerate()
        .map(|(i, text)| humas_core::desk::InboundItem {
            account_id: Some(account.id),
            agency_id: None,
            remote_id: Some(format!("demo-rob-{i}")),
            thread_id: None,
            parent_remote_id: None,
            author_handle: format!("@warga_kumai{i}"),
            author_name: String::new(),
            author_contact: String::new(),
            text: (*text).into(),
            link: String::new(),
            written_at: Some(now - Duration::hours(80 - i as i64 * 6)),
            kind: None,
            sentiment: None,
            district: Some("Kumai".into()),
            topic: String::new(),
        })
        .collect();
    humas.ingest(&Humas::system_actor(), items, humas_core::desk::ItemSource::Channel).await?;
    humas.check_hot_issues().await?;
    if let Some(a) = agencies.iter().find(|a| a.code == "DINKES") {
        humas
            .adjust_score(
                &admin,
                year,
                a.id,
                "activity",
                Some(85.0),
                "Kegiatan posyandu disiarkan lewat radio daerah, tidak tercatat di akun.",
            )
            .await?;
        humas.set_target(&admin, year + 1, a.id, "responsiveness", Some(90.0), "Naikkan ketepatan tanggapan.").await?;
    }
    Ok(())
}
