//! Staff pages: the queue of threads waiting for staff, and the dashboard.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use tera::Context;

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::forum::discussion::escalations;
use crate::forum::staff::dashboard::{self, Period};
use crate::i18n::{self, Message};
use crate::render::charts;
use crate::state::AppState;
use crate::web::{actor, ok_page};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(queue).service(dashboard_page);
}

fn ensure_staff(viewer: &Viewer) -> AppResult<()> {
    actor(viewer)?.ensure_staff("err-desk-page-staff")
}

#[get("/staff/queue")]
async fn queue(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let items = state
        .db(move |conn| escalations::queue(conn, &actor))
        .await?;
    let mut context = Context::new();
    context.insert("items", &items);
    ok_page(&req, &viewer, "staff/queue.html", context)
}

#[derive(Deserialize)]
struct PeriodQuery {
    days: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// `?from=&to=` (dates, `to` inclusive) or `?days=N` ending today; 30 days by default.
fn period_from(query: &PeriodQuery, today: NaiveDate) -> AppResult<Period> {
    let date = |s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            AppError::BadRequest(
                Message::new("err-desk-string-not-date-like-2026")
                    .with("string", s.chars().take(20).collect::<String>()),
            )
        })
    };
    let non_empty = |o: &Option<String>| {
        o.as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned)
    };
    let period = match (non_empty(&query.from), non_empty(&query.to)) {
        (Some(from), to) => {
            let to = match to {
                Some(t) => date(&t)?,
                None => today,
            };
            Period {
                from: date(&from)?,
                to: to + Duration::days(1),
            }
        }
        (None, _) => {
            let days = match non_empty(&query.days) {
                None => 30,
                Some(d) => d
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=366).contains(n))
                    .ok_or_else(|| {
                        AppError::BadRequest("err-desk-choose-period-1-366-days".into())
                    })?,
            };
            Period {
                from: today - Duration::days(days - 1),
                to: today + Duration::days(1),
            }
        }
    };
    if period.days() < 1 || period.days() > 366 {
        return Err(AppError::BadRequest(
            "err-desk-choose-period-1-366-days-2".into(),
        ));
    }
    Ok(period)
}

#[get("/staff/dashboard")]
async fn dashboard_page(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    ensure_staff(&viewer)?;
    let period = period_from(&query, crate::model::now().date())?;
    let (ratio, cost) = (state.config.deflection_ratio, state.config.ticket_cost);
    let (data, service) = state
        .db(move |conn| {
            let data = dashboard::load(conn, period)?;
            let service = crate::forum::staff::service_health::load(
                conn,
                period.from,
                period.to,
                data.solved_percent,
                ratio,
                cost,
            )?;
            Ok((data, service))
        })
        .await?;
    // Charts take plain numbers and labels (render sits below the forum),
    // named in the reader's language.
    let lang = crate::web::language::of(&req);
    let name = |prefix: &str, raw: &str| i18n::text(lang, &format!("{prefix}{raw}"));
    let bucket_names: Vec<String> = service
        .first_reply
        .iter()
        .map(|b| name("dashboard-bucket-", b.name))
        .collect();
    let first_reply: Vec<charts::Share> = service
        .first_reply
        .iter()
        .zip(&bucket_names)
        .map(|(b, label)| (label.as_str(), b.count, b.percent))
        .collect();
    let status_names: Vec<String> = service
        .known_issues
        .iter()
        .map(|k| name("service-ki-status-", k.status))
        .collect();
    let known_issues: Vec<(&str, usize, i64)> = service
        .known_issues
        .iter()
        .zip(&status_names)
        .map(|(k, label)| (label.as_str(), k.issues, k.affected))
        .collect();
    let days: Vec<charts::Day> = data
        .days
        .iter()
        .map(|d| (d.date, d.opened, d.solved))
        .collect();
    let path_names: Vec<String> = data
        .paths
        .iter()
        .map(|p| name("dashboard-path-", p.path))
        .collect();
    let paths: Vec<charts::Share> = data
        .paths
        .iter()
        .zip(&path_names)
        .map(|(p, label)| (label.as_str(), p.count, p.percent))
        .collect();
    let mut context = Context::new();
    context.insert(
        "first_reply_chart",
        &charts::first_reply_bars(&first_reply, lang),
    );
    context.insert(
        "reply_split_chart",
        &charts::reply_split(service.by_customers, service.by_staff, lang),
    );
    context.insert(
        "health_band_chart",
        &charts::health_band(
            service.solved_percent,
            crate::forum::staff::service_health::LOW_PERCENT,
            crate::forum::staff::service_health::GOOD_PERCENT,
            lang,
        ),
    );
    context.insert(
        "known_issue_chart",
        &charts::known_issue_split(&known_issues, lang),
    );
    context.insert(
        "maintenance_chart",
        &charts::sent_and_done(
            service.maintenance.reminders_sent,
            service.maintenance.marked_done,
            lang,
        ),
    );
    context.insert("svc", &service);
    context.insert("daily_chart", &charts::daily_bars(&days, lang));
    context.insert("split_chart", &charts::path_split(&paths, lang));
    context.insert("last_day", &(period.to - Duration::days(1)));
    context.insert("d", &data);
    ok_page(&req, &viewer, "staff/dashboard.html", context)
}
