//! `TestApp`: the real server on port 0 with a fresh database per test, and a
//! small region: agencies A (DPUPR) and B (DINKES) with a user of every role.

use humas::config::{Config, Secret};
use humas_core::account::{Account, AccountInput};
use humas_core::agency::AgencyInput;
use humas_core::decree::{Decree, DecreeInput};
use humas_core::ids::AgencyId;
use humas_core::region::Region;
use humas_core::service::DecreeUpload;
use humas_core::user::{User, UserInput};
use humas_core::{Humas, Role};
use reqwest::StatusCode;
use serde_json::Value;

pub const PASSWORD: &str = "kata-sandi-uji-1";

pub struct TestApp {
    pub base: String,
    pub humas: Humas,
    pub agency_a: AgencyId,
    pub agency_b: AgencyId,
    /// Bearer tokens by username.
    tokens: std::collections::HashMap<String, String>,
    pub users: Vec<User>,
}

/// The usernames of the fixture, one per role and agency.
pub const ROLES: [&str; 7] = ["admin", "bupati", "auditor", "a.pejabat", "a.petugas", "b.pejabat", "b.petugas"];

impl TestApp {
    pub async fn spawn() -> Self {
        let engine = std::env::var("HUMAS_TEST_ENGINE").unwrap_or_else(|_| "sqlite".into());
        Self::spawn_on(&engine).await
    }

    pub async fn spawn_on(engine: &str) -> Self {
        Self::spawn_with(engine, |_| {}).await
    }

    /// A server whose configuration the test adjusts first (e.g. SMTP).
    pub async fn spawn_with(engine: &str, adjust: impl FnOnce(&mut Config)) -> Self {
        humas_store::testing::announce_engines();
        let dir =
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("http").join(format!("{}", std::process::id()));
        let url = humas_store::testing::fresh_url(engine, &dir).await;
        let mut config = Config {
            data_dir: dir.clone(),
            database_url: Some(Secret(url)),
            bind: "127.0.0.1:0".into(),
            max_upload_mb: 1,
            ..Config::default()
        };
        adjust(&mut config);
        let (humas, _) = humas::open(&config).await.expect("open");
        let (tx, rx) = tokio::sync::oneshot::channel();
        let served = humas.clone();
        tokio::spawn(async move {
            let _ = humas::bind_and_serve(served, &config, move |addr| {
                let _ = tx.send(addr);
            })
            .await;
        });
        let addr = rx.await.expect("server started");
        let mut app = TestApp {
            base: format!("http://{addr}"),
            humas,
            agency_a: AgencyId(0),
            agency_b: AgencyId(0),
            tokens: Default::default(),
            users: vec![],
        };
        app.seed().await;
        app
    }

    async fn seed(&mut self) {
        let sys = Humas::system_actor();
        let h = &self.humas;
        h.update_region(
            &sys,
            Region {
                name: "Kabupaten Uji".into(),
                province: "Kalimantan Tengah".into(),
                time_zone: "Asia/Pontianak".into(),
                letterhead: String::new(),
                logo_blob: None,
                inactivity_days: 90,
            },
        )
        .await
        .expect("region");
        let mk = |code: &str| AgencyInput {
            code: code.into(),
            name: format!("Instansi {code}"),
            kind: "dinas".into(),
            affairs: vec![],
            is_dinas: false,
        };
        self.agency_a = h.create_agency(&sys, mk("DPUPR")).await.expect("A").id;
        self.agency_b = h.create_agency(&sys, mk("DINKES")).await.expect("B").id;
        for name in ROLES {
            let (role, agency) = match name {
                "admin" => (Role::DinasAdmin, None),
                "bupati" => (Role::Bupati, None),
                "auditor" => (Role::Auditor, None),
                "a.pejabat" => (Role::Official, Some(self.agency_a)),
                "a.petugas" => (Role::Operator, Some(self.agency_a)),
                "b.pejabat" => (Role::Official, Some(self.agency_b)),
                _ => (Role::Operator, Some(self.agency_b)),
            };
            let user = h
                .create_user(
                    &sys,
                    UserInput {
                        username: name.into(),
                        display_name: format!("Pengguna {name}"),
                        email: String::new(),
                        role,
                        agency_id: agency,
                        password: PASSWORD.into(),
                    },
                )
                .await
                .expect("user");
            self.users.push(user);
            self.tokens.insert(name.into(), h.issue_api_token(name).await.expect("token"));
        }
    }

