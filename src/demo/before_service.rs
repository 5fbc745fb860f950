//! The demo's before-service part: devices people own, a maintenance plan
//! with a task due, a known issue gathering three threads with a status
//! history, and a firmware release that leaves one solution "not yet
//! confirmed" on the newest firmware. Written through the forum's rules.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::threads as threads_table;
use crate::db::DbConn;
use crate::forum::{
    before_service::firmware, before_service::ideas, before_service::known_issues,
    before_service::maintenance, before_service::owned_devices, Actor, Policy,
};
use crate::model::{discussion::threads, knowledge::devices};

use super::explain;

fn thread_titled(conn: &mut DbConn, title: &str) -> anyhow::Result<threads::Thread> {
    let id: i64 = threads_table::table
        .filter(threads_table::title.eq(title))
        .select(threads_table::id)
        .first(conn)
        .with_context(|| format!("demo thread {title:?}"))?;
    Ok(threads::find(conn, id)?)
}

fn device(
    conn: &mut DbConn,
    slugs: &HashMap<&str, String>,
    name: &str,
) -> anyhow::Result<devices::Device> {
    let slug = slugs.get(name).with_context(|| format!("device {name}"))?;
    devices::find_by_slug(conn, slug)?.with_context(|| format!("device {slug}"))
}

