//! Typed settings. Every setting is a flag and an environment variable of the
//! same name, with a default that needs no editing.

use std::path::PathBuf;

use crate::i18n::Language;

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

    /// Where uploaded photos are stored (default: `uploads` in the data directory).
    #[arg(long, env = "FIXLOOP_UPLOADS_DIR", global = true)]
    pub uploads_dir: Option<PathBuf>,

    /// Public URL of the site, e.g. `https://forum.example.com`; https turns on Secure cookies.
    #[arg(long, env = "FIXLOOP_BASE_URL", global = true)]
    pub base_url: Option<String>,

    /// Database connections kept in the pool [default: 3 per core on SQLite,
    /// 16 on PostgreSQL].
    #[arg(long, env = "FIXLOOP_DB_POOL_SIZE", global = true)]
    pub db_pool_size: Option<u32>,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "FIXLOOP_WORKERS", global = true)]
    pub workers: Option<usize>,

    /// When SQLite calls a commit done: `full` syncs every commit to disk, so
    /// an acknowledged post survives a power loss; `normal` is faster and
    /// survives a crash of the process, but a power loss may drop the last
    /// commits.
    #[arg(
        long,
        env = "FIXLOOP_SQLITE_SYNCHRONOUS",
        value_enum,
        default_value = "full",
        global = true
    )]
    pub sqlite_synchronous: crate::db::Synchronous,

    /// Milliseconds a write waits for the database's lock before the member
    /// is told the forum is busy (503, their text kept in the form).
    #[arg(
        long,
        env = "FIXLOOP_DB_LOCK_WAIT_MS",
        default_value_t = 5000,
        global = true
    )]
    pub db_lock_wait_ms: u64,

    /// Meilisearch URL (e.g. http://127.0.0.1:7700); without it the builtin search is used.
    #[arg(long, env = "MEILI_URL", global = true)]
    pub meili_url: Option<String>,

    /// Meilisearch API key (its master key or an admin key).
    #[arg(long, env = "MEILI_API_KEY", global = true, hide_env_values = true)]
    pub meili_api_key: Option<String>,

    /// The Meilisearch index Fixloop keeps its threads in (a rebuild uses
    /// `<index>_rebuild` next to it). Several forums can share one server.
    #[arg(long, env = "MEILI_INDEX", default_value = DEFAULT_MEILI_INDEX, global = true)]
    pub meili_index: String,

    /// Milliseconds a search waits for Meilisearch before the builtin index
    /// answers instead (with a notice).
    #[arg(
        long,
        env = "MEILI_SEARCH_TIMEOUT_MS",
        default_value_t = 1500,
        global = true
    )]
    pub meili_search_timeout_ms: u64,

    /// Reputation at which a member is trusted (no new-member limits; flags count).
    #[arg(
        long,
        env = "FIXLOOP_TRUSTED_REPUTATION",
        default_value_t = 20,
        global = true
    )]
    pub trusted_reputation: i32,

    /// Posts a new (untrusted) member may write per hour.
    #[arg(
        long,
        env = "FIXLOOP_NEW_MEMBER_POSTS_PER_HOUR",
        default_value_t = 5,
        global = true
    )]
    pub new_member_posts_per_hour: i64,

    /// How many first posts of a member may not contain links or images.
    #[arg(
        long,
        env = "FIXLOOP_NEW_MEMBER_LINK_FREE_POSTS",
        default_value_t = 2,
        global = true
    )]
    pub new_member_link_free_posts: i32,

    /// Failed logins allowed per account from one client address in 15 minutes.
    #[arg(
        long,
        env = "FIXLOOP_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS",
        default_value_t = 5,
        global = true
    )]
    pub login_failures_per_account_and_address: i64,

    /// Failed logins allowed per account from all addresses together in 15
    /// minutes: a ceiling for guessing from many addresses (reaching it locks
    /// the owner out too, so keep it well above the per-address-pair limit).
    #[arg(
        long,
        env = "FIXLOOP_LOGIN_FAILURES_PER_ACCOUNT",
        default_value_t = 50,
        global = true
    )]
    pub login_failures_per_account: i64,

    /// Failed logins allowed per client address in 15 minutes.
    #[arg(
        long,
        env = "FIXLOOP_LOGIN_FAILURES_PER_ADDRESS",
        default_value_t = 20,
        global = true
    )]
    pub login_failures_per_address: i64,

    /// Sign-up attempts allowed per client address in an hour.
    #[arg(
        long,
        env = "FIXLOOP_SIGNUPS_PER_ADDRESS_PER_HOUR",
        default_value_t = 10,
        global = true
    )]
    pub signups_per_address_per_hour: i64,

    /// Requests one API token may make in a minute (then 429 with Retry-After).
    #[arg(
        long,
        env = "FIXLOOP_API_REQUESTS_PER_MINUTE",
        default_value_t = 120,
        global = true
    )]
    pub api_requests_per_minute: i64,

    /// Photos a member may upload in an hour (then 429 with Retry-After).
    #[arg(
        long,
        env = "FIXLOOP_PHOTOS_PER_HOUR",
        default_value_t = 60,
        global = true
    )]
    pub photos_per_hour: i64,

    /// Photos a new (untrusted) member may upload in an hour.
    #[arg(
        long,
        env = "FIXLOOP_NEW_MEMBER_PHOTOS_PER_HOUR",
        default_value_t = 10,
        global = true
    )]
    pub new_member_photos_per_hour: i64,

    /// Threads that decode and resize photos, apart from the database's
    /// (default: 2, or 1 on a single core). Each may hold ~250 MB at once.
    #[arg(long, env = "FIXLOOP_PHOTO_WORKERS", global = true)]
    pub photo_workers: Option<usize>,

    /// Photos that may wait for a photo thread; beyond them an upload is
    /// answered 503 with Retry-After, and nothing is kept.
    #[arg(long, env = "FIXLOOP_PHOTO_QUEUE", default_value_t = 8, global = true)]
    pub photo_queue: usize,

    /// Private messages a member may send to staff in an hour (staff: no
    /// limit; an unconfirmed account sends one until it confirms).
    #[arg(
        long,
        env = "FIXLOOP_PRIVATE_MESSAGES_PER_HOUR",
        default_value_t = 30,
        global = true
    )]
    pub private_messages_per_hour: i64,

    /// Private messages a new (untrusted) member may send in an hour.
    #[arg(
        long,
        env = "FIXLOOP_NEW_MEMBER_PRIVATE_MESSAGES_PER_HOUR",
        default_value_t = 10,
        global = true
    )]
    pub new_member_private_messages_per_hour: i64,

    /// Questions a member may escalate to staff in a day.
    #[arg(
        long,
        env = "FIXLOOP_ESCALATIONS_PER_DAY",
        default_value_t = 5,
        global = true
    )]
    pub escalations_per_day: i64,

    /// Questions a new (untrusted) member may escalate to staff in a day.
    #[arg(
        long,
        env = "FIXLOOP_NEW_MEMBER_ESCALATIONS_PER_DAY",
        default_value_t = 2,
        global = true
    )]
    pub new_member_escalations_per_day: i64,

    /// Reverse proxies whose forwarded client address is believed: addresses
    /// or CIDRs, comma-separated (e.g. `127.0.0.1,10.0.0.0/8`). Default: none,
    /// so the connection's own address is the client's.
    #[arg(
        long,
        env = "FIXLOOP_TRUSTED_PROXIES",
        default_value_t,
        hide_default_value = true,
        global = true
    )]
    pub trusted_proxies: TrustedProxies,

    /// The header the trusted proxies write the client into; the other one is
    /// ignored (a client could send it).
    #[arg(
        long,
        env = "FIXLOOP_FORWARDED_HEADER",
        value_enum,
        default_value_t = ForwardedHeader::XForwardedFor,
        global = true
    )]
    pub forwarded_header: ForwardedHeader,

    /// Seconds an anonymous visitor's page may be served from memory (0: never).
    /// Any write through this server empties the cache at once.
    #[arg(
        long,
        env = "FIXLOOP_PAGE_CACHE_SECONDS",
        default_value_t = 10,
        global = true
    )]
    pub page_cache_seconds: u64,

    /// Seconds a builtin search's results may be reused for the same search
    /// (0: never). Writes do not empty it: a new post is found once they pass.
    #[arg(
        long,
        env = "FIXLOOP_SEARCH_CACHE_SECONDS",
        default_value_t = 10,
        global = true
    )]
    pub search_cache_seconds: u64,

    /// Where mail is sent: `smtps://user:pass@host:465` (TLS),
    /// `smtp://user:pass@host:587` (STARTTLS required), or
    /// `smtp://host:25?tls=none` for a local relay. Without it every message
    /// is written as an `.eml` file under `<data dir>/mail/`.
    #[arg(long, env = "FIXLOOP_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of every message, e.g. `Fixloop <forum@example.com>`.
    #[arg(
        long,
        env = "FIXLOOP_MAIL_FROM",
        default_value = "Fixloop <fixloop@localhost>",
        global = true
    )]
    pub mail_from: String,

    /// The hour (0-23) at which the daily digest goes out, on each member's
    /// clock (the time zone of their mail settings; UTC until they choose).
    #[arg(long, env = "FIXLOOP_DIGEST_HOUR", default_value_t = 7, global = true)]
    pub digest_hour: u32,

    /// Days after which an asker whose question has replies but no accepted
    /// answer is asked, once, whether one of them fixed it.
    #[arg(
        long,
        env = "FIXLOOP_SOLVED_REMINDER_DAYS",
        default_value_t = 7,
        global = true
    )]
    pub solved_reminder_days: i64,

    /// For the dashboard's estimate of support tickets avoided: the share of
    /// visitors' views of a solved thread that would otherwise have become a
    /// ticket.
    #[arg(
        long,
        env = "FIXLOOP_DEFLECTION_RATIO",
        default_value_t = 0.1,
        global = true
    )]
    pub deflection_ratio: f64,

    /// What one support ticket costs (in the company's currency), for the
    /// same estimate.
    #[arg(
        long,
        env = "FIXLOOP_TICKET_COST",
        default_value_t = 15.0,
        global = true
    )]
    pub ticket_cost: f64,

    /// Address for Prometheus metrics (`GET /metrics`), e.g. `127.0.0.1:9464`:
    /// a listener of its own, apart from the public site. Without it there
    /// are no metrics endpoints at all.
    #[arg(long, env = "FIXLOOP_METRICS_BIND", global = true)]
    pub metrics_bind: Option<String>,

    /// Single sign-on: the OpenID provider's issuer URL (e.g.
    /// `https://login.example.com/realms/support`); its settings are
    /// discovered from `<issuer>/.well-known/openid-configuration`. Needs
    /// FIXLOOP_OIDC_CLIENT_ID and FIXLOOP_OIDC_CLIENT_SECRET too.
    #[arg(long, env = "FIXLOOP_OIDC_ISSUER", global = true)]
    pub oidc_issuer: Option<String>,

    /// The client id Fixloop is registered with at the provider.
    #[arg(long, env = "FIXLOOP_OIDC_CLIENT_ID", global = true)]
    pub oidc_client_id: Option<String>,

    /// The client secret that goes with FIXLOOP_OIDC_CLIENT_ID.
    #[arg(
        long,
        env = "FIXLOOP_OIDC_CLIENT_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub oidc_client_secret: Option<String>,

    /// The provider's name on the login button ("Log in with <name>").
    #[arg(
        long,
        env = "FIXLOOP_OIDC_NAME",
        default_value = "single sign-on",
        global = true
    )]
    pub oidc_name: String,

    /// `claim=value` (e.g. `groups=support-staff`): at every single sign-on
    /// login, a member whose ID token claim holds the value (a string equal
    /// to it, or a list containing it) becomes staff, and staff whose token
    /// lacks it become members again. Admins are never changed. Unset: roles
    /// are only changed by admins.
    #[arg(long, env = "FIXLOOP_OIDC_STAFF_CLAIM", global = true)]
    pub oidc_staff_claim: Option<StaffClaim>,

    /// `off` removes the password form and password sign-up (their POSTs are
    /// refused), so members log in only through single sign-on; needs
    /// FIXLOOP_OIDC_ISSUER. Password reset stays (linking an existing account
    /// asks for its password). Operators keep the CLI (`fixloop user ...`)
    /// and can turn this back `on` if the provider fails.
    #[arg(
        long,
        env = "FIXLOOP_PASSWORD_LOGIN",
        value_enum,
        default_value = "on",
        global = true
    )]
    pub password_login: Switch,

    /// The interface's language for readers whose browser asks for none we
    /// speak (`en`, `ko`): Accept-Language and the footer's switch come first.
    #[arg(
        long,
        env = "FIXLOOP_DEFAULT_LANGUAGE",
        default_value = "en",
        value_parser = parse_language,
        global = true
    )]
    pub default_language: Language,
}