    pub fn user(&self, name: &str) -> &User {
        self.users.iter().find(|u| u.username == name).expect("fixture user")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request with the user's Bearer token (`None`: anonymous).
    pub fn api(&self, method: reqwest::Method, path: &str, user: Option<&str>) -> reqwest::RequestBuilder {
        let rb = reqwest::Client::new().request(method, self.url(path));
        match user {
            Some(u) => rb.bearer_auth(&self.tokens[u]),
            None => rb,
        }
    }

    pub async fn get_json(&self, path: &str, user: &str) -> (StatusCode, Value) {
        let r = self.api(reqwest::Method::GET, path, Some(user)).send().await.expect("request");
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_json(&self, path: &str, user: Option<&str>, body: Value) -> (StatusCode, Value) {
        let r = self.api(reqwest::Method::POST, path, user).json(&body).send().await.expect("request");
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn put_json(&self, path: &str, user: Option<&str>, body: Value) -> (StatusCode, Value) {
        let r = self.api(reqwest::Method::PUT, path, user).json(&body).send().await.expect("request");
        let s = r.status();
        (s, r.json().await.unwrap_or(Value::Null))
    }

    /// The number of audit rows: every change appends one, so an unchanged
    /// count proves that a refused request wrote nothing.
    pub async fn audit_len(&self) -> i64 {
        self.humas.store.audit_head().await.expect("head").0
    }

    /// The number of stored citizens' items (ingest writes no audit row).
    pub async fn item_count(&self) -> i64 {
        self.humas.inbox(&Humas::system_actor(), Default::default()).await.expect("inbox").total
    }

    pub async fn decree(&self, agency: AgencyId, number: &str) -> Decree {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
        self.humas
            .create_decree(
                &Humas::system_actor(),
                DecreeInput {
                    agency_id: agency,
                    number: number.into(),
                    decree_date: d,
                    signer: "Kepala".into(),
                    title: "Penunjukan akun".into(),
                    valid_from: d,
                    valid_until: None,
                    appointees: vec![],
                },
                Some(DecreeUpload { name: "sk.pdf".into(), bytes: humas::demo::minimal_pdf(&["SK UJI"]) }),
            )
            .await
            .expect("decree")
    }

    pub async fn account(&self, agency: AgencyId, handle: &str, decree: Option<&Decree>) -> Account {
        self.humas
            .create_account(
                &Humas::system_actor(),
                AccountInput {
                    agency_id: agency,
                    kind: "social_network".into(),
                    platform: "facebook".into(),
                    handle: handle.into(),
                    url: format!("https://facebook.com/{handle}"),
                    display_name: String::new(),
                    audience: String::new(),
                    decree_id: decree.map(|d| d.id),
                },
            )
            .await
            .expect("account")
    }

    /// A verified account of `agency` on a platform with an adapter (Mastodon
    /// unless `platform` says otherwise), at `url`.
    pub async fn verified_account(&self, agency: AgencyId, handle: &str, platform: &str, url: &str) -> Account {
        let sys = Humas::system_actor();
        let d = self.decree(agency, &format!("SK/V/{handle}")).await;
        let kind = if platform == "wordpress" { "blog" } else { "microblog" };
        let a = self
            .humas
            .create_account(
                &sys,
                AccountInput {
                    agency_id: agency,
                    kind: kind.into(),
                    platform: platform.into(),
                    handle: handle.into(),
                    url: url.into(),
                    display_name: String::new(),
                    audience: String::new(),
                    decree_id: Some(d.id),
                },
            )
            .await
            .expect("account");
        self.humas.request_verification(&sys, a.id).await.expect("request");
        self.humas.verify_account(&sys, a.id).await.expect("verify")
    }

    /// A stored citizen's item on a fresh account of `agency`; returns its id.
    pub async fn item(&self, agency: AgencyId, remote: &str, text: &str) -> i64 {
        let account = self.account(agency, &format!("acc_{remote}"), None).await;
        let out = self
            .humas
            .ingest(
                &Humas::system_actor(),
                vec![humas_core::desk::InboundItem {
                    account_id: Some(account.id),
                    remote_id: Some(remote.into()),
                    author_handle: "@warga".into(),
                    author_name: "Warga Uji".into(),
                    text: text.into(),
                    ..Default::default()
                }],
                humas_core::desk::ItemSource::Channel,
            )
            .await
            .expect("ingest");
        out[0].id.expect("stored")
    }

    /// Adds a user of a third agency C (code DISHUB) and returns its username.
    pub async fn third_agency_operator(&mut self) -> String {
        let sys = Humas::system_actor();
        let c = self
            .humas
            .create_agency(
                &sys,
                AgencyInput {
                    code: "DISHUB".into(),
                    name: "Instansi DISHUB".into(),
                    kind: "dinas".into(),
                    affairs: vec![],
                    is_dinas: false,
                },
            )
            .await
            .expect("agency C");
        let user = self
            .humas
            .create_user(
                &sys,
                UserInput {
                    username: "c.petugas".into(),
                    display_name: "Petugas C".into(),
                    email: String::new(),
                    role: Role::Operator,
                    agency_id: Some(c.id),
                    password: PASSWORD.into(),
                },
            )
            .await
            .expect("user C");
        self.tokens.insert("c.petugas".into(), self.humas.issue_api_token("c.petugas").await.expect("token"));
        self.users.push(user);
        "c.petugas".into()
    }

    /// A browser-like client logged in through the login form, and its CSRF token.
    pub async fn browser(&self, user: &str) -> (reqwest::Client, String) {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let r = client
            .post(self.url("/masuk"))
            .form(&[("username", user), ("password", PASSWORD)])
            .send()
            .await
            .expect("login");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login of {user}");
        let page = client.get(self.url("/dasbor")).send().await.expect("dashboard").text().await.expect("body");
        (client, csrf_of(&page))
    }
}

/// The CSRF token embedded in a page's forms.
pub fn csrf_of(page: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).map(|i| i + marker.len()).expect("page has a form with a csrf token");
    page[start..].split('"').next().unwrap_or("").to_string()
}
