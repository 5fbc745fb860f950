//! Typed settings. Every setting is a flag and an environment variable of the
//! same name, with a default that needs no editing.

use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone)]
pub struct Config {
    /// Database: `postgres://user:pass@host/db`, or a SQLite file (`sqlite://path` or a path).
    /// Default: `fixloop.db` in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Address to listen on.
    #[arg(
        long,
        env = "FIXLOOP_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,

    /// Directory for the SQLite database and uploads; created on first run.
    #[arg(
        long,
        env = "FIXLOOP_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Public URL of the site, e.g. `https://forum.example.com`; https turns on Secure cookies.
    #[arg(long, env = "FIXLOOP_BASE_URL", global = true)]
    pub base_url: Option<String>,

    /// Database connections kept in the pool.
    #[arg(
        long,
        env = "FIXLOOP_DB_POOL_SIZE",
        default_value_t = 16,
        global = true
    )]
    pub db_pool_size: u32,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "FIXLOOP_WORKERS", global = true)]
    pub workers: Option<usize>,
}

impl Config {
    /// Defaults for everything, as if no flag or variable were given.
    pub fn with_database(database_url: impl Into<String>, data_dir: impl Into<PathBuf>) -> Config {
        Config {
            database_url: Some(database_url.into()),
            bind: "127.0.0.1:8080".into(),
            data_dir: data_dir.into(),
            base_url: None,
            db_pool_size: 4,
            workers: None,
        }
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => self
                .data_dir
                .join("fixloop.db")
                .to_string_lossy()
                .into_owned(),
        }
    }

    /// Cookies are marked Secure when the public URL is https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// The URL people open: the configured public URL or the bind address.
    pub fn public_url(&self) -> String {
        match &self.base_url {
            Some(u) => u.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.bind),
        }
    }
}