pub fn load(
    conn: &mut DbConn,
    actors: &HashMap<&str, Actor>,
    slugs: &HashMap<&str, String>,
    now: NaiveDateTime,
) -> anyhow::Result<String> {
    let actor = |name: &str| {
        actors
            .get(name)
            .with_context(|| format!("demo member {name}"))
    };
    let staff = actor("sol_support")?;
    let policy = Policy::unlimited();

    // A maintenance plan on the washer, shown by the demo guide; Gus bought
    // his washer four months ago, so the three-monthly task is due.
    let washer = device(conn, slugs, "Hearth W7 washer")?;
    let guide = thread_titled(conn, "Clean the drain pump filter of a Hearth W7")?;
    maintenance::add_task(
        conn,
        staff,
        &washer,
        &maintenance::TaskDraft {
            title: "Clean the drain pump filter".into(),
            why: "Lint and coins block the pump: the washer stops with error E21 and water in the drum.".into(),
            interval_count: "3".into(),
            interval_unit: "months".into(),
            usage_hint: String::new(),
            guide: format!("#{}", guide.id),
        },
    )
    .map_err(explain)?;
    maintenance::add_task(
        conn,
        staff,
        &washer,
        &maintenance::TaskDraft {
            title: "Wipe the door seal and leave the door ajar".into(),
            why: "A damp seal grows mould and starts to smell.".into(),
            usage_hint: "after every few hot washes".into(),
            ..Default::default()
        },
    )
    .map_err(explain)?;
    owned_devices::own(
        conn,
        actor("grandpa_gus")?,
        &washer,
        &owned_devices::OwnedDraft {
            nickname: "The cellar washer".into(),
            purchased_on: (now - Duration::days(125)).date().to_string(),
            shown_on_profile: Some("on".into()),
            ..Default::default()
        },
        now,
    )
    .map_err(explain)?;

    // Firmware: the fan fix was checked on 3.05; 3.06 came out since.
    let model = device(conn, slugs, "Modulo 13 (Intel 12th gen)")?;
    let release = |version: &str, days_ago: i64, notes: &str| firmware::ReleaseForm {
        version: version.into(),
        released_on: (now - Duration::days(days_ago)).date().to_string(),
        notes: notes.into(),
    };
    firmware::add_release(
        conn,
        staff,
        &model.slug,
        &release("3.05", 40, "Fan curve and battery charge limit fixes."),
    )
    .map_err(explain)?;
    let fan = thread_titled(conn, "Fan spins at full speed after waking from sleep")?;
    if let Some(solution) = fan.solution_post_id {
        firmware::record_check(conn, staff, &fan, solution, "3.05").map_err(explain)?;
    }
    firmware::add_release(
        conn,
        staff,
        &model.slug,
        &release("3.06", 3, "USB-C power delivery negotiation."),
    )
    .map_err(explain)?;
    let rev_b = device(conn, slugs, "Modulo 13 Gen12 board rev B")?;
    owned_devices::own(
        conn,
        actor("tinker_tom")?,
        &rev_b,
        &owned_devices::OwnedDraft {
            nickname: "Work laptop".into(),
            purchased_on: (now - Duration::days(400)).date().to_string(),
            firmware: "3.05".into(),
            ..Default::default()
        },
        now,
    )
    .map_err(explain)?;

    // A known issue: the USB-C question and two more like it, linked.
    let line = device(conn, slugs, "Modulo Laptop 13")?;
    let first = thread_titled(
        conn,
        "USB-C port only charges when the cable is held at an angle",
    )?;
    let mut linked = vec![first.id];
    for (author, title, body) in [
        (
            "rita_repairs",
            "Charging stops when I touch the USB-C cable",
            "On my Modulo 13 the charging light goes off whenever the cable moves. The cable is fine on my phone.",
        ),
        (
            "tinker_tom",
            "Left USB-C port loose after a year",
            "The left expansion card's USB-C socket wobbles and the laptop drops to battery. Anyone else?",
        ),
    ] {
        let thread = crate::forum::discussion::threads::create_thread(
            conn,
            actor(author)?,
            &crate::forum::discussion::threads::ThreadDraft {
                kind: "troubleshooting".into(),
                title: title.into(),
                device: rev_b.slug.clone(),
                body: body.into(),
                ..Default::default()
            },
            &policy,
            &[],
        )
        .map_err(explain)?;
        linked.push(thread.id);
    }
    let issue = known_issues::open(
        conn,
        staff,
        &known_issues::IssueDraft {
            title: "USB-C charging drops when the cable moves".into(),
            device: line.slug.clone(),
            body: "The laptop stops charging when the USB-C cable is touched or at an angle; \
                   the expansion card's socket is loose. Seen on boards rev A and rev B."
                .into(),
            status: "investigating".into(),
            ..Default::default()
        },
    )
    .map_err(explain)?;
    for id in &linked {
        known_issues::link(conn, staff, issue.id, &id.to_string(), false).map_err(explain)?;
    }
    for member in ["mia_mobile", "student_sam"] {
        known_issues::me_too(conn, actor(member)?, issue.id).map_err(explain)?;
    }
    known_issues::change_status(
        conn,
        staff,
        issue.id,
        &known_issues::StatusChange {
            status: "workaround_available".into(),
            workaround: Some(
                "Use the rear USB-C port, or swap the expansion card: replacement cards ship from the parts store."
                    .into(),
            ),
            note: "We reproduced it: the expansion card's socket wears. A workaround until new cards ship."
                .into(),
            ..Default::default()
        },
    )
    .map_err(explain)?;

    // An idea for the product team, wanted by three members, under review.
    let idea = ideas::propose(
        conn,
        actor("rita_repairs")?,
        &ideas::IdeaDraft {
            title: "A USB-C expansion card with a screw-locked socket".into(),
            device: line.slug.clone(),
            body: "The socket on the expansion card loosens after a year of plugging in. \
                   A socket held by a screw, like the hinge covers, would keep it tight \
                   and still be swappable."
                .into(),
        },
        &policy,
    )
    .map_err(explain)?;
    for member in ["tinker_tom", "mia_mobile", "student_sam"] {
        ideas::vote(conn, actor(member)?, idea.id).map_err(explain)?;
    }
    ideas::change_status(
        conn,
        staff,
        idea.id,
        &ideas::StatusChange {
            status: "under_review".into(),
            note: "Our hardware team is testing a locking socket for the next card batch.".into(),
        },
    )
    .map_err(explain)?;
    Ok(format!(
        "Before-service: 2 owned devices, a maintenance plan with a task due, a known issue with {} linked threads, firmware 3.06 newer than a solution's check, an idea under review with 3 votes.",
        linked.len()
    ))
}
