//! `fixloop demo`: fills an empty database with a small, realistic community,
//! written through the same forum rules as everything else.

pub mod before_service;
pub mod content;
pub mod scale;

use std::collections::HashMap;

use anyhow::{bail, Context};
use chrono::Duration;

use crate::db::DbConn;
use crate::forum::accounts::credentials::{self, Registration};
use crate::forum::discussion::answers as answer_rules;
use crate::forum::discussion::escalations as escalation_rules;
use crate::forum::discussion::threads::{self as thread_rules, ThreadDraft};
use crate::forum::knowledge::devices::{self as device_rules, DeviceDraft};
use crate::forum::{Actor, Policy};
use crate::model::accounts::users::Role;
use crate::model::{accounts::users, discussion::posts, discussion::threads};
use content::{DemoDevice, DEVICES, THREADS, USERS};

/// Every demo account's password, printed when the demo is loaded.
pub const DEMO_PASSWORD: &str = "fixloop-demo";

fn explain(e: crate::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{}: {}", e, e.public_message(crate::i18n::Language::En))
}

pub fn load(conn: &mut DbConn) -> anyhow::Result<String> {
    if users::count(conn)? > 0 || threads::count(conn)? > 0 {
        bail!(
            "the database already has accounts or threads; `fixloop demo` only fills an empty one"
        );
    }
    // One hash for all demo accounts: they share a password, and hashing is slow on purpose.
    let hash = crate::auth::password::hash_password(DEMO_PASSWORD)?;
    let mut actors: HashMap<&str, Actor> = HashMap::new();
    for user in USERS {
        let role = Role::parse(user.role).with_context(|| format!("role of {}", user.username))?;
        let form = Registration {
            username: user.username.into(),
            email: format!("{}@demo.invalid", user.username.to_lowercase()),
            password: DEMO_PASSWORD.into(),
            password_confirm: DEMO_PASSWORD.into(),
            ..Default::default()
        };
        let created = credentials::register(conn, &form, &hash, role).map_err(explain)?;
        users::set_bio(conn, created.id, user.bio)?;
        actors.insert(
            user.username,
            Actor {
                id: created.id,
                role,
                suspended_until: None,
                reputation: 0,
                post_count: 0,
                email_verified: true,
            },
        );
    }
    let admin = actors
        .values()
        .find(|a| a.role == Role::Admin)
        .cloned()
        .context("the demo needs an admin")?;

    let mut device_slugs: HashMap<&str, String> = HashMap::new();
    for device in DEVICES {
        add_device(conn, &admin, device, None, &mut device_slugs)?;
    }

    // Demo accounts are new; the demo is not held to new-member limits.
    let policy = Policy::unlimited();
    let now = crate::model::now();
    let mut reply_total = 0;
    let mut solved = 0;
    let mut escalated = false;
    for demo in THREADS {
        let author = actors
            .get(demo.author)
            .with_context(|| format!("author {}", demo.author))?;
        let device = match demo.device {
            Some(name) => device_slugs
                .get(name)
                .cloned()
                .with_context(|| format!("device {name}"))?,
            None => String::new(),
        };
        let mut draft = ThreadDraft {
            kind: demo.kind.into(),
            title: demo.title.into(),
            device,
            body: demo.body.into(),
            ..Default::default()
        };
        // A part-swap report names a catalogue part, made for its device.
        if let Some((part_name, outcome)) = demo.swap {
            draft.part = ensure_part(conn, &admin, part_name, &draft.device)?;
            draft.outcome = outcome.into();
        }
        let thread =
            thread_rules::create_thread(conn, author, &draft, &policy, &[]).map_err(explain)?;
        if let Some(guide) = &demo.guide {
            for part_name in guide.parts {
                ensure_part(conn, &admin, part_name, &draft.device)?;
            }
            let details = crate::forum::knowledge::guides::DetailsForm {
                difficulty: guide.difficulty.into(),
                time_min: guide.minutes.0.to_string(),
                time_max: guide.minutes.1.to_string(),
                tools: guide.tools.join("\n"),
                parts: guide.parts.join("\n"),
                ..Default::default()
            };
            crate::forum::knowledge::guides::update_details(
                conn, author, thread.id, &details, &policy,
            )
            .map_err(explain)?;
        }
        for (title, body, caution) in demo.steps {
            let step = crate::forum::knowledge::guides::StepForm {
                title: (*title).into(),
                body: (*body).into(),
                caution: (*caution).into(),
                ..Default::default()
            };
            crate::forum::knowledge::guides::add_step(conn, author, thread.id, &step, &policy)
                .map_err(explain)?;
        }
        // Spread the conversation out from the day it started.
        let started = now - Duration::days(i64::from(demo.days_ago)) - Duration::hours(3);
        let opening = posts::opening_post(conn, thread.id)?;
        posts::set_created_at(conn, opening.id, started)?;
        let mut at = started;
        let mut answers: Vec<(i64, &Actor)> = Vec::new();
        for (i, reply) in demo.replies.iter().enumerate() {
            let replier = actors
                .get(reply.author)
                .with_context(|| format!("replier {}", reply.author))?;
            let post = thread_rules::reply(conn, replier, thread.id, reply.body, &policy)
                .map_err(explain)?;
            at += Duration::minutes(47 + 83 * i as i64);
            posts::set_created_at(conn, post.id, at.min(now))?;
            if replier.id != author.id {
                answers.push((post.id, replier));
            }
            reply_total += 1;
        }
        threads::set_times(conn, thread.id, started, at.min(now))?;

        // Show the whole cycle: older answered questions are solved (by the
        // last answer someone else gave), verified by staff where staff took
        // part; one unanswered question waits for staff.
        if demo.kind == "troubleshooting" {
            let last_answer = answers.last().map(|(id, _)| *id);
            match last_answer {
                Some(answer_id) if demo.days_ago >= 3 && answers.len() >= 2 => {
                    answer_rules::mark_solution(conn, author, answer_id).map_err(explain)?;
                    threads::set_solved_at(conn, thread.id, (at + Duration::hours(2)).min(now))?;
                    if let Some((_, staff)) = answers.iter().find(|(_, a)| a.is_staff()) {
                        answer_rules::verify(
                            conn,
                            staff,
                            answer_id,
                            "Confirmed by our support team.",
                        )
                        .map_err(explain)?;
                    }
                    solved += 1;
                }
                None if !escalated => {
                    escalation_rules::escalate(conn, author, thread.id, &policy)
                        .map_err(explain)?;
                    escalated = true;
                }
                _ => {}
            }
        }
    }
    let before_service = before_service::load(conn, &actors, &device_slugs, now)?;
    // The conversations were backdated after they were indexed.
    for id in crate::search::document::all_thread_ids(conn)? {
        crate::search::document::refresh(conn, id)?;
    }
    crate::search::vocabulary::rebuild(conn, true)?;
    Ok(format!(
        "Loaded the demo: {} members, {} devices, {} threads ({solved} solved), {} replies.\n\
         {before_service}\n\
         The demo accounts, each with the password '{DEMO_PASSWORD}':\n{}",
        USERS.len(),
        device_slugs.len(),
        THREADS.len(),
        reply_total,
        account_list(),
    ))
}

