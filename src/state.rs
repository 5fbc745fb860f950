//! What every request can reach: the database pool, the templates, settings.

use std::sync::Arc;

use actix_web::web;
use tera::Tera;

use crate::config::Config;
use crate::db::{self, DbConn, DbPool};
use crate::error::{AppError, AppResult};
use crate::search::{Engine, SearchIndex};

/// Meilisearch when `MEILI_URL` is set, the builtin engine otherwise.
fn search_index(config: &Config) -> anyhow::Result<SearchIndex> {
    Ok(
        match config.meili_url.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(url) => {
                let engine = crate::search::meili::MeiliEngine::from_config(url, config)?;
                SearchIndex::new(Engine::External(Box::new(engine)))
            }
            None => SearchIndex::builtin(),
        },
    )
}

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    /// Whether the database is answering; web requests wait less while not.
    pub db_outage: Arc<db::Outage>,
    pub templates: Arc<Tera>,
    pub config: Arc<Config>,
    pub policy: Arc<crate::forum::Policy>,
    pub search: Arc<SearchIndex>,
    pub assets_version: Arc<str>,
    pub page_cache: Arc<crate::web::page_cache::PageCache>,
    /// Builtin searches running at once. Each one scores every match on a
    /// core; more of them than cores only share those cores and hold more
    /// memory, so the rest wait their turn (first come, first served).
    pub search_slots: Arc<tokio::sync::Semaphore>,
    pub search_results: Arc<crate::search::result_cache::ResultCache>,
    /// The index's words, for typos (search::vocabulary).
    pub vocabulary: Arc<crate::search::vocabulary::KeptVocabulary>,
    /// The catalogue's device names, for the device a search names.
    pub device_names: Arc<crate::search::device_names::KeptDeviceNames>,
    pub mailer: Arc<crate::mail::outbox::Mailer>,
    /// Signs links that act without a session (unsubscribe).
    pub signing_keys: Arc<crate::mail::signing::SigningKeys>,
    /// Visitors' thread views since the last flush (the dashboard's estimate).
    pub views: Arc<crate::web::view_counts::ViewCounts>,
    /// Page data every reader of one kind sees alike (members' pages).
    pub thread_pages: Arc<crate::web::shared_pages::ThreadPages>,
    pub device_pages: Arc<crate::web::shared_pages::DevicePages>,
    pub home_pages: Arc<crate::web::shared_pages::HomePages>,
    /// The languages threads are written in (the lists' language filter).
    pub written_languages: Arc<crate::web::shared_pages::SharedPages<(), Vec<String>>>,
    /// Every device select's options (web::knowledge::device_choices).
    pub device_choices: Arc<crate::web::knowledge::device_choices::KeptChoices>,
    /// Tells the other app servers on the database of this one's writes.
    pub site_changes: Arc<crate::web::site_changes::SiteChanges>,
    /// Sends webhook deliveries (shared by the worker and tests).
    pub webhooks: Arc<crate::webhooks::outbox::Sender>,
    /// The OpenID provider, when single sign-on is configured.
    pub sso: Option<Arc<crate::auth::oidc::Sso>>,
    /// Decodes photos on threads of its own, a few at a time (media::PhotoPool).
    pub photo_pool: Arc<crate::media::PhotoPool>,
}