fn parse_language(code: &str) -> Result<Language, String> {
    Language::from_code(code).ok_or_else(|| {
        let spoken: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
        format!("not a language Fixloop speaks ({})", spoken.join(", "))
    })
}

/// The Meilisearch index unless `MEILI_INDEX` says otherwise. Here, not in
/// `search`: the settings sit below the modules they configure.
pub const DEFAULT_MEILI_INDEX: &str = "threads";

impl Config {
    /// Defaults for everything, as if no flag or variable were given.
    pub fn with_database(database_url: impl Into<String>, data_dir: impl Into<PathBuf>) -> Config {
        Config {
            database_url: Some(database_url.into()),
            bind: "127.0.0.1:8080".into(),
            data_dir: data_dir.into(),
            base_url: None,
            uploads_dir: None,
            db_pool_size: Some(4),
            sqlite_synchronous: crate::db::Synchronous::Full,
            db_lock_wait_ms: 5000,
            workers: None,
            meili_url: None,
            meili_api_key: None,
            meili_index: DEFAULT_MEILI_INDEX.into(),
            meili_search_timeout_ms: 1500,
            trusted_reputation: 20,
            new_member_posts_per_hour: 5,
            new_member_link_free_posts: 2,
            login_failures_per_account_and_address: 5,
            login_failures_per_account: 50,
            login_failures_per_address: 20,
            signups_per_address_per_hour: 10,
            api_requests_per_minute: 120,
            photos_per_hour: 60,
            new_member_photos_per_hour: 10,
            photo_workers: None,
            photo_queue: 8,
            private_messages_per_hour: 30,
            new_member_private_messages_per_hour: 10,
            escalations_per_day: 5,
            new_member_escalations_per_day: 2,
            trusted_proxies: TrustedProxies::default(),
            forwarded_header: ForwardedHeader::XForwardedFor,
            page_cache_seconds: 10,
            search_cache_seconds: 10,
            smtp_url: None,
            mail_from: "Fixloop <fixloop@localhost>".into(),
            digest_hour: 7,
            solved_reminder_days: 7,
            deflection_ratio: 0.1,
            ticket_cost: 15.0,
            metrics_bind: None,
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_name: "single sign-on".into(),
            oidc_staff_claim: None,
            password_login: Switch::On,
            default_language: Language::En,
        }
    }

