//! The `humas` program: command line, configuration, start-up and the demo.
//! `main.rs` only parses arguments and calls [`run`].

pub mod bench;
pub mod cli;
pub mod config;
pub mod demo;
pub mod mail;
pub mod reports;

use anyhow::Context;
use humas_core::Humas;
use humas_core::clock::SystemClock;
use humas_core::service::Settings;
use humas_store::{LocalBlobs, SqlStore};
use std::sync::Arc;

pub use cli::run;

/// Opens the database (migrating it) and builds the service from a configuration.
pub async fn open(config: &config::Config) -> anyhow::Result<(Humas, SqlStore)> {
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        config.ensure_data_dir()?;
    }
    let store = SqlStore::open(&url)
        .await
        .with_context(|| format!("opening the database {}", humas_store::redact_url(&url)))?;
    let settings = Settings {
        max_upload_bytes: config.max_upload_mb * 1024 * 1024,
        session_hours: config.session_hours,
        job_lease_secs: config.job_lease_secs,
        exit_after_send: std::env::var_os("HUMAS_FAULT_EXIT_AFTER_SEND").is_some(),
        ..Settings::default()
    };
    let mut humas = Humas::new(
        Arc::new(store.clone()),
        Arc::new(LocalBlobs::new(config.blob_dir())),
        Arc::new(SystemClock),
        settings,
    );
    let sealer = humas_core::secret::Sealer::from_base64(&config.secret_key()?).context("secret_key")?;
    let http = humas_channels::HttpConfig {
        timeout: std::time::Duration::from_secs(config.platform_timeout_secs.clamp(1, 300)),
        ..humas_channels::HttpConfig::default()
    };
    humas = humas.with_channels(Arc::new(humas_channels::Channels::new(&http)), sealer);
    // Officers' corrections of the proposed agency retrain the classifier at start.
    let corrections = humas_core::store::Store::training_examples(&store).await.context("reading the corrections")?;
    if !corrections.is_empty() {
        let model = humas_text::classify::Model::train(&humas_core::rules::with_corrections(&corrections));
        humas = humas.with_classifier(Arc::new(humas_core::rules::TrainedClassifier(Arc::new(model))));
        tracing::info!(corrections = corrections.len(), "classifier retrained with officers' corrections");
    }
    if let Some(smtp) = &config.smtp {
        humas = humas.with_mailer(Arc::new(mail::SmtpMailer::new(smtp).context("configuring SMTP")?));
    }
    Ok((humas, store))
}

/// Binds first, then serves: the caller learns the real address (port 0 in tests).
pub async fn bind_and_serve(
    humas: Humas,
    config: &config::Config,
    on_ready: impl FnOnce(std::net::SocketAddr),
) -> anyhow::Result<()> {
    let listener =
        tokio::net::TcpListener::bind(&config.bind).await.with_context(|| format!("binding {}", config.bind))?;
    let addr = listener.local_addr()?;
    humas.ensure_recurring_jobs().await.context("queueing the recurring jobs")?;
    tokio::spawn(run_jobs(humas.clone()));
    on_ready(addr);
    let state = humas_web::AppState { humas, secure_cookies: config.secure_cookies };
    humas_web::serve(listener, state).await.context("serving")?;
    Ok(())
}

/// The background worker: runs due jobs one after another, resting when the
/// queue is empty. Several processes may run it on one PostgreSQL database.
async fn run_jobs(humas: Humas) {
    loop {
        match humas.run_next_job().await {
            Ok(true) => {}
            Ok(false) => tokio::time::sleep(std::time::Duration::from_secs(2)).await,
            Err(e) => {
                tracing::error!(error = %e, "job queue");
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            }
        }
    }
}