impl AppState {
    /// Opens (and creates) the database, applies pending migrations, loads templates.
    pub fn new(config: Config) -> anyhow::Result<AppState> {
        let sso = crate::auth::oidc::Sso::from_config(&config)?.map(Arc::new);
        if sso.is_none() && !config.password_login_enabled() {
            anyhow::bail!("FIXLOOP_PASSWORD_LOGIN=off needs single sign-on (FIXLOOP_OIDC_ISSUER): nobody could log in");
        }
        std::fs::create_dir_all(&config.data_dir)?;
        let (pool, db_outage) = db::build_pool(
            &config.database_url(),
            config.db_pool_size(),
            config.conn_settings(),
        )?;
        let applied = db::run_migrations(&mut *pool.get()?)?;
        for name in applied {
            tracing::info!(migration = %name, "applied migration");
        }
        // Stored HTML a migration asked to render again (render::stored).
        let rerendered = crate::render::stored::upgrade(&mut *pool.get()?)?;
        if rerendered > 0 {
            tracing::info!(bodies = rerendered, "re-rendered stored HTML");
        }
        let signing_keys = Arc::new(crate::mail::signing::site_keys(&mut *pool.get()?)?);
        let templates = Arc::new(crate::render::build_templates()?);
        let mailer = crate::mail::outbox::Mailer::new(
            crate::mail::compose::Composer::new(
                templates.clone(),
                &config.mail_from,
                config.public_url(),
                signing_keys.clone(),
                config.default_language,
            )?,
            crate::mail::transport::Transport::from_config(
                config.smtp_url.as_deref(),
                config.data_dir.join("mail"),
            )?,
        );
        let page_cache = crate::web::page_cache::PageCache::new(std::time::Duration::from_secs(
            config.page_cache_seconds,
        ));
        Ok(AppState {
            pool,
            db_outage,
            page_cache: Arc::new(page_cache),
            vocabulary: Arc::default(),
            device_names: Arc::default(),
            search_results: Arc::new(crate::search::result_cache::ResultCache::new(
                std::time::Duration::from_secs(config.search_cache_seconds),
            )),
            search_slots: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
            templates,
            mailer: Arc::new(mailer),
            signing_keys,
            views: Arc::default(),
            site_changes: Arc::default(),
            thread_pages: Arc::new(crate::web::shared_pages::SharedPages::new(
                std::time::Duration::from_secs(config.page_cache_seconds),
            )),
            device_pages: Arc::new(crate::web::shared_pages::SharedPages::new(
                std::time::Duration::from_secs(config.page_cache_seconds),
            )),
            home_pages: Arc::new(crate::web::shared_pages::SharedPages::new(
                std::time::Duration::from_secs(config.page_cache_seconds),
            )),
            written_languages: Arc::new(crate::web::shared_pages::SharedPages::new(
                crate::web::discussion::home::LANGUAGES_KEPT,
            )),
            device_choices: Arc::new(crate::web::shared_pages::SharedPages::new(
                std::time::Duration::from_secs(config.page_cache_seconds),
            )),
            policy: Arc::new(crate::forum::Policy::from_config(&config)),
            search: Arc::new(search_index(&config)?),
            sso,
            photo_pool: Arc::new(crate::media::PhotoPool::new(
                config.photo_workers,
                config.photo_queue,
            )),
            config: Arc::new(config),
            assets_version: crate::render::assets_version().into(),
            webhooks: Arc::new(crate::webhooks::outbox::Sender::new()?),
        })
    }

    /// A web handler hid something (or showed it again), and it committed: no
    /// kept search result may show it, here or on the other app servers.
    pub fn hidden_changed(&self) {
        self.search_results.invalidate();
        self.site_changes.announce(true);
    }

    /// When a sign-in provider decides who is staff, how old a staff session
    /// may get before the provider is asked again (`forum::accounts::sso`).
    pub fn staff_session_max_age(&self) -> Option<chrono::Duration> {
        (self.sso.is_some() && self.config.oidc_staff_claim.is_some()).then(|| {
            chrono::Duration::hours(crate::forum::accounts::sso::STAFF_CLAIM_RECHECK_HOURS)
        })
    }

    /// Runs database work on the blocking thread pool, never on an async worker.
    /// When it committed a write readers see (`db::changes`), kept pages end
    /// here and on the other app servers; nothing else empties them, so a
    /// refused request (no commit) leaves them be.
    pub async fn db<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let wait = self.db_outage.checkout_wait();
        let (result, changed) = web::block(move || {
            // A note left on this thread by other work is not ours.
            db::changes::take();
            let result = pool
                .get_timeout(wait)
                .map_err(AppError::from)
                .and_then(|mut conn| work(&mut conn));
            (result, db::changes::take())
        })
        .await?;
        // Even when the work failed after a commit: the commit stands.
        if changed {
            self.content_changed();
        }
        result
    }

    /// Something readers see committed: every kept page is stale, here and
    /// (once the announcer runs) on the other app servers.
    pub fn content_changed(&self) {
        self.page_cache.invalidate();
        self.site_changes.announce(false);
    }

    /// CPU-heavy work (password hashing) on the blocking pool.
    pub async fn blocking<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce() -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        web::block(work).await.map_err(AppError::from)?
    }
}

/// The `Viewer` extractor reads sessions through this trait object: `auth`
/// sits below the application state and cannot name it.
impl crate::auth::extract::SessionSource for AppState {
    fn staff_session_max_age(&self) -> Option<chrono::Duration> {
        AppState::staff_session_max_age(self)
    }

    fn run(
        &self,
        work: crate::auth::extract::SessionWork,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = AppResult<crate::auth::extract::SessionLookup>> + '_>,
    > {
        Box::pin(self.db(work))
    }
}
