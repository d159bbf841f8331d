//! Configuration in layers: built-in defaults → `humas.toml` → `HUMAS_*`
//! environment variables → command-line flags.

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Folder for the SQLite database and uploaded files.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; default: a SQLite file in the data folder.
    pub database_url: Option<Secret>,
    /// Address to listen on.
    pub bind: String,
    /// Mark cookies Secure (turn on behind HTTPS).
    pub secure_cookies: bool,
    /// Largest accepted upload, in megabytes.
    pub max_upload_mb: usize,
    /// Hours a login lasts.
    pub session_hours: i64,
    /// Log filter, e.g. `info` or `humas=debug,tower_http=info`.
    pub log: String,
    /// Notification e-mail through an SMTP relay; absent: in-app notifications only.
    pub smtp: Option<SmtpConfig>,
    /// Key (32 bytes, base64) that seals platform credentials at rest; absent:
    /// `secret.key` in the data folder, created on first use.
    pub secret_key: Option<Secret>,
    /// Seconds to wait for a platform's answer.
    pub platform_timeout_secs: u64,
    /// Seconds a background job may run before another worker takes it over.
    pub job_lease_secs: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    /// Sender, e.g. `humas <humas@kotawaringinbaratkab.go.id>`.
    pub from: String,
    pub username: Option<String>,
    pub password: Option<Secret>,
}

fn default_smtp_port() -> u16 {
    25
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("humas-data"),
            database_url: None,
            bind: "127.0.0.1:8080".into(),
            secure_cookies: false,
            max_upload_mb: 10,
            session_hours: 12,
            log: "info".into(),
            smtp: None,
            secret_key: None,
            platform_timeout_secs: 20,
            job_lease_secs: 600,
        }
    }
}

/// A value that must not appear in logs: `Debug` shows only that it is set.
#[derive(Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Flags that override the files and the environment.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Overrides {
    /// Folder for the SQLite database and uploaded files [default: humas-data]
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://USER:PASS@HOST/DB
    #[arg(long, global = true)]
    pub database_url: Option<String>,
    /// Configuration file [default: humas.toml if present]
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
}

const KNOWN_ENV: [&str; 10] = [
    "DATA_DIR",
    "DATABASE_URL",
    "BIND",
    "SECURE_COOKIES",
    "MAX_UPLOAD_MB",
    "SESSION_HOURS",
    "LOG",
    "SECRET_KEY",
    "PLATFORM_TIMEOUT_SECS",
    "JOB_LEASE_SECS",
];

/// Read by the program itself, not configuration: fault injection for the
/// crash test (docs/testing.md).
const FAULT_ENV: &str = "FAULT_EXIT_AFTER_SEND";

impl Config {
    pub fn load(o: &Overrides, bind: Option<&str>) -> anyhow::Result<Self> {
        let file = o.config.clone().unwrap_or_else(|| PathBuf::from("humas.toml"));
        if o.config.is_some() && !file.exists() {
            anyhow::bail!("configuration file {} not found", file.display());
        }
        for (k, _) in std::env::vars() {
            if let Some(name) = k.strip_prefix("HUMAS_")
                && !KNOWN_ENV.contains(&name)
                && name != FAULT_ENV
                && !name.starts_with("TEST_")
            {
                eprintln!("warning: unknown environment variable {k} is ignored");
            }
        }
        let mut fig = Figment::from(Serialized::defaults(Config::default())).merge(Toml::file(&file)).merge(
            Env::prefixed("HUMAS_")
                .split("__")
                .filter(|k| KNOWN_ENV.iter().any(|n| k.as_str().eq_ignore_ascii_case(n))),
        );
        if let Some(d) = &o.data_dir {
            fig = fig.merge(("data_dir", d));
        }
        if let Some(u) = &o.database_url {
            fig = fig.merge(("database_url", u));
        }
        if let Some(b) = bind {
            fig = fig.merge(("bind", b));
        }
        fig.extract().with_context(|| format!("reading configuration ({})", file.display()))
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(Secret(u)) => u.clone(),
            None => format!("sqlite://{}", self.data_dir.join("humas.db").display()),
        }
    }

    pub fn blob_dir(&self) -> PathBuf {
        self.data_dir.join("files")
    }

    pub fn ensure_data_dir(&self) -> anyhow::Result<()> {
        ensure_dir(&self.data_dir)
    }

    /// The key that seals platform credentials: configured, or the data
    /// folder's `secret.key` (created once, readable by the owner only).
    /// Several processes on one PostgreSQL database must share one key.
    pub fn secret_key(&self) -> anyhow::Result<String> {
        if let Some(Secret(k)) = &self.secret_key {
            return Ok(k.clone());
        }
        let path = self.data_dir.join("secret.key");
        if let Ok(k) = std::fs::read_to_string(&path) {
            return Ok(k.trim().to_string());
        }
        self.ensure_data_dir()?;
        let key = humas_core::secret::Sealer::generate_key()?;
        // Written whole under a private name, then linked into place: a
        // process that loses the race reads a complete key, never a half-written one.
        let tmp =
            self.data_dir.join(format!(".secret.key.{}.{}", std::process::id(), &key[..8].replace(['/', '+'], "_")));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        std::io::Write::write_all(&mut f, key.as_bytes()).with_context(|| format!("writing {}", tmp.display()))?;
        f.sync_all()?;
        drop(f);
        let linked = std::fs::hard_link(&tmp, &path);
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok(key),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Ok(std::fs::read_to_string(&path)?.trim().to_string())
            }
            Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
        }
    }
}

