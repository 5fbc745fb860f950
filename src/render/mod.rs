//! Turning data into pages: Tera set-up (templates embedded in the binary,
//! auto-escaping on), date filters, and Markdown at write time.

pub mod charts;
pub mod language;
pub mod markdown;
pub mod stored;

use std::collections::HashMap;

use chrono::{NaiveDateTime, Utc};
use tera::{Tera, Value};

use crate::i18n::{self, Language, Message};

/// Every template, embedded so the binary runs from anywhere.
macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = templates![
    "base.html",
    "macros.html",
    "error.html",
    "language.html",
    "home.html",
    "_written_options.html",
    "_written_filter.html",
    "auth/login.html",
    "auth/oidc_finish.html",
    "auth/register.html",
    "auth/notice.html",
    "auth/confirm.html",
    "auth/forgot.html",
    "auth/reset.html",
    "auth/undo_email.html",
    "settings/_nav.html",
    "settings/devices.html",
    "settings/_maintenance_card.html",
    "devices/_ownership.html",
    "devices/_maintenance.html",
    "staff/maintenance.html",
    "settings/account.html",
    "settings/data.html",
    "settings/profile.html",
    "admin/members.html",
    "admin/member.html",
    "admin/webhooks.html",
    "admin/webhook.html",
    "threads/new.html",
    "threads/show.html",
    "threads/edit.html",
    "threads/history.html",
    "devices/index.html",
    "devices/show.html",
    "devices/form.html",
    "users/show.html",
    "staff/queue.html",
    "staff/synonyms.html",
    "staff/move_thread.html",
    "staff/dashboard.html",
    "staff/_service.html",
    "notifications.html",
    "staff/flags.html",
    "staff/audit.html",
    "search.html",
    "guides/details.html",
    "guides/step.html",
    "guides/history.html",
    "guides/_body.html",
    "parts/index.html",
    "parts/show.html",
    "parts/form.html",
    "parts/_swap.html",
    "threads/_private.html",
    "threads/_firmware.html",
    "devices/_firmware.html",
    "staff/firmware.html",
    "mail/layout.html",
    "mail/_button.html",
    "mail/verify_email.txt",
    "mail/verify_email.html",
    "mail/account_exists.txt",
    "mail/account_exists.html",
    "mail/reset_password.txt",
    "mail/reset_password.html",
    "mail/confirm_new_email.txt",
    "mail/confirm_new_email.html",
    "mail/email_changed.txt",
    "mail/email_changed.html",
    "mail/password_changed.txt",
    "mail/password_changed.html",
    "mail/notification.txt",
    "mail/notification.html",
    "mail/_known_issue.txt",
    "mail/_known_issue.html",
    "mail/digest.txt",
    "mail/digest.html",
    "mail/solved_reminder.txt",
    "mail/solved_reminder.html",
    "settings/mail.html",
    "mail_unsubscribe.html",
    "known_issues/macros.html",
    "known_issues/index.html",
    "known_issues/new.html",
    "known_issues/show.html",
    "threads/_known_issue_banner.html",
    "known_issues/_advice.html",
    "threads/_post_static.html",
    "threads/_post_footer.html",
    "devices/_known_issues.html",
    "devices/macros.html",
    "ideas/macros.html",
    "ideas/index.html",
    "ideas/new.html",
    "ideas/show.html",
    "devices/_ideas.html",
    "staff/_ideas.html",
    "settings/tokens.html",
];

pub fn build_templates() -> anyhow::Result<Tera> {
    let mut tera = Tera::default();
    tera.add_raw_templates(TEMPLATES.iter().copied())?;
    tera.autoescape_on(vec![".html"]);
    tera.register_function("t", crate::i18n::tera_function());
    tera.register_function("text", crate::i18n::tera_text_function());
    tera.register_filter("ago", ago_filter);
    tera.register_filter("datetime", datetime_filter);
    tera.register_filter("day", day_filter);
    tera.register_filter("initial", initial_filter);
    Ok(tera)
}