    /// How every pooled database connection is set up.
    pub fn conn_settings(&self) -> crate::db::ConnSettings {
        crate::db::ConnSettings {
            sqlite_synchronous: self.sqlite_synchronous,
            lock_wait: std::time::Duration::from_millis(self.db_lock_wait_ms),
        }
    }

    /// SQLite runs inside the server: a connection is CPU of ours, and beyond
    /// a few per core more only queue, each with its own page cache (2 MB).
    /// On the 100,000-thread demo, 6 instead of 16 on two cores took a
    /// member's pages up 5–10 % and the server's peak memory 140 -> 99 MiB.
    /// PostgreSQL connections wait on the network, so more of them help.
    pub fn db_pool_size(&self) -> u32 {
        self.db_pool_size.unwrap_or_else(|| {
            match crate::db::Backend::of_url(&self.database_url()) {
                crate::db::Backend::Sqlite => {
                    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
                    (3 * cores as u32).max(4)
                }
                crate::db::Backend::Postgres => 16,
            }
        })
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

    pub fn uploads_dir(&self) -> PathBuf {
        self.uploads_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("uploads"))
    }

    /// Whether members may log in (and sign up) with a password.
    pub fn password_login_enabled(&self) -> bool {
        self.password_login == Switch::On
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

/// Where a trusted reverse proxy puts the client's address.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx, HAProxy, Caddy, most load balancers).
    XForwardedFor,
    /// `Forwarded: for=client, for=proxy1` (RFC 7239).
    Forwarded,
}

/// `--trusted-proxies`: addresses (`10.0.0.1`) and CIDRs (`10.0.0.0/8`),
/// comma-separated; empty (an unset variable in a compose file) is none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<ipnet::IpNet>);

impl std::str::FromStr for TrustedProxies {
    type Err = String;