/// One line per demo account: its name and its role, admins first.
fn account_list() -> String {
    let mut accounts: Vec<_> = USERS.iter().collect();
    accounts.sort_by_key(|u| std::cmp::Reverse(Role::parse(u.role)));
    let width = accounts.iter().map(|u| u.username.len()).max().unwrap_or(0);
    accounts
        .iter()
        .map(|u| format!("  {:<width$}  {}", u.username, u.role))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The catalogue part of this name, created (made for `device`) if it is
/// not there yet. Returns its slug.
fn ensure_part(
    conn: &mut DbConn,
    admin: &Actor,
    name: &str,
    device: &str,
) -> anyhow::Result<String> {
    let slug = slug::slugify(name);
    if crate::model::knowledge::parts::find_by_slug(conn, &slug)?.is_none() {
        let fields = crate::forum::knowledge::parts::PartDraft {
            name: name.into(),
            fits: device.into(),
            ..Default::default()
        };
        crate::forum::knowledge::parts::create_part(conn, admin, &fields).map_err(explain)?;
    }
    Ok(slug)
}

fn add_device<'a>(
    conn: &mut DbConn,
    admin: &Actor,
    device: &'a DemoDevice,
    parent: Option<&str>,
    slugs: &mut HashMap<&'a str, String>,
) -> anyhow::Result<()> {
    let draft = DeviceDraft {
        name: device.name.into(),
        kind: device.kind.into(),
        slug: String::new(),
        parent: parent.unwrap_or("").into(),
        description: device.description.into(),
    };
    let created = device_rules::create_device(conn, admin, &draft).map_err(explain)?;
    slugs.insert(device.name, created.slug.clone());
    for child in device.children {
        add_device(conn, admin, child, Some(&created.slug), slugs)?;
    }
    Ok(())
}
