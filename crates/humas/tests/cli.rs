//! The command line as an administrator uses it: users, tokens, the audit check.

use std::process::{Command, Output};

fn humas(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_humas"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("HUMAS_DATABASE_URL")
        .env("HUMAS_LOG", "warn")
        .output()
        .expect("run humas")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn users_are_added_listed_given_tokens_and_disabled() {
    let dir = fresh_dir("users");
    assert!(humas(&dir, &["migrate"]).status.success());
    let add = humas(&dir, &["user", "add", "kominfo", "--name", "Admin Kominfo", "--role", "dinas_admin"]);
    assert!(add.status.success(), "{}", String::from_utf8_lossy(&add.stderr));
    assert!(stdout(&add).contains("password: "), "a generated password is printed once");
    let bad = humas(&dir, &["user", "add", "x1", "--name", "X", "--role", "raja", "--password", "kata-sandi-panjang"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Peran tidak dikenal"));
    let token = humas(&dir, &["user", "token", "kominfo"]);
    assert!(token.status.success());
    let t = stdout(&token).trim().to_string();
    assert_eq!(t.len(), 64);
    assert!(t.chars().all(|c| c.is_ascii_hexdigit()));
    let list = stdout(&humas(&dir, &["user", "list"]));
    assert!(list.contains("kominfo") && list.contains("dinas_admin"));
    assert!(humas(&dir, &["user", "disable", "kominfo"]).status.success());
    assert!(stdout(&humas(&dir, &["user", "list"])).contains("(disabled)"));
    let missing = humas(&dir, &["user", "token", "tidakada"]);
    assert!(!missing.status.success());
}

#[test]
fn audit_verify_passes_on_an_intact_log_and_names_the_first_altered_or_deleted_row() {
    let dir = fresh_dir("audit");
    for name in ["satu", "dua", "tiga"] {
        let o = humas(
            &dir,
            &["user", "add", name, "--name", name, "--role", "auditor", "--password", "kata-sandi-panjang"],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let ok = humas(&dir, &["audit", "verify"]);
    assert!(ok.status.success());
    assert!(stdout(&ok).contains("3 rows verified"), "{}", stdout(&ok));

    let url = format!("sqlite://{}", dir.join("humas.db").display());
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = humas_store::SqlStore::connect(&url).await.expect("connect");
        store.tamper_audit_row(2, Some("{\"username\":\"palsu\"}")).await.expect("tamper");
    });
    let broken = humas(&dir, &["audit", "verify"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(stdout(&broken).contains("row 2"), "{}", stdout(&broken));

    let dir2 = fresh_dir("audit-deleted");
    for name in ["satu", "dua", "tiga"] {
        assert!(
            humas(
                &dir2,
                &["user", "add", name, "--name", name, "--role", "auditor", "--password", "kata-sandi-panjang"]
            )
            .status
            .success()
        );
    }
    let url2 = format!("sqlite://{}", dir2.join("humas.db").display());
    rt.block_on(async {
        let store = humas_store::SqlStore::connect(&url2).await.expect("connect");
        store.tamper_audit_row(2, None).await.expect("delete");
    });
    let broken = humas(&dir2, &["audit", "verify"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(stdout(&broken).contains("row 2"), "{}", stdout(&broken));
}

#[test]
fn config_example_and_openapi_are_printed() {
    let dir = fresh_dir("config");
    let ex = stdout(&humas(&dir, &["config", "example"]));
    assert!(ex.contains("database_url") && ex.contains("bind = \"127.0.0.1:8080\""));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&humas(&dir, &["openapi"]))).expect("openapi json");
    assert!(doc["paths"].as_object().is_some_and(|p| p.len() > 15));
}

#[test]
fn a_wrong_database_url_is_a_clear_error_without_the_password() {
    let dir = fresh_dir("url");
    let o = Command::new(env!("CARGO_BIN_EXE_humas"))
        .args(["--database-url", "mysql://root:geheim@127.0.0.1/x", "migrate"])
        .arg("--data-dir")
        .arg(&dir)
        .output()
        .expect("run");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("sqlite: or postgres://"), "{err}");
    assert!(!err.contains("geheim"), "{err}");
}

#[test]
fn text_eval_prints_the_scores_and_ends_with_the_four_lines() {
    let dir = fresh_dir("text");
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/pesan/dev.jsonl");
    let o = humas(&dir, &["text", "eval", file]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("== kind") && out.contains("confusion"), "{out}");
    let last: Vec<&str> = out.lines().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    // On its own training file the model may score 1.000; the format is a score with three decimals.
    for (line, prefix) in last.iter().zip(["kind macro-F1: ", "sentiment macro-F1: ", "agency macro-F1: "]) {
        let score = line.strip_prefix(prefix).unwrap_or_else(|| panic!("{line:?} should start with {prefix:?}"));
        assert!(score.len() == 5 && score.as_bytes()[1] == b'.', "{line:?}");
        assert!(score.parse::<f64>().is_ok_and(|s| (0.0..=1.0).contains(&s)), "{line:?}");
    }
    assert!(last[3].starts_with("throughput: "), "{:?}", last[3]);
    assert!(last[3].ends_with(" messages/s"));
    let bad = humas(&dir, &["text", "eval", "/no/such/file.jsonl"]);
    assert!(!bad.status.success());
}

fn agency_input(code: &str) -> humas_core::agency::AgencyInput {
    humas_core::agency::AgencyInput {
        code: code.into(),
        name: format!("Dinas {code}"),
        kind: "dinas".into(),
        affairs: vec![],
        is_dinas: false,
    }
}

/// `humas text retrain` learns from an officer's correction: a message the
/// shipped model routes elsewhere is routed as corrected afterwards.
#[tokio::test]
async fn retrain_learns_from_corrections() {
    use humas_core::Humas;
    let dir = fresh_dir("retrain");
    let config = humas::config::Config { data_dir: dir.clone(), ..humas::config::Config::default() };
    {
        let (h, _) = humas::open(&config).await.expect("open");
        let sys = Humas::system_actor();
        let a = h.create_agency(&sys, agency_input("DISKOMINFO")).await.expect("agency").id;
        let b = h.create_agency(&sys, agency_input("DISPERKIMTAN")).await.expect("agency").id;
        let text = "kuburan desa penuh, mohon tanah makam baru di Sungai Bedaun";
        let item = humas_core::desk::InboundItem {
            agency_id: Some(a),
            author_handle: "@warga".into(),
            text: text.into(),
            ..Default::default()
        };
        let out = h.ingest(&sys, vec![item], humas_core::desk::ItemSource::Manual).await.expect("ingest");
        let id = out[0].id.expect("stored");
        for _ in 0..3 {
            h.correct_item(&sys, id, Some(b)).await.expect("correct");
        }
    }
    let o = humas(&dir, &["text", "retrain"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("+ 3 corrections"), "{out}");
    assert!(out.contains("shipped model 0/3, retrained 3/3"), "the corrected agency is learnt: {out}");
}

#[tokio::test]
async fn report_and_evaluate_write_files() {
    use humas_core::Humas;
    let dir = fresh_dir("report");
    let config = humas::config::Config { data_dir: dir.clone(), ..humas::config::Config::default() };
    {
        let (h, _) = humas::open(&config).await.expect("open");
        let sys = Humas::system_actor();
        h.update_region(
            &sys,
            humas_core::region::Region {
                name: "Kabupaten Uji".into(),
                province: "Kalimantan Tengah".into(),
                time_zone: "Asia/Pontianak".into(),
                letterhead: "PEMERINTAH KABUPATEN UJI".into(),
                logo_blob: None,
                inactivity_days: 90,
            },
        )
        .await
        .expect("region");
        let dpupr = humas_core::agency::AgencyInput { name: "Dinas Pekerjaan Umum".into(), ..agency_input("DPUPR") };
        let a = h.create_agency(&sys, dpupr).await.expect("agency").id;
        let items = (0..4)
            .map(|i| humas_core::desk::InboundItem {
                agency_id: Some(a),
                author_handle: "@warga".into(),
                text: format!("Jalan rusak di gang {i}"),
                ..Default::default()
            })
            .collect();
        h.ingest(&sys, items, humas_core::desk::ItemSource::Manual).await.expect("ingest");
    }
    let year = chrono::Datelike::year(&chrono::Utc::now()).to_string();
    let pdf = dir.join("laporan.pdf");
    let o = humas(
        &dir,
        &["report", "--agency", "dpupr", "--year", &year, "--format", "pdf", "--out", pdf.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&pdf).expect("pdf written");
    assert!(bytes.starts_with(b"%PDF"));
    if let Ok(out) = Command::new("pdftotext").arg(&pdf).arg("-").output() {
        let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
        for h in humas_core::report::HEADINGS {
            assert!(text.contains(h), "{h} in {text}");
        }
        assert!(text.contains("PEMERINTAH KABUPATEN UJI") && text.contains("Dinas Pekerjaan Umum"), "{text}");
    }
    for (format, magic) in [("xlsx", "PK"), ("csv", "bagian,label,nilai"), ("html", "<!doctype html>")] {
        let out = dir.join(format!("laporan.{format}"));
        let o = humas(
            &dir,
            &["report", "--agency", "DPUPR", "--year", &year, "--format", format, "--out", out.to_str().unwrap()],
        );
        assert!(o.status.success(), "{format}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(std::fs::read(&out).expect("written").starts_with(magic.as_bytes()), "{format}");
    }
    let csv = std::fs::read_to_string(dir.join("laporan.csv")).expect("csv");
    assert!(csv.contains("ringkasan,pesan warga,4"), "{csv}");
    let bad = humas(&dir, &["report", "--agency", "DPUPR", "--year", &year, "--format", "doc", "--out", "x.doc"]);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("pdf, xlsx, csv or html"));
    let missing = humas(&dir, &["report", "--agency", "TIDAKADA", "--year", &year, "--out", "x.pdf"]);
    assert!(!missing.status.success() && String::from_utf8_lossy(&missing.stderr).contains("TIDAKADA"));
    let ev = dir.join("evaluasi.xlsx");
    let o = humas(&dir, &["evaluate", "--year", &year, "--format", "xlsx", "--out", ev.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&ev).expect("written").starts_with(b"PK"));
}
