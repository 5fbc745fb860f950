//! `fixloop`: the command line. Serving is the default.

use std::io::{BufRead, IsTerminal};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use fixloop::config::Config;
use fixloop::model::accounts::users::Role;
use fixloop::state::AppState;

#[derive(Parser)]
#[command(name = "fixloop", version, about = "Fixloop: a repair community forum")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the forum (the default).
    Serve,
    /// Apply pending database migrations and exit (serve applies them too).
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Fill an empty database with a small demo community, or with
    /// `--scale N` a large generated one for benchmarks.
    Demo {
        /// Generate N threads (about ten posts each) across ~2,000 devices.
        #[arg(long)]
        scale: Option<usize>,
    },
    /// Rebuild the search index from the database (both the builtin index and,
    /// with MEILI_URL, a fresh Meilisearch index swapped in when complete).
    Reindex,
    /// Make a new key for the links that act without logging in (one-click
    /// unsubscribe). Links signed with the key before keep working until
    /// they expire or the next rotation; restart the app servers afterwards.
    RotateLinkKey,
    /// Load a community from a JSON Lines file (docs/import-format.md).
    /// Safe to run again after an interruption: what is already imported is
    /// skipped. Refused lines are listed with their line number and the exit
    /// status is non-zero; the other lines are imported.
    Import { file: std::path::PathBuf },
    /// Write the community to a JSON Lines file in the import format.
    Export { file: std::path::PathBuf },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from a prompt, or from stdin
    /// when stdin is not a terminal; never from the command line.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        email: String,
        /// member, staff or admin.
        #[arg(long, default_value = "member", value_parser = parse_role)]
        role: Role,
    },
    /// Change an account's role.
    SetRole {
        #[arg(long)]
        username: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| "expected member, staff or admin".to_owned())
}

/// glibc gives threads that allocate at once arenas of their own, up to eight
/// per core, and memory freed in one arena is not reused by another. Under the
/// load test (250 connections) the server peaked at 241 MiB with the default,
/// 165 MiB with four arenas and 149 MiB with two; two cost members' pages
/// ~15 % in lock waits, four did not measurably (docs/benchmarks.md).
/// `MALLOC_ARENA_MAX` in the environment still decides.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: sets one allocator parameter, before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 4);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}

fn main() -> anyhow::Result<()> {
    limit_malloc_arenas();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,fixloop=info".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::Migrate => {
            AppState::new(config)?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::User(command) => user(config, command),
        Command::Reindex => reindex(config),
        Command::RotateLinkKey => {
            let state = AppState::new(config)?;
            fixloop::mail::signing::rotate(&mut *state.pool.get()?)?;
            println!("A new link key is in use; links signed with the one before still work until they expire or the next rotation. Restart the app servers so they sign with it.");
            Ok(())
        }
        Command::Import { file } => import(config, &file),
        Command::Export { file } => export(config, &file),
        Command::Demo { scale } => {
            let state = AppState::new(config)?;
            let mut conn = state.pool.get()?;
            conn.stop_query_timing();
            let summary = match scale {
                Some(n) => fixloop::demo::scale::load(&mut conn, n)?,
                None => fixloop::demo::load(&mut conn)?,
            };
            println!("{summary}");
            Ok(())
        }
    }
}

