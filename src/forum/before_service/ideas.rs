//! Ideas for the product teams: a member proposes an improvement for a device
//! as a thread of kind `idea` (its replies are the discussion), members vote
//! for it (one vote each, the proposer's included: proposing casts it; a vote
//! can be taken back), and staff move its status forward (proposed → under
//! review → planned → shipped / declined) with a note. The history is the
//! shared status history of `forum::before_service::known_issues` (`Flow`, `record_status`).
//! The proposer, every voter and every follower hears of each change.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::before_service::known_issues::{record_status, Flow};
use crate::forum::discussion::threads::{
    check_body, check_title, insert_with_opening_post, resolve_device, ThreadKind,
};
use crate::forum::staff::moderation::audit;
use crate::forum::{chars, Actor, Checks, Policy};
use crate::i18n::Message;
use crate::model::before_service::ideas::{self as store, Idea, ListFilter, ListItem};
use crate::model::discussion::threads::{self, Thread};
use crate::render::markdown::Rendered;
use crate::search;

/// The notification (and mail kind) of a status change.
pub const STATUS_CHANGED: &str = "idea_status";
pub const MAX_NOTE_CHARS: usize = 500;
/// Ideas per family on the staff dashboard.
pub const WANTED_PER_FAMILY: usize = 5;

/// Shipped and declined are alternative ends (equal rank).
pub const FLOW: Flow = Flow {
    summary: "err-flow-idea",
    steps: &[
        ("proposed", "Proposed", 0),
        ("under_review", "Under review", 1),
        ("planned", "Planned", 2),
        ("shipped", "Shipped", 3),
        ("declined", "Declined", 3),
    ],
};

/// Not shipped or declined: still wanted, open to votes.
pub fn is_open(status: &str) -> bool {
    !matches!(status, "shipped" | "declined")
}

/// What the "propose an idea" form submits.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct IdeaDraft {
    #[serde(default)]
    pub title: String,
    /// A device slug (required).
    #[serde(default)]
    pub device: String,
    /// What it is and why (Markdown): the opening post.
    #[serde(default)]
    pub body: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct StatusChange {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub note: String,
}

/// Checks a draft without writing anything; the device's id.
pub fn validate_draft(conn: &mut DbConn, draft: &IdeaDraft) -> AppResult<i64> {
    let mut checks = Checks::default();
    check_title(&mut checks, &draft.title);
    check_body(&mut checks, &draft.body);
    let device = if draft.device.trim().is_empty() {
        checks.add("device", "err-ideas-choose-device-idea");
        None
    } else {
        resolve_device(conn, &mut checks, &draft.device)?
    };
    checks.finish()?;
    device.map(|d| d.id).ok_or(AppError::NotFound("device"))
}

/// Proposes an idea: its thread (kind `idea`) with the description as the
/// opening post, its row (status "proposed", the proposer's vote counted),
/// the first history entry, and the search outbox row.
pub fn propose(
    conn: &mut DbConn,
    actor: &Actor,
    draft: &IdeaDraft,
    policy: &Policy,
) -> AppResult<Thread> {
    actor.ensure_can_write()?;
    validate_draft(conn, draft)?;
    let body = Rendered::of(&draft.body);
    let lang = crate::forum::discussion::threads::thread_lang(draft.title.trim(), &body);
    write_tx(conn, |conn| {
        let device_id = validate_draft(conn, draft)?;
        policy.check_new_member_limits(conn, actor, body.has_links)?;
        let title = draft.title.trim();
        let now = crate::model::now();
        let thread = insert_with_opening_post(
            conn,
            actor,
            ThreadKind::Idea.as_str(),
            (title, lang),
            Some(device_id),
            (&draft.body, &body),
            now,
        )?;
        insert_idea_rows(conn, thread.id, "proposed", actor.id, now)?;
        search::thread_changed(conn, thread.id)?;
        Ok(thread)
    })
}