    fn from_str(list: &str) -> Result<TrustedProxies, String> {
        let parse = |entry: &str| {
            entry
                .parse::<ipnet::IpNet>()
                .or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("'{entry}' is not an IP address or a CIDR like 10.0.0.0/8"))
        };
        let entries = list.split(',').map(str::trim).filter(|e| !e.is_empty());
        let nets = entries.map(parse).collect::<Result<_, _>>()?;
        Ok(TrustedProxies(nets))
    }
}

impl std::fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list: Vec<String> = self.0.iter().map(|net| net.to_string()).collect();
        f.write_str(&list.join(","))
    }
}

/// A setting that is either on or off.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    On,
    Off,
}

/// `FIXLOOP_OIDC_STAFF_CLAIM`: the claim's name and the value that means staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffClaim {
    pub claim: String,
    pub value: String,
}

impl std::str::FromStr for StaffClaim {
    type Err = String;

    fn from_str(setting: &str) -> Result<StaffClaim, String> {
        match setting.split_once('=') {
            Some((claim, value)) if !claim.trim().is_empty() && !value.trim().is_empty() => {
                Ok(StaffClaim {
                    claim: claim.trim().to_owned(),
                    value: value.trim().to_owned(),
                })
            }
            _ => Err(format!(
                "'{setting}' is not claim=value, like groups=support-staff"
            )),
        }
    }
}