fn serve(config: Config) -> anyhow::Result<()> {
    let workers = config
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let bind = config.bind.clone();
    let public_url = config.public_url();
    // A request's database work runs on its worker's blocking threads and waits
    // there for a pooled connection; threads beyond the pool only queue (and
    // each holds its own stack and allocator arena), so the pool bounds them.
    let blocking_threads = (config.db_pool_size() as usize).div_ceil(workers) + 2;
    let database = fixloop::db::Backend::of_url(&config.database_url());
    let state = AppState::new(config)?;
    actix_web::rt::System::new().block_on(async move {
        if let Some(url) = state.config.meili_url.clone().filter(|u| !u.trim().is_empty()) {
            // Settings are applied at start-up; an engine that is down now is
            // retried by the outbox worker, and search falls back meanwhile.
            let engine = fixloop::search::meili::MeiliEngine::from_config(&url, &state.config)?;
            // With the synonyms staff keep (the outbox worker keeps them up to date after).
            engine.use_synonyms(&fixloop::model::discovery::synonyms::all_lists(&mut *state.pool.get()?)?);
            if let Err(e) = engine.prepare().await {
                tracing::warn!(error = %e, "meilisearch is not ready; the builtin index answers until it is");
            } else {
                // Documents an older Fixloop sent lack what the facet counts are made of.
                match engine.queue_outdated(&state.pool).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(documents = n, "meilisearch: documents of an older shape queued to be sent again"),
                    Err(e) => tracing::warn!(error = %e, "meilisearch: documents of an older shape not queued"),
                }
            }
        }
        tracing::info!(transport = %state.mailer.transport.describe(), "mail");
        let background = fixloop::jobs::Runner::start(fixloop::background_jobs(&state));
        let metrics_server = match state.config.metrics_bind.clone().filter(|b| !b.trim().is_empty()) {
            Some(metrics_bind) => {
                let sources = fixloop::metrics_sources(&state);
                let server = actix_web::HttpServer::new(move || fixloop::metrics::app(sources.clone()))
                    .workers(1)
                    .bind(&metrics_bind)
                    .with_context(|| format!("cannot listen on {metrics_bind} for metrics"))?;
                tracing::info!(%metrics_bind, "metrics at /metrics");
                Some(server.run())
            }
            None => None,
        };
        let server = actix_web::HttpServer::new(move || fixloop::build_app(state.clone()))
            // A compressed page goes out in several writes; with Nagle's
            // algorithm the last one waits for the client's delayed ACK
            // (40 ms on Linux) on a keep-alive connection.
            .on_connect(|conn, _| {
                if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
                    if let Err(e) = tcp.set_nodelay(true) {
                        tracing::debug!(error = %e, "TCP_NODELAY not set");
                    }
                }
            })
            .workers(workers)
            .worker_max_blocking_threads(blocking_threads)
            .bind(&bind)
            .with_context(|| format!("cannot listen on {bind}"))?;
        tracing::info!(?database, %bind, "Fixloop is serving");
        println!("Fixloop is running: open {public_url}");
        let served = match metrics_server {
            Some(metrics) => futures_util::future::try_join(server.run(), metrics).await.map(|_| ()),
            None => server.run().await,
        };
        // The server has stopped: running batches finish, no other starts.
        background.stop().await;
        served?;
        Ok(())
    })
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Password again: ")?;
        if first != second {
            bail!("the two passwords do not match");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

fn user(config: Config, command: UserCommand) -> anyhow::Result<()> {
    let state = AppState::new(config)?;
    let mut conn = state.pool.get()?;
    match command {
        UserCommand::Create {
            username,
            email,
            role,
        } => {
            let password = read_password()?;
            let form = fixloop::forum::accounts::credentials::Registration {
                username,
                email,
                password_confirm: password.clone(),
                password,
                language: String::new(),
            };
            fixloop::forum::accounts::credentials::validate_registration(&form).map_err(explain)?;
            let hash = fixloop::auth::password::hash_password(&form.password)?;
            let user =
                fixloop::forum::accounts::credentials::register(&mut conn, &form, &hash, role)
                    .map_err(explain)?;
            println!("Created {} ({}).", user.username, user.role);
        }
        UserCommand::SetRole { username, role } => {
            let user = fixloop::forum::accounts::credentials::set_role(&mut conn, &username, role)
                .map_err(explain)?;
            println!("{} is now {}.", user.username, user.role);
        }
    }
    Ok(())
}

/// An error as an operator should read it: the messages, not the variant.
fn explain(e: fixloop::error::AppError) -> anyhow::Error {
    match e {
        fixloop::error::AppError::Internal(cause) => cause,
        other => anyhow::anyhow!(other.public_message(fixloop::i18n::Language::En)),
    }
}

fn reindex(config: Config) -> anyhow::Result<()> {
    use fixloop::search::document;
    let state = AppState::new(config)?;
    let filled = document::fill_missing_plain_text(&mut *state.pool.get()?)?;
    if filled > 0 {
        println!("kept the plain text of {filled} posts and steps written before it was kept");
    }
    let ids = document::all_thread_ids(&mut *state.pool.get()?)?;
    let bar = indicatif::ProgressBar::new(ids.len() as u64).with_style(
        indicatif::ProgressStyle::with_template(
            "{msg:>12} [{bar:40}] {pos}/{len} threads ({eta} left)",
        )?
        .progress_chars("=> "),
    );
    bar.set_message("builtin");
    for chunk in ids.chunks(500) {
        let mut conn = state.pool.get()?;
        conn.stop_query_timing();
        fixloop::db::write_tx(&mut conn, |conn| {
            for id in chunk {
                document::refresh(conn, *id)?;
            }
            Ok::<_, diesel::result::Error>(())
        })?;
        bar.inc(chunk.len() as u64);
    }
    fixloop::search::builtin::optimize(&mut *state.pool.get()?)?;
    fixloop::search::vocabulary::rebuild(&mut *state.pool.get()?, true)?;
    bar.finish();
    if let Some(url) = state
        .config
        .meili_url
        .clone()
        .filter(|u| !u.trim().is_empty())
    {
        let engine = fixloop::search::meili::MeiliEngine::from_config(&url, &state.config)?;
        // The fresh index gets the synonyms too: it replaces the live one whole.
        engine.use_synonyms(&fixloop::model::discovery::synonyms::all_lists(
            &mut *state.pool.get()?,
        )?);
        let bar = indicatif::ProgressBar::new(ids.len() as u64).with_style(
            indicatif::ProgressStyle::with_template(
                "{msg:>12} [{bar:40}] {pos}/{len} threads ({eta} left)",
            )?
            .progress_chars("=> "),
        );
        bar.set_message("meilisearch");
        let done =
            actix_web::rt::System::new()
                .block_on(engine.reindex_from(&state.pool, 1000, |n| bar.inc(n as u64)))?;
        if done.queued_again > 0 {
            println!(
                "{} threads changed during the rebuild; the outbox sends them to the new index",
                done.queued_again
            );
        }
        bar.finish();
    }
    println!("Reindexed {} threads.", ids.len());
    Ok(())
}

fn import(config: Config, file: &std::path::Path) -> anyhow::Result<()> {
    let total = std::io::BufRead::lines(std::io::BufReader::new(
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?,
    ))
    .count();
    let state = AppState::new(config)?;
    let mut conn = state.pool.get()?;
    conn.stop_query_timing();
    let bar = indicatif::ProgressBar::new(total as u64).with_style(
        indicatif::ProgressStyle::with_template(
            "importing [{bar:40}] {pos}/{len} lines ({per_sec}, {eta} left)",
        )?
        .progress_chars("=> "),
    );
    let summary = fixloop::transfer::import::run(
        &mut conn,
        file,
        |refusal| bar.suspend(|| eprintln!("{refusal}")),
        |lines| bar.inc(lines),
    )?;
    bar.finish_and_clear();
    // Searches offer corrections from the imported words at once.
    fixloop::search::vocabulary::rebuild(&mut conn, false)?;
    println!("{summary}");
    if !summary.refused.is_empty() {
        bail!(
            "{} lines were refused (listed above); correct them and run the import again: what is imported already is skipped",
            summary.refused.len()
        );
    }
    Ok(())
}

fn export(config: Config, file: &std::path::Path) -> anyhow::Result<()> {
    let state = AppState::new(config)?;
    let mut conn = state.pool.get()?;
    conn.stop_query_timing();
    let out =
        std::fs::File::create(file).with_context(|| format!("cannot write {}", file.display()))?;
    let summary = fixloop::transfer::export::run(&mut conn, std::io::BufWriter::new(out))?;
    println!("{summary}");
    Ok(())
}
