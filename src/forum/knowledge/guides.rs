//! Repair guides: their details, ordered steps (every change kept as a
//! revision) and "I did this repair" completions.

use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::accounts::reputation;
use crate::forum::discussion::threads::ThreadKind;
use crate::forum::{chars, Actor, Checks, Policy};
use crate::i18n::Message;
use crate::model::knowledge::guides::{self, Guide, NewStep, Step};
use crate::model::{discussion::posts, discussion::threads, knowledge::devices};
use crate::render::markdown::Rendered;
use crate::search;

/// The difficulties a guide may have; pages name them (`guide-difficulty-…`).
pub const DIFFICULTIES: [&str; 4] = ["easy", "moderate", "difficult", "very_difficult"];

/// The details a new guide starts with: nothing the author did not choose
/// (difficulty and time stay unset until they do).
pub fn default_details(thread_id: i64) -> Guide {
    Guide {
        thread_id,
        difficulty: None,
        time_min: None,
        time_max: None,
        tools: String::new(),
        parts: String::new(),
        prerequisites: String::new(),
        conclusion_md: String::new(),
        conclusion_html: String::new(),
        completions_worked: 0,
        completions_failed: 0,
        updated_at: crate::model::now(),
    }
}

/// The time range of a form: both ends empty (not set) or both whole
/// minutes from 1 to 10,000, the first not after the second.
pub fn check_time_range(min: &str, max: &str) -> Result<Option<(i32, i32)>, &'static str> {
    let minutes = |s: &str| {
        s.trim()
            .parse::<i32>()
            .ok()
            .filter(|m| (1..=10_000).contains(m))
    };
    match (min.trim(), max.trim()) {
        ("", "") => Ok(None),
        (min, max) => match (minutes(min), minutes(max)) {
            (Some(min), Some(max)) if min <= max => Ok(Some((min, max))),
            _ => Err("err-guides-give-time-range-minutes-e"),
        },
    }
}

/// The guide behind a thread, checked to be one, and whether the actor may edit it.
fn guide_thread(conn: &mut DbConn, thread_id: i64) -> AppResult<(threads::Thread, Guide)> {
    let thread = threads::find(conn, thread_id).map_err(not_found("guide"))?;
    if thread.kind != ThreadKind::Guide.as_str() {
        return Err(AppError::NotFound("guide"));
    }
    let guide = guides::find(conn, thread.id)?.unwrap_or_else(|| default_details(thread.id));
    Ok((thread, guide))
}

fn ensure_can_edit(actor: &Actor, thread: &threads::Thread) -> AppResult<()> {
    actor.ensure_can_write()?;
    if actor.can_edit_post(thread.author_id) {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "err-guides-only-guides-author-staff-can",
        ))
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DetailsForm {
    #[serde(default)]
    pub difficulty: String,
    #[serde(default)]
    pub time_min: String,
    #[serde(default)]
    pub time_max: String,
    #[serde(default)]
    pub tools: String,
    #[serde(default)]
    pub parts: String,
    #[serde(default)]
    pub prerequisites: String,
    #[serde(default)]
    pub conclusion: String,
}

