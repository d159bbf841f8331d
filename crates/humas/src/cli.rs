//! The command line: `humas demo|serve|migrate|user|config|audit|openapi`.

use crate::config::{Config, EXAMPLE, Overrides};
use crate::demo;
use anyhow::Context;
use clap::{Parser, Subcommand};
use humas_core::user::UserInput;
use humas_core::{Humas, Role};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "humas",
    version,
    about = "humas — official social media of a regional government, run the way its regulation requires"
)]
struct Cli {
    #[command(flatten)]
    overrides: Overrides,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run with the demo region (Kabupaten Kotawaringin Barat), creating it on first start.
    Demo {
        /// Address to listen on [default: 127.0.0.1:8080]
        #[arg(long)]
        bind: Option<String>,
        /// Password for every demo user; without it a random one is printed on first start.
        #[arg(long, env = "HUMAS_DEMO_PASSWORD", hide_env_values = true)]
        demo_password: Option<String>,
    },
    /// Serve humas with the configured database.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080]
        #[arg(long)]
        bind: Option<String>,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Configuration helpers.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// The tamper-evident audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Print the OpenAPI document of the JSON API.
    Openapi,
    /// Indonesian text analysis: evaluate the shipped model.
    Text {
        #[command(subcommand)]
        command: TextCommand,
    },
    /// Write an agency's annual report (Pasal 16) to a file.
    Report {
        /// The agency's code, e.g. DINKES.
        #[arg(long)]
        agency: String,
        #[arg(long)]
        year: i32,
        /// pdf, xlsx, csv or html
        #[arg(long, default_value = "pdf")]
        format: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Write the evaluation of every agency (Pasal 17) to a file.
    Evaluate {
        #[arg(long)]
        year: i32,
        /// pdf, xlsx or csv
        #[arg(long, default_value = "pdf")]
        format: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Benchmarks on generated data (see docs/benchmarks.md).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

#[derive(Subcommand)]
enum TextCommand {
    /// Evaluate the model shipped in the binary on a labelled JSONL file
    /// (schema: data/pesan/SKEMA.md): per-label scores, confusion matrices, macro-F1, throughput.
    Eval { file: std::path::PathBuf },
    /// k-fold cross-validation on deduplicated texts (default: the shipped data).
    Cv {
        file: Option<std::path::PathBuf>,
        #[arg(long, default_value_t = 5)]
        folds: usize,
    },
    /// Rebuild the models from the shipped data plus the officers' corrections
    /// in the database, and show what the corrections change. `humas serve`
    /// uses the retrained models from its next start.
    Retrain,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Ingest N generated messages through the service path and compare with a
    /// raw batched insert; then inbox and search latency at that size. Uses a
    /// fresh scratch SQLite file unless --database-url names an empty database.
    Ingest {
        #[arg(long, default_value_t = 100_000)]
        messages: usize,
        #[arg(long, default_value_t = 40)]
        agencies: usize,
        #[arg(long, default_value_t = 200)]
        queries: usize,
        #[arg(long, default_value_t = 500)]
        batch: usize,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; prints a generated password unless --password is given.
    Add {
        username: String,
        /// Full name
        #[arg(long)]
        name: String,
        /// dinas_admin, bupati, official, operator or auditor
        #[arg(long)]
        role: String,
        /// Agency code, for official and operator
        #[arg(long)]
        agency: Option<String>,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, env = "HUMAS_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Set a user's password; prints a generated one unless --password is given.
    Passwd {
        username: String,
        #[arg(long, env = "HUMAS_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// List users.
    List,
    /// Disable a user and end their sessions and tokens.
    Disable { username: String },
    /// Print a new API token (for `Authorization: Bearer …`).
    Token { username: String },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print a commented humas.toml.
    Example,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain; exits 1 naming the first bad row.
    Verify,
}

/// Parses the command line and runs it; errors are printed with their context.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}

async fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let o = cli.overrides;
    match cli.command {
        Command::Config { command: ConfigCommand::Example } => {
            print!("{EXAMPLE}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Openapi => {
            println!("{}", humas_web::openapi_json());
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { bind, demo_password } => {
            let config = Config::load(&o, bind.as_deref())?;
            init_tracing(&config.log);
            run_demo(config, demo_password).await.map(|_| ExitCode::SUCCESS)
        }
        Command::Serve { bind } => {
            let config = Config::load(&o, bind.as_deref())?;
            init_tracing(&config.log);
            let (humas, _) = crate::open(&config).await?;
            crate::bind_and_serve(humas, &config, |addr| {
                use std::io::Write as _;
                let _ = writeln!(std::io::stdout(), "humas serving on http://{addr}");
            })
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let config = Config::load(&o, None)?;
            crate::open(&config).await?;
            println!("database is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::User { command } => {
            let config = Config::load(&o, None)?;
            let (humas, _) = crate::open(&config).await?;
            user_command(&humas, command).await
        }
        Command::Report { agency, year, format, out } => {
            let config = Config::load(&o, None)?;
            let (humas, _) = crate::open(&config).await?;
            crate::reports::write_report(&humas, &agency, year, &format, &out).await.map(|_| ExitCode::SUCCESS)
        }
        Command::Evaluate { year, format, out } => {
            let config = Config::load(&o, None)?;
            let (humas, _) = crate::open(&config).await?;
            crate::reports::write_evaluation(&humas, year, &format, &out).await.map(|_| ExitCode::SUCCESS)
        }
        Command::Text { command: TextCommand::Retrain } => {
            let config = Config::load(&o, None)?;
            let (humas, _) = crate::open(&config).await?;
            retrain(&humas).await.map(|_| ExitCode::SUCCESS)
        }
        Command::Text { command } => text_command(command).map(|_| ExitCode::SUCCESS),
        Command::Bench { command: BenchCommand::Ingest { messages, agencies, queries, batch } } => {
            let base = Config::load(&o, None)?;
            let config = if o.database_url.is_some() || std::env::var("HUMAS_DATABASE_URL").is_ok() {
                base
            } else {
                crate::bench::scratch_config(&base)
            };
            let args = crate::bench::BenchArgs {
                messages,
                agencies: agencies.clamp(2, 200),
                queries: queries.max(1),
                batch: batch.clamp(1, 1000),
            };
            let result = crate::bench::ingest(&config, args).await;
            if config.data_dir.starts_with(std::env::temp_dir()) {
                let _ = std::fs::remove_dir_all(&config.data_dir);
            }
            result.map(|_| ExitCode::SUCCESS)
        }
        Command::Audit { command: AuditCommand::Verify } => {
            let config = Config::load(&o, None)?;
            let (humas, _) = crate::open(&config).await?;
            match humas.verify_audit().await? {
                Ok(n) => {
                    println!("audit log intact: {n} rows verified");
                    Ok(ExitCode::SUCCESS)
                }
                Err(b) => {
                    println!("audit log BROKEN at row {}: {}", b.seq, b.reason);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

async fn run_demo(config: Config, demo_password: Option<String>) -> anyhow::Result<()> {
    let (humas, _) = crate::open(&config).await?;
    let generated = demo_password.is_none();
    let password = match demo_password {
        Some(p) => p,
        None => humas_core::auth::random_password()?,
    };
    humas_core::user::check_password_strength(&password).context("--demo-password")?;
    println!("Preparing the demo region in {} …", config.data_dir.display());
    let seeded = demo::seed(&humas, &password).await?;
    let password_line = if seeded {
        format!("password for every demo user: {password}")
    } else if !generated {
        demo::reset_passwords(&humas, &password).await?;
        format!("password for every demo user (reset): {password}")
    } else {
        "existing demo data reused; passwords unchanged (pass --demo-password PW to set them)".to_string()
    };
    crate::bind_and_serve(humas, &config, |addr| {
        // Written in one go and errors ignored: a closed stdout (a supervisor,
        // a test that stopped reading) must not take the server down.
        use std::fmt::Write as _;
        let mut text = String::new();
        let _ = writeln!(text, "\nhumas demo: Kabupaten Kotawaringin Barat");
        let _ = writeln!(text, "  public    http://{addr}/publik  ·  http://{addr}/cek-akun  ·  http://{addr}/tanya");
        let _ = writeln!(text, "  API       http://{addr}/api/v1/openapi.json");
        let _ = writeln!(text, "  logins    ({password_line})");
        for l in demo::logins() {
            let agency = l.agency.map(|a| format!(" · {a}")).unwrap_or_default();
            let _ = writeln!(text, "    {:<22} {}{agency}", l.username, l.role.label_id());
        }
        let _ = writeln!(text, "    <code>.pejabat / <code>.petugas for every agency (e.g. dinkes.petugas)");
        let _ = writeln!(text, "  stop with Ctrl+C");
        let _ = writeln!(text, "  open      http://{addr}/");
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    })
    .await
}

async fn user_command(humas: &Humas, command: UserCommand) -> anyhow::Result<ExitCode> {
    let sys = Humas::system_actor();
    match command {
        UserCommand::Add { username, name, role, agency, email, password } => {
            let role = Role::parse(&role)?;
            let agency_id = match agency {
                Some(code) => Some(humas.agency_by_code(&code).await.with_context(|| format!("agency {code}"))?.id),
                None => None,
            };
            let (password, show) = match password {
                Some(p) => (p, false),
                None => (humas_core::auth::random_password()?, true),
            };
            let user = humas
                .create_user(
                    &sys,
                    UserInput { username, display_name: name, email, role, agency_id, password: password.clone() },
                )
                .await?;
            println!("user {} added ({})", user.username, user.role.label_id());
            if show {
                println!("password: {password}");
            }
        }
        UserCommand::Passwd { username, password } => {
            let user = humas.user_by_username(&sys, &username).await?;
            let (password, show) = match password {
                Some(p) => (p, false),
                None => (humas_core::auth::random_password()?, true),
            };
            humas.reset_password(&sys, user.id, &password).await?;
            println!("password of {} changed; their sessions have ended", user.username);
            if show {
                println!("password: {password}");
            }
        }
        UserCommand::List => {
            let agencies = humas.agencies().await?;
            for u in humas.users(&sys).await? {
                let agency = u
                    .agency_id
                    .and_then(|a| agencies.iter().find(|g| g.id == a))
                    .map(|g| g.code.as_str())
                    .unwrap_or("-");
                println!(
                    "{:<24} {:<12} {:<14} {}{}",
                    u.username,
                    u.role.as_str(),
                    agency,
                    u.display_name,
                    if u.disabled { " (disabled)" } else { "" }
                );
            }
        }
        UserCommand::Disable { username } => {
            let user = humas.user_by_username(&sys, &username).await?;
            humas.set_user_disabled(&sys, user.id, true).await?;
            println!("user {} disabled", user.username);
        }
        UserCommand::Token { username } => {
            println!("{}", humas.issue_api_token(&username).await?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `humas text retrain`: trains on shipped data + corrections and reports, on
/// the corrections themselves, how often each model names the corrected agency.
async fn retrain(humas: &humas_core::Humas) -> anyhow::Result<()> {
    use humas_text::classify::Model;
    let corrections = humas.store.training_examples().await?;
    let all = humas_core::rules::with_corrections(&corrections);
    let started = std::time::Instant::now();
    let model = Model::train(&all);
    println!(
        "trained on {} messages ({} shipped + {} corrections) in {} ms",
        all.len(),
        all.len() - corrections.len(),
        corrections.len(),
        started.elapsed().as_millis()
    );
    if corrections.is_empty() {
        println!(
            "no corrections yet: officers correct the proposed agency on an item's page (\"Instansi yang benar\")"
        );
        return Ok(());
    }
    let hits = |m: &Model| corrections.iter().filter(|c| m.analyze(&c.text).agency.label == c.agency_code).count();
    let (before, after) = (hits(Model::shipped()), hits(&model));
    println!(
        "agency right on the corrected messages: shipped model {before}/{n}, retrained {after}/{n}",
        n = corrections.len()
    );
    println!("humas serve retrains at start: restart it to use the corrections");
    Ok(())
}

fn text_command(command: TextCommand) -> anyhow::Result<()> {
    use humas_text::classify::{Model, load_jsonl, shipped_examples};
    use humas_text::eval::{cross_validate, predict_all, report};
    let (examples, pairs, title) = match command {
        TextCommand::Eval { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let examples = load_jsonl(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let pairs = predict_all(Model::shipped(), &examples);
            (examples, pairs, format!("shipped model on {}", file.display()))
        }
        TextCommand::Retrain => anyhow::bail!("retrain needs the database"),
        TextCommand::Cv { file, folds } => {
            let examples = match file {
                Some(f) => {
                    load_jsonl(&std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?
                }
                None => shipped_examples(),
            };
            let pairs = cross_validate(&examples, folds);
            (examples, pairs, format!("{folds}-fold cross-validation, deduplicated texts"))
        }
    };
    anyhow::ensure!(!examples.is_empty(), "no labelled messages");
    println!("{title}: {} messages", pairs[0].len());
    let reports = [report("kind", &pairs[0]), report("sentiment", &pairs[1]), report("agency", &pairs[2])];
    for r in &reports {
        print!("{}", r.text);
    }
    // Throughput of the whole per-message analysis, one thread.
    let model = Model::shipped();
    let start = std::time::Instant::now();
    let mut n = 0usize;
    while start.elapsed().as_secs_f64() < 1.0 {
        for e in &examples {
            std::hint::black_box(model.analyze(&e.teks));
        }
        n += examples.len();
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    for r in &reports {
        println!("{} macro-F1: {:.3}", r.name, r.macro_f1);
    }
    println!("throughput: {rate:.0} messages/s");
    Ok(())
}