fn parse_timestamp(value: &Value) -> Option<NaiveDateTime> {
    let s = value.as_str()?;
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

/// "5 minutes ago", "3 days ago", or a date for anything older than a month
/// (in English; `time_ago_in` for another language).
pub fn time_ago(at: NaiveDateTime, now: NaiveDateTime) -> String {
    time_ago_in(Language::En, at, now)
}

/// "3 days ago" / "3일 전", "just now" / "방금", or the day for anything
/// older than a month, in `language` (CLDR plural forms through Fluent).
pub fn time_ago_in(language: Language, at: NaiveDateTime, now: NaiveDateTime) -> String {
    let seconds = (now - at).num_seconds().max(0);
    let ago = |key: &str, n: i64| i18n::text_with(language, key, &[("count", n.into())]);
    match seconds {
        0..=59 => i18n::text(language, "ago-just-now"),
        60..=3599 => ago("ago-minutes", seconds / 60),
        3600..=86_399 => ago("ago-hours", seconds / 3600),
        86_400..=2_591_999 => ago("ago-days", seconds / 86_400),
        _ => date_in(language, at),
    }
}

/// The parts of a moment every language's date messages may use.
/// A day: "13 Oct 2026" / "2026년 10월 13일".
pub fn date_in(language: Language, at: NaiveDateTime) -> String {
    Message::date("date-day", at).in_language(language)
}

/// A day without its year: "13 Oct" / "10월 13일".
pub fn short_date_in(language: Language, at: NaiveDateTime) -> String {
    Message::date("date-day-short", at).in_language(language)
}

/// A moment (UTC): "1 Dec 2026, 14:05 UTC" / "2026년 12월 1일 오후 2:05 UTC".
pub fn datetime_in(language: Language, at: NaiveDateTime) -> String {
    Message::date("date-time", at).in_language(language)
}

/// The filters' `lang` argument (a page's `lang`); English without one.
fn filter_language(args: &HashMap<String, Value>) -> Language {
    args.get("lang")
        .and_then(Value::as_str)
        .and_then(Language::from_code)
        .unwrap_or(Language::En)
}

/// `{{ on | day(lang=lang) }}`: a day ("2026-11-04") as the language says
/// it, "4 Nov 2026" / "2026년 11월 4일".
fn day_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    match value.as_str().and_then(i18n::day) {
        Some(at) => Ok(Value::String(date_in(filter_language(args), at))),
        None => Ok(value.clone()),
    }
}

/// `{{ at | ago(lang=lang) }}`.
fn ago_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    match parse_timestamp(value) {
        Some(at) => Ok(Value::String(time_ago_in(
            filter_language(args),
            at,
            Utc::now().naive_utc(),
        ))),
        None => Ok(Value::String(String::new())),
    }
}

/// `{{ at | datetime(lang=lang) }}`.
fn datetime_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    match parse_timestamp(value) {
        Some(at) => Ok(Value::String(datetime_in(filter_language(args), at))),
        None => Ok(Value::String(String::new())),
    }
}

/// The first letter of a name, upper-cased: the avatar placeholder.
fn initial_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let initial = value
        .as_str()
        .and_then(|s| s.chars().next())
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    Ok(Value::String(initial))
}

/// A static file served from the binary, with a content hash for cache busting.
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

pub const ASSETS: &[Asset] = &[
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/style.css")),
    },
    Asset {
        name: "suggest.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/suggest.js")),
    },
    Asset {
        name: "time_zone.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/time_zone.js")),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/favicon.svg")),
    },
];

/// A short hash of all assets: part of their URLs, so a new build busts caches.
pub fn assets_version() -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for asset in ASSETS {
        hasher.update(asset.bytes);
    }
    hex::encode(&hasher.finalize()[..6])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_ago_reads_naturally() {
        let now =
            NaiveDateTime::parse_from_str("2026-11-22T12:00:00", "%Y-%m-%dT%H:%M:%S").unwrap();
        let at = |s: i64| now - chrono::Duration::seconds(s);
        assert_eq!(time_ago(at(10), now), "just now");
        assert_eq!(time_ago(at(60), now), "1 minute ago");
        assert_eq!(time_ago(at(7200), now), "2 hours ago");
        assert_eq!(time_ago(at(86_400 * 3), now), "3 days ago");
        assert_eq!(time_ago(at(86_400 * 40), now), "13 Oct 2026");
    }

    #[test]
    fn dates_and_times_ago_read_naturally_in_korean() {
        let now =
            NaiveDateTime::parse_from_str("2026-12-01T14:05:00", "%Y-%m-%dT%H:%M:%S").unwrap();
        let at = |s: i64| now - chrono::Duration::seconds(s);
        let ko = Language::Ko;
        assert_eq!(time_ago_in(ko, at(10), now), "방금");
        assert_eq!(time_ago_in(ko, at(60), now), "1분 전");
        assert_eq!(time_ago_in(ko, at(7200), now), "2시간 전");
        assert_eq!(time_ago_in(ko, at(86_400 * 3), now), "3일 전");
        assert_eq!(time_ago_in(ko, at(86_400 * 40), now), "2026년 10월 22일");
        assert_eq!(datetime_in(ko, now), "2026년 12월 1일 오후 2:05 UTC");
        assert_eq!(
            datetime_in(ko, at(14 * 3600)),
            "2026년 12월 1일 오전 12:05 UTC"
        );
        assert_eq!(datetime_in(Language::En, now), "1 Dec 2026, 14:05 UTC");
        assert_eq!(
            datetime_in(Language::En, at(14 * 3600)),
            "1 Dec 2026, 00:05 UTC"
        );
        assert_eq!(short_date_in(ko, now), "12월 1일");
        assert_eq!(short_date_in(Language::En, now), "1 Dec");
    }
}
