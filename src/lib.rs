//! Fixloop: a repair community forum. The library holds everything; the
//! binary in main.rs is a thin command line over it.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod forum;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod metrics;
pub mod model;
pub mod render;
pub mod search;
pub mod state;
pub mod tokens;
pub mod transfer;
pub mod web;
pub mod webhooks;

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, DefaultHeaders, ErrorHandlers};
use actix_web::{web as aweb, App};

use crate::error::AppError;
use crate::i18n::Message;
use crate::state::AppState;

/// Largest form a browser may send: a 64 KiB post plus the other fields.
const FORM_LIMIT_BYTES: usize = 256 * 1024;

/// Every background job of an app server, each defined beside the rules it
/// applies; `fixloop serve` starts them once (`jobs::Runner`).
pub fn background_jobs(state: &AppState) -> Vec<jobs::Job> {
    let (pool, config) = (&state.pool, &state.config);
    let mut jobs = search::outbox::jobs(pool.clone(), state.search.clone());
    jobs.extend(mail::outbox::jobs(pool.clone(), state.mailer.clone()));
    jobs.extend(webhooks::outbox::jobs(pool.clone(), state.webhooks.clone()));
    jobs.extend([
        forum::accounts::mail_preferences::digest_job(pool.clone(), config.digest_hour),
        forum::accounts::mail_preferences::solved_reminders_job(
            pool.clone(),
            config.solved_reminder_days,
        ),
        forum::before_service::maintenance::reminders_job(pool.clone()),
        post_languages_job(state.clone()),
        web::view_counts::flush_job(pool.clone(), state.views.clone()),
        web::site_changes::announcer_job(state.clone()),
        web::site_changes::watcher_job(state.clone()),
    ]);
    jobs
}

/// Reads posts written before their language was kept
/// (forum::discussion::post_languages): a batch, then the next at once while
/// there are more; once all are read, a look every ten minutes (a post
/// written by a path that does not find its language is read then). Through
/// `AppState::db`, so kept pages end when a batch marks threads.
fn post_languages_job(state: AppState) -> jobs::Job {
    jobs::Job::new(
        "post_languages",
        jobs::Schedule::every_seconds(10 * 60),
        move || {
            let state = state.clone();
            async move {
                state
                    .db(forum::discussion::post_languages::run_batch)
                    .await
                    .map_err(jobs::app_error)
            }
        },
    )
    .again_while_busy()
}

/// What the metrics listener reads at a scrape: the pool and each outbox's
/// backlog (metrics itself knows none of them).
pub fn metrics_sources(state: &AppState) -> metrics::Sources {
    metrics::Sources {
        pool: state.pool.clone(),
        backlogs: vec![
            ("search", search::outbox::backlog),
            ("mail", mail::outbox::backlog),
            ("webhooks", webhooks::outbox::backlog),
        ],
    }
}

/// The whole application, used by `fixloop serve` and by every test.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let state = aweb::Data::new(state);
    // The extractors in `auth` read sessions through a trait object (auth
    // sits below the state); the same shared state behind both.
    let sessions: aweb::Data<dyn auth::extract::SessionSource> = aweb::Data::from(
        state.clone().into_inner() as std::sync::Arc<dyn auth::extract::SessionSource>,
    );
    App::new()
        .app_data(state)
        .app_data(sessions)
        .app_data(aweb::FormConfig::default().limit(FORM_LIMIT_BYTES))
        .app_data(
            aweb::PathConfig::default().error_handler(|_, _| AppError::NotFound("page").into()),
        )
        .app_data(aweb::QueryConfig::default().error_handler(|e, _| {
            AppError::BadRequest(
                Message::new("err-lib-address-has-malformed-parameter-e").with("e", e.to_string()),
            )
            .into()
        }))
        .configure(web::configure)
        .default_service(aweb::to(|| async {
            Err::<actix_web::HttpResponse, _>(AppError::NotFound("page"))
        }))
        .wrap(actix_web::middleware::from_fn(
            web::page_cache::serve_cached,
        ))
        .wrap(ErrorHandlers::new().default_handler(web::errors::error_page))
        .wrap(
            DefaultHeaders::new()
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("X-Frame-Options", "DENY"))
                .add(("Referrer-Policy", "same-origin"))
                .add((
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; \
                     script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
                )),
        )
        .wrap(Compress::default())
        // Outermost: one log line per request, with the final status.
        .wrap_fn(|req, srv| {
            let started = Instant::now();
            let method = req.method().clone();
            let path = req.path().to_owned();
            let response = srv.call(req);
            async move {
                let response = response.await?;
                metrics::request_done(
                    method.as_str(),
                    response.request().match_pattern(),
                    response.status().as_u16(),
                    started.elapsed(),
                );
                tracing::info!(
                    %method,
                    %path,
                    status = response.status().as_u16(),
                    ms = format!("{:.1}", started.elapsed().as_secs_f64() * 1000.0),
                    "request"
                );
                Ok(response)
            }
        })
}