/// A new idea's row (the proposer's vote counted) and first history entry,
/// in the caller's write transaction (`propose`, and an import with the
/// original status and date).
pub(crate) fn insert_idea_rows(
    conn: &mut DbConn,
    thread_id: i64,
    status: &str,
    proposer_id: i64,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    store::insert(
        conn,
        &Idea {
            thread_id,
            status: status.to_owned(),
            is_open: is_open(status),
            votes: 1,
            changed_at: now,
        },
    )?;
    store::insert_vote(conn, thread_id, proposer_id, now)?;
    let note = if status == "proposed" {
        "Proposed."
    } else {
        "Imported."
    };
    crate::forum::before_service::known_issues::record_status_at(
        conn,
        (thread_id, status),
        "",
        note,
        proposer_id,
        now,
    )
}

fn load_idea(conn: &mut DbConn, id: i64) -> AppResult<(Thread, Idea)> {
    let idea = store::find(conn, id)?.ok_or(AppError::NotFound("idea"))?;
    let thread = threads::find(conn, id).map_err(not_found("idea"))?;
    Ok((thread, idea))
}

/// A vote for an idea: one per member (a second is a 409); shipped and
/// declined ideas take no more votes.
pub fn vote(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<()> {
    actor.ensure_can_write()?;
    write_tx(conn, |conn| {
        let (thread, idea) = load_idea(conn, id)?;
        if !idea.is_open {
            return Err(AppError::Conflict(
                Message::new("err-ideas-idea-lowercase-takes-no-more")
                    .with("status", idea.status.as_str()),
            ));
        }
        count_vote(conn, thread.id, actor.id, crate::model::now())
    })
}

/// A vote and the idea's count, in the caller's write transaction (`vote`,
/// once the idea is open; an import, whose votes were cast while it was).
pub(crate) fn count_vote(
    conn: &mut DbConn,
    thread_id: i64,
    user_id: i64,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    store::insert_vote(conn, thread_id, user_id, now).map_err(|e| match AppError::from(e) {
        AppError::Conflict(_) => AppError::Conflict("err-ideas-have-already-voted-idea".into()),
        other => other,
    })?;
    store::add_votes(conn, thread_id, 1)?;
    Ok(())
}

/// Takes a vote back (a 409 when there is none to take back).
pub fn unvote(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<()> {
    actor.ensure_can_write()?;
    write_tx(conn, |conn| {
        let (thread, _) = load_idea(conn, id)?;
        if store::delete_vote(conn, thread.id, actor.id)? == 0 {
            return Err(AppError::Conflict(
                "err-ideas-have-not-voted-idea-so".into(),
            ));
        }
        store::add_votes(conn, thread.id, -1)?;
        Ok(())
    })
}

/// Staff move an idea's status forward, with a note (required to decline);
/// the proposer, the voters and the followers are told.
pub fn change_status(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    change: &StatusChange,
) -> AppResult<()> {
    actor.ensure_staff("err-ideas-only-staff-can-change-ideas")?;
    let status = change.status.trim();
    let note = change.note.trim();
    write_tx(conn, |conn| {
        let (thread, idea) = load_idea(conn, id)?;
        let mut checks = Checks::default();
        if let Err(message) = FLOW.check(&idea.status, status) {
            checks.add("status", message);
        }
        if chars(note) > MAX_NOTE_CHARS {
            checks.add(
                "note",
                Message::new("err-ideas-keep-note-under-max-note")
                    .with("max_note_chars", MAX_NOTE_CHARS),
            );
        } else if status == "declined" && note.is_empty() {
            checks.add("note", "err-ideas-say-why-declined-everyone-who");
        }
        checks.finish()?;
        let now = crate::model::now();
        store::set_status(conn, thread.id, status, is_open(status), now)?;
        record_status(conn, thread.id, status, "", note, actor.id)?;
        audit(
            conn,
            Some(actor),
            "idea_status",
            None,
            Some(thread.id),
            None,
            status,
        )?;
        let audience = store::audience(conn, thread.id)?;
        crate::forum::discussion::answers::notify(
            conn,
            &audience,
            STATUS_CHANGED,
            thread.id,
            None,
            actor.id,
        )
    })
}

/// The ideas of one device family on the staff dashboard.
#[derive(Debug, Serialize)]
pub struct FamilyIdeas {
    /// The family's name; None gathers the ideas of no device.
    pub family: Option<String>,
    pub ideas: Vec<WantedIdea>,
}

#[derive(Debug, Serialize)]
pub struct WantedIdea {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub votes: i64,
    pub device_name: Option<String>,
}

/// A device's family, as the dashboard counts it: its product line (second
/// level of the tree), or the maker for a device tied directly to a maker.
fn family_of(device_path: &str) -> Option<i64> {
    let ids = crate::model::knowledge::devices::path_ids(device_path);
    ids.get(1).or_else(|| ids.first()).copied()
}

/// Groups the open ideas (most votes first) by family: the families in the
/// order of their most wanted idea, at most `per_family` ideas each.
pub fn group_by_family(
    items: Vec<ListItem>,
    family_names: &BTreeMap<i64, String>,
    per_family: usize,
) -> Vec<FamilyIdeas> {
    let mut out: Vec<FamilyIdeas> = Vec::new();
    for item in items {
        let family = item
            .device_path
            .as_deref()
            .and_then(family_of)
            .and_then(|id| family_names.get(&id).cloned());
        let index = match out.iter().position(|f| f.family == family) {
            Some(i) => i,
            None => {
                out.push(FamilyIdeas {
                    family,
                    ideas: Vec::new(),
                });
                out.len() - 1
            }
        };
        let group = &mut out[index];
        if group.ideas.len() < per_family {
            group.ideas.push(WantedIdea {
                id: item.id,
                title: item.title,
                status: item.status,
                votes: item.votes,
                device_name: item.device_name,
            });
        }
    }
    out
}

/// The dashboard's "most wanted, by device family": the 200 open ideas with
/// the most votes, in one query, grouped by family.
pub fn most_wanted(
    conn: &mut DbConn,
    family_names: &BTreeMap<i64, String>,
) -> AppResult<Vec<FamilyIdeas>> {
    let filter = ListFilter {
        open_only: true,
        ..Default::default()
    };
    let items = store::list(conn, &filter, 0, 200)?;
    Ok(group_by_family(items, family_names, WANTED_PER_FAMILY))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_moves_forward_only() {
        assert!(FLOW.check("proposed", "under_review").is_ok());
        assert!(FLOW.check("proposed", "declined").is_ok());
        assert!(FLOW.check("under_review", "planned").is_ok());
        assert!(FLOW.check("planned", "shipped").is_ok());
        assert!(FLOW.check("planned", "declined").is_ok());
        assert!(FLOW.check("planned", "under_review").is_err());
        assert!(FLOW.check("shipped", "declined").is_err());
        assert!(FLOW.check("under_review", "proposed").is_err());
        assert!(FLOW.check("planned", "planned").is_err());
        assert!(FLOW.check("planned", "someday").is_err());
        assert!(!is_open("shipped") && !is_open("declined") && is_open("planned"));
    }

    #[test]
    fn families_keep_the_vote_order() {
        let item = |id: i64, votes: i64, path: &str| ListItem {
            id,
            title: format!("Idea {id}"),
            slug: "idea".into(),
            status: "proposed".into(),
            is_open: true,
            votes,
            reply_count: 0,
            created_at: crate::model::now(),
            author_name: "a".into(),
            device_name: Some("D".into()),
            device_slug: Some("d".into()),
            device_path: Some(path.into()),
        };
        let names: BTreeMap<i64, String> = [
            (1, "Maker".into()),
            (2, "Line A".into()),
            (3, "Line B".into()),
        ]
        .into();
        let groups = group_by_family(
            vec![
                item(10, 9, "/1/3/7/"),
                item(11, 5, "/1/2/"),
                item(12, 4, "/1/3/"),
                item(13, 3, "/1/3/8/"),
            ],
            &names,
            2,
        );
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].family.as_deref(), Some("Line B"));
        let ids: Vec<i64> = groups[0].ideas.iter().map(|i| i.id).collect();
        assert_eq!(ids, vec![10, 12]);
        assert_eq!(groups[1].family.as_deref(), Some("Line A"));
    }
}