fn ensure_dir(p: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(p).with_context(|| format!("creating the data folder {}", p.display()))
}

/// `humas config example`: the commented template.
pub const EXAMPLE: &str = r#"# humas.toml — configuration of humas. Every key is optional.
# Each key can also be set as an environment variable HUMAS_<KEY> (e.g. HUMAS_BIND),
# and --data-dir / --database-url / --bind on the command line win over both.

# Folder for the SQLite database and uploaded files (decree scans).
data_dir = "humas-data"

# Database. Default: a SQLite file in data_dir. For large deployments:
# database_url = "postgres://humas:PASSWORD@127.0.0.1/humas"

# Address to listen on. Put a reverse proxy with HTTPS in front for the internet.
bind = "127.0.0.1:8080"

# Mark cookies Secure; turn on when served over HTTPS.
secure_cookies = false

# Largest accepted upload (decree scans), in megabytes.
max_upload_mb = 10

# Hours a login lasts.
session_hours = 12

# Log filter (tracing EnvFilter syntax).
log = "info"

# Key that seals the platform credentials (tokens, application passwords) in the
# database: 32 random bytes in base64 (`head -c32 /dev/urandom | base64`).
# Default: the file secret.key in data_dir, created on first start. Processes that
# share one PostgreSQL database must share this key. Losing it means re-entering
# every account's credentials.
# secret_key = "..."

# Seconds to wait for a platform's answer before trying again later.
platform_timeout_secs = 20

# Seconds a background job (a poll, a delivery) may run before another worker
# presumes its process dead and takes it over.
job_lease_secs = 600

# Notification e-mails (warnings and escalations of the service clocks) through an
# SMTP relay on the office network. Without this section, notifications are in-app only.
# [smtp]
# host = "127.0.0.1"
# port = 25
# from = "humas <humas@kotawaringinbaratkab.go.id>"
# username = "humas"
# password = "..."
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses_to_the_defaults() {
        let c: Config = Figment::from(Toml::string(EXAMPLE)).extract().expect("example parses");
        let d = Config::default();
        assert_eq!(c.bind, d.bind);
        assert_eq!(c.data_dir, d.data_dir);
        assert_eq!(c.max_upload_mb, d.max_upload_mb);
    }

    #[test]
    fn secrets_do_not_show_in_debug_output() {
        let c = Config {
            database_url: Some(Secret("postgres://u:geheim@h/db".into())),
            secret_key: Some(Secret("kunci-rahasia".into())),
            ..Config::default()
        };
        assert!(!format!("{c:?}").contains("geheim"));
        assert!(!format!("{c:?}").contains("kunci-rahasia"));
    }

    #[test]
    fn the_key_file_is_created_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("humas-key-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let c = Config { data_dir: dir.clone(), ..Config::default() };
        let k1 = c.secret_key().expect("created");
        assert_eq!(c.secret_key().expect("read"), k1);
        humas_core::secret::Sealer::from_base64(&k1).expect("a valid key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("secret.key")).expect("file").permissions().mode();
            assert_eq!(mode & 0o077, 0, "owner only");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