pub fn update_details(
    conn: &mut DbConn,
    actor: &Actor,
    thread_id: i64,
    form: &DetailsForm,
    policy: &Policy,
) -> AppResult<()> {
    actor.ensure_can_write()?;
    let conclusion_md = form.conclusion.trim();
    if conclusion_md.len() > crate::forum::discussion::threads::MAX_BODY_BYTES {
        return Err(AppError::invalid(
            "conclusion",
            "err-guides-conclusion-can-at-most-64",
        ));
    }
    let conclusion = Rendered::of(conclusion_md);
    write_tx(conn, |conn| {
        let (thread, mut guide) = guide_thread(conn, thread_id)?;
        ensure_can_edit(actor, &thread)?;
        let mut checks = Checks::default();
        // An empty choice leaves the difficulty unset.
        let difficulty = form.difficulty.trim();
        if !difficulty.is_empty() && !DIFFICULTIES.contains(&difficulty) {
            checks.add("difficulty", "err-guides-choose-how-difficult-repair-not");
        }
        match check_time_range(&form.time_min, &form.time_max) {
            Ok(range) => {
                guide.time_min = range.map(|(min, _)| min);
                guide.time_max = range.map(|(_, max)| max);
            }
            Err(message) => checks.add("time_min", message),
        }
        if form.tools.len() > 4000 || form.parts.len() > 4000 {
            checks.add("tools", "err-guides-keep-tool-part-lists-under");
        }
        let mut prerequisite_ids = Vec::new();
        for part in form
            .prerequisites
            .split([',', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let id = part.trim_start_matches('#').parse::<i64>().ok();
            match id.map(|id| threads::find(conn, id)) {
                Some(Ok(t)) if t.kind == ThreadKind::Guide.as_str() && t.id != thread.id => {
                    prerequisite_ids.push(t.id)
                }
                _ => checks.add(
                    "prerequisites",
                    Message::new("err-guides-part-not-number-another-guide").with("part", part),
                ),
            }
        }
        checks.finish()?;
        guide.difficulty = (!difficulty.is_empty()).then(|| difficulty.to_owned());
        guide.tools = form.tools.trim().to_owned();
        guide.parts = form.parts.trim().to_owned();
        guide.prerequisites = prerequisite_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        if guide.conclusion_md != conclusion_md {
            policy.check_new_member_limits(conn, actor, conclusion.has_links)?;
        }
        guide.conclusion_md = conclusion_md.to_owned();
        guide.conclusion_html = conclusion.html;
        guide.updated_at = crate::model::now();
        if guides::update(conn, &guide)? == 0 {
            guides::insert(conn, &guide)?;
        }
        search::thread_changed(conn, thread.id)?;
        Ok(())
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct StepForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub caution: String,
    #[serde(default)]
    pub note: String,
    /// Where to insert a new step (1 = first); empty for the end.
    #[serde(default)]
    pub position: String,
}

pub(crate) fn check_step(form: &StepForm) -> Checks {
    let mut checks = Checks::default();
    if !(1..=200).contains(&chars(form.title.trim())) {
        checks.add("title", "err-guides-give-step-title-up-200");
    }
    if form.body.trim().is_empty() {
        checks.add("body", "err-guides-describe-what-do-step");
    } else if form.body.len() > crate::forum::discussion::threads::MAX_BODY_BYTES {
        checks.add("body", "err-guides-step-can-at-most-64");
    }
    if chars(&form.caution) > 500 || chars(&form.note) > 500 {
        checks.add("caution", "err-guides-keep-cautions-notes-under-500");
    }
    checks
}

/// A step's body rendered for storing, once the form passed its checks (the
/// size among them), before any transaction opens.
fn render_step(form: &StepForm) -> AppResult<Rendered> {
    check_step(form).finish()?;
    Ok(Rendered::of(&form.body))
}

pub fn add_step(
    conn: &mut DbConn,
    actor: &Actor,
    thread_id: i64,
    form: &StepForm,
    policy: &Policy,
) -> AppResult<Step> {
    actor.ensure_can_write()?;
    let body = render_step(form)?;
    write_tx(conn, |conn| {
        let (thread, _) = guide_thread(conn, thread_id)?;
        ensure_can_edit(actor, &thread)?;
        policy.check_new_member_limits(conn, actor, body.has_links)?;
        let existing = guides::steps(conn, thread.id)?;
        let last = existing.len() as i32 + 1;
        let mut checks = check_step(form);
        let position = match form.position.trim() {
            "" => last,
            p => match p.parse::<i32>() {
                Ok(n) if (1..=last).contains(&n) => n,
                _ => {
                    checks.add(
                        "position",
                        Message::new("err-guides-choose-position-from-1-last").with("last", last),
                    );
                    last
                }
            },
        };
        checks.finish()?;
        // Make room: the steps from that position on move one down.
        for step in existing.iter().rev().filter(|s| s.position >= position) {
            guides::set_position(conn, step.id, step.position + 1)?;
        }
        let now = crate::model::now();
        let step = guides::insert_step(
            conn,
            &NewStep {
                thread_id: thread.id,
                position,
                title: form.title.trim(),
                body_md: &form.body,
                body_html: &body.html,
                body_text: &body.text,
                caution: form.caution.trim(),
                note: form.note.trim(),
                created_at: now,
                updated_at: now,
            },
        )?;
        guides::record_revision(conn, &step, actor.id, "add", now)?;
        search::thread_changed(conn, thread.id)?;
        Ok(step)
    })
}

fn step_and_thread(
    conn: &mut DbConn,
    actor: &Actor,
    step_id: i64,
) -> AppResult<(Step, threads::Thread)> {
    let step = guides::find_step(conn, step_id).map_err(not_found("step"))?;
    let thread = threads::find(conn, step.thread_id)?;
    ensure_can_edit(actor, &thread)?;
    Ok((step, thread))
}

pub fn edit_step(
    conn: &mut DbConn,
    actor: &Actor,
    step_id: i64,
    form: &StepForm,
    policy: &Policy,
) -> AppResult<Step> {
    actor.ensure_can_write()?;
    let body = render_step(form)?;
    write_tx(conn, |conn| {
        let (step, thread) = step_and_thread(conn, actor, step_id)?;
        check_step(form).finish()?;
        policy.check_new_member_limits(conn, actor, body.has_links)?;
        let now = crate::model::now();
        guides::record_revision(conn, &step, actor.id, "edit", now)?;
        guides::update_step(
            conn,
            step.id,
            (
                form.title.trim(),
                &form.body,
                (&body.html, &body.text),
                form.caution.trim(),
                form.note.trim(),
            ),
            now,
        )?;
        search::thread_changed(conn, thread.id)?;
        Ok(guides::find_step(conn, step.id)?)
    })
}

/// Moves a step one place up or down, swapping it with its neighbour.
pub fn move_step(conn: &mut DbConn, actor: &Actor, step_id: i64, direction: &str) -> AppResult<()> {
    write_tx(conn, |conn| {
        let (step, thread) = step_and_thread(conn, actor, step_id)?;
        let target = match direction {
            "up" => step.position - 1,
            "down" => step.position + 1,
            _ => return Err(AppError::BadRequest("err-guides-move-step-up-down".into())),
        };
        let steps = guides::steps(conn, thread.id)?;
        let Some(neighbour) = steps.iter().find(|s| s.position == target) else {
            return Err(AppError::BadRequest(
                Message::new("err-guides-step-position-cannot-move-direction")
                    .with("position", step.position)
                    .with("direction", direction),
            ));
        };
        let now = crate::model::now();
        guides::record_revision(conn, &step, actor.id, "move", now)?;
        guides::set_position(conn, neighbour.id, step.position)?;
        guides::set_position(conn, step.id, target)?;
        Ok(())
    })
}

pub fn delete_step(conn: &mut DbConn, actor: &Actor, step_id: i64) -> AppResult<i64> {
    write_tx(conn, |conn| {
        let (step, thread) = step_and_thread(conn, actor, step_id)?;
        guides::record_revision(conn, &step, actor.id, "delete", crate::model::now())?;
        guides::delete_step(conn, step.id)?;
        for later in guides::steps(conn, thread.id)?
            .iter()
            .filter(|s| s.position > step.position)
        {
            guides::set_position(conn, later.id, later.position - 1)?;
        }
        search::thread_changed(conn, thread.id)?;
        Ok(thread.id)
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CompletionForm {
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub device: String,
    #[serde(default)]
    pub comment: String,
}

/// "I did this repair": once per member, with how it went; not by the guide's author.
pub fn complete(
    conn: &mut DbConn,
    actor: &Actor,
    thread_id: i64,
    form: &CompletionForm,
) -> AppResult<()> {
    actor.ensure_can_write()?;
    let worked = match form.outcome.as_str() {
        "worked" => true,
        "failed" => false,
        _ => {
            return Err(AppError::invalid(
                "outcome",
                "err-guides-say-whether-repair-worked",
            ))
        }
    };
    if chars(form.comment.trim()) > 1000 {
        return Err(AppError::invalid(
            "comment",
            "err-guides-keep-comment-under-1-000",
        ));
    }
    write_tx(conn, |conn| {
        let (thread, guide) = guide_thread(conn, thread_id)?;
        // Completions are others' evidence (and earn the author reputation).
        if thread.author_id == actor.id {
            return Err(AppError::forbidden("err-guides-wrote-guide-i-did-repair"));
        }
        if guides::find(conn, thread.id)?.is_none() {
            guides::insert(conn, &guide)?;
        }
        let device_id = match form.device.trim() {
            "" => None,
            slug => Some(
                devices::find_by_slug(conn, slug)?
                    .ok_or_else(|| AppError::invalid("device", "err-guides-device-not-catalogue"))?
                    .id,
            ),
        };
        guides::insert_completion(
            conn,
            thread.id,
            actor.id,
            worked,
            device_id,
            form.comment.trim(),
            crate::model::now(),
        )
        .map_err(|e| match AppError::from(e) {
            AppError::Conflict(_) => {
                AppError::Conflict("err-guides-have-already-recorded-repair".into())
            }
            other => other,
        })?;
        guides::count_completion(conn, thread.id, worked)?;
        if worked {
            let opening = posts::opening_post(conn, thread.id)?;
            reputation::award(
                conn,
                reputation::GUIDE_WORKED,
                thread.author_id,
                opening.id,
                actor.id,
            )?;
        }
        Ok(())
    })
}

/// Who reads what staff hid (posts, guide steps, withdrawn threads): staff.
pub fn sees_hidden(reader: Option<&Actor>) -> bool {
    reader.is_some_and(Actor::is_staff)
}

/// Whether everything that belongs to a thread is withheld from this reader:
/// its opening post is hidden (see `model::discussion::threads::opening_post_hidden`) and
/// the reader is not staff.
pub fn withheld(conn: &mut DbConn, reader: Option<&Actor>, thread_id: i64) -> AppResult<bool> {
    Ok(!sees_hidden(reader) && threads::is_withdrawn(conn, thread_id)?)
}

/// Staff hide one step of a guide, with the reason readers see in its place;
/// its text leaves search and its versions the step history. Returns the
/// guide's thread id.
pub fn hide_step(conn: &mut DbConn, actor: &Actor, step_id: i64, reason: &str) -> AppResult<i64> {
    actor.ensure_staff("err-guides-only-staff-can-hide-guide")?;
    let reason = reason.trim();
    if reason.is_empty() || chars(reason) > 200 {
        return Err(AppError::invalid(
            "reason",
            "err-guides-give-reason-up-200-characters",
        ));
    }
    write_tx(conn, |conn| {
        let step = guides::find_step(conn, step_id).map_err(not_found("step"))?;
        let thread = threads::find(conn, step.thread_id)?;
        let now = crate::model::now();
        guides::set_step_hidden(conn, step.id, true, Some(reason), Some(actor.id), Some(now))?;
        search::thread_changed(conn, thread.id)?;
        crate::forum::staff::moderation::audit(
            conn,
            Some(actor),
            "hide_step",
            Some(thread.author_id),
            Some(thread.id),
            None,
            &format!("step {} “{}”: {reason}", step.position, step.title),
        )?;
        Ok(thread.id)
    })
}

/// Staff show a hidden step again. Returns the guide's thread id.
pub fn unhide_step(conn: &mut DbConn, actor: &Actor, step_id: i64) -> AppResult<i64> {
    actor.ensure_staff("err-guides-only-staff-can-unhide-guide")?;
    write_tx(conn, |conn| {
        let step = guides::find_step(conn, step_id).map_err(not_found("step"))?;
        if !step.hidden {
            return Err(AppError::Conflict("err-guides-step-not-hidden".into()));
        }
        let thread = threads::find(conn, step.thread_id)?;
        guides::set_step_hidden(conn, step.id, false, None, None, None)?;
        search::thread_changed(conn, thread.id)?;
        crate::forum::staff::moderation::audit(
            conn,
            Some(actor),
            "unhide_step",
            Some(thread.author_id),
            Some(thread.id),
            None,
            &format!("step {} “{}”", step.position, step.title),
        )?;
        Ok(thread.id)
    })
}
