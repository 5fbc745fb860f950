//! Parts and part swaps: the catalogue (kept by staff), swap reports filed by
//! members, confirmations and disputes, and the compatibility matrix derived
//! from them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::threads::ThreadKind;
use crate::forum::{chars, Actor, Checks};
use crate::i18n::Message;
use crate::model::knowledge::parts::{self, EvidenceRow, Part, PartFields};
use crate::model::{discussion::threads, knowledge::devices};
use crate::render::markdown;

pub const OUTCOMES: [(&str, &str); 3] = [
    ("works", "Works"),
    ("caveats", "Works with caveats"),
    ("no_fit", "Does not fit"),
];

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PartDraft {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub part_number: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub description: String,
    /// Device URL names the part is made for, one per line.
    #[serde(default)]
    pub fits: String,
}

fn check_part(
    conn: &mut DbConn,
    draft: &PartDraft,
    editing: Option<&Part>,
) -> AppResult<(String, Vec<i64>)> {
    let mut checks = Checks::default();
    if !(2..=120).contains(&chars(draft.name.trim())) {
        checks.add("name", "err-parts-give-part-name-2-120");
    }
    if chars(draft.part_number.trim()) > 80 {
        checks.add("part_number", "err-parts-keep-part-number-under-80");
    }
    let slug = match draft.slug.trim() {
        "" => editing.map_or_else(|| slug::slugify(draft.name.trim()), |p| p.slug.clone()),
        s => s.to_owned(),
    };
    if slug.is_empty() || slug::slugify(&slug) != slug || slug == "new" {
        checks.add("slug", "err-parts-url-name-uses-lower-case");
    } else if editing.is_none_or(|p| p.slug != slug) && parts::find_by_slug(conn, &slug)?.is_some()
    {
        checks.add("slug", "err-parts-another-part-already-uses-url");
    }
    let mut device_ids = Vec::new();
    for line in draft.fits.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match devices::find_by_slug(conn, line)? {
            Some(d) => device_ids.push(d.id),
            None => checks.add(
                "fits",
                Message::new("err-parts-line-not-device-catalogue").with("line", line),
            ),
        }
    }
    checks.finish()?;
    Ok((slug, device_ids))
}

/// A description's HTML, rendered before any transaction opens; the size is
/// checked first.
pub(crate) fn render_description(description: &str) -> AppResult<String> {
    if description.len() > MAX_DESCRIPTION_BYTES {
        return Err(AppError::invalid(
            "description",
            "err-parts-keep-description-under-16-kib",
        ));
    }
    Ok(markdown::to_html(description))
}

/// Part descriptions are short: a few paragraphs at most.
const MAX_DESCRIPTION_BYTES: usize = 16 * 1024;

pub fn create_part(conn: &mut DbConn, actor: &Actor, draft: &PartDraft) -> AppResult<Part> {
    actor.ensure_staff("err-parts-only-staff-keep-parts-catalogue")?;
    let description = draft.description.trim();
    let description_html = render_description(description)?;
    write_tx(conn, |conn| {
        insert_part(
            conn,
            Some(actor),
            draft,
            &description_html,
            crate::model::now(),
        )
    })
}

/// A checked new part, in the caller's write transaction: `create_part`, or
/// an import (no actor: the operator) with the original date.
pub(crate) fn insert_part(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    draft: &PartDraft,
    description_html: &str,
    now: chrono::NaiveDateTime,
) -> AppResult<Part> {
    let description = draft.description.trim();
    {
        let (slug, device_ids) = check_part(conn, draft, None)?;
        let part = parts::insert(
            conn,
            &PartFields {
                slug: &slug,
                name: draft.name.trim(),
                part_number: draft.part_number.trim(),
                description_md: description,
                description_html,
                updated_at: now,
            },
            now,
        )?;
        parts::set_fits(conn, part.id, &device_ids)?;
        crate::forum::staff::moderation::audit(
            conn, actor, "add_part", None, None, None, &part.name,
        )?;
        Ok(part)
    }
}

pub fn update_part(
    conn: &mut DbConn,
    actor: &Actor,
    slug: &str,
    draft: &PartDraft,
) -> AppResult<String> {
    actor.ensure_staff("err-parts-only-staff-keep-parts-catalogue")?;
    let description = draft.description.trim();
    let description_html = render_description(description)?;
    write_tx(conn, |conn| {
        let part = parts::find_by_slug(conn, slug)?.ok_or(AppError::NotFound("part"))?;
        let (new_slug, device_ids) = check_part(conn, draft, Some(&part))?;
        parts::update(
            conn,
            part.id,
            &PartFields {
                slug: &new_slug,
                name: draft.name.trim(),
                part_number: draft.part_number.trim(),
                description_md: description,
                description_html: &description_html,
                updated_at: crate::model::now(),
            },
        )?;
        parts::set_fits(conn, part.id, &device_ids)?;
        crate::forum::staff::moderation::audit(
            conn,
            Some(actor),
            "edit_part",
            None,
            None,
            None,
            draft.name.trim(),
        )?;
        Ok(new_slug)
    })
}

/// The catalogue's part a member typed: its name or its URL name, in any
/// case (the form offers the names in a datalist; links and imports give
/// URL names).
pub fn find_part(conn: &mut DbConn, typed: &str) -> AppResult<Option<Part>> {
    let typed = typed.trim().to_lowercase();
    if let Some(part) = parts::find_by_slug(conn, &typed)? {
        return Ok(Some(part));
    }
    Ok(parts::all(conn)?
        .into_iter()
        .find(|p| p.name.trim().to_lowercase() == typed))
}

/// Checks the swap fields of a part-swap report; returns (part id, outcome).
/// The part is named as [`find_part`] reads it.
pub fn check_swap(
    conn: &mut DbConn,
    checks: &mut Checks,
    part_typed: &str,
    outcome: &str,
    caveats: &str,
    has_device: bool,
) -> AppResult<Option<(i64, String)>> {
    let part = match part_typed.trim() {
        "" => {
            checks.add("part", "err-parts-choose-part-swapped");
            None
        }
        typed => {
            let part = find_part(conn, typed)?;
            if part.is_none() {
                checks.add(
                    "part",
                    Message::new("err-parts-typed-not-catalogue-pick-one").with("typed", typed),
                );
            }
            part
        }
    };
    if !has_device {
        checks.add("device", "err-parts-choose-device-revision-part-went");
    }
    if !OUTCOMES.iter().any(|(o, _)| *o == outcome) {
        checks.add("outcome", "err-parts-say-how-went-works-works");
    }
    if chars(caveats) > 4000 {
        checks.add("caveats", "err-parts-keep-what-had-do-under");
    }
    Ok(part.map(|p| (p.id, outcome.to_owned())))
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ConfirmForm {
    /// "yes": it worked the same for me; "no": it did not.
    #[serde(default)]
    pub agrees: String,
    #[serde(default)]
    pub device: String,
    #[serde(default)]
    pub comment: String,
}

/// Another member confirms or disputes a swap report, once.
pub fn confirm(
    conn: &mut DbConn,
    actor: &Actor,
    thread_id: i64,
    form: &ConfirmForm,
) -> AppResult<()> {
    actor.ensure_can_write()?;
    let agrees = match form.agrees.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(AppError::invalid(
                "agrees",
                "err-parts-say-whether-matched-experience",
            ))
        }
    };
    if chars(form.comment.trim()) > 1000 {
        return Err(AppError::invalid(
            "comment",
            "err-parts-keep-comment-under-1-000",
        ));
    }
    write_tx(conn, |conn| {
        let thread = threads::find(conn, thread_id).map_err(not_found("report"))?;
        if thread.kind != ThreadKind::PartSwap.as_str()
            || parts::report_of_thread(conn, thread.id)?.is_none()
        {
            return Err(AppError::NotFound("part-swap report"));
        }
        if thread.author_id == actor.id {
            return Err(AppError::forbidden(
                "err-parts-own-report-confirmations-come-from",
            ));
        }
        let device_id = match form.device.trim() {
            "" => None,
            slug => Some(
                devices::find_by_slug(conn, slug)?
                    .ok_or_else(|| AppError::invalid("device", "err-parts-device-not-catalogue"))?
                    .id,
            ),
        };
        parts::insert_confirmation(
            conn,
            thread.id,
            actor.id,
            agrees,
            device_id,
            form.comment.trim(),
            crate::model::now(),
        )
        .map_err(|e| match AppError::from(e) {
            AppError::Conflict(_) => {
                AppError::Conflict("err-parts-have-already-confirmed-disputed-report".into())
            }
            other => other,
        })?;
        Ok(())
    })
}

/// One cell of the compatibility matrix: a part in a device, with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    pub part_name: String,
    pub part_slug: String,
    pub device_name: String,
    pub device_slug: String,
    /// works | caveats | no_fit | conflicting
    pub status: &'static str,
    pub works: usize,
    pub caveats: usize,
    pub no_fit: usize,
    pub confirmations: i64,
    pub disputes: i64,
    /// (thread id, title, slug) of the reports.
    pub evidence: Vec<(i64, String, String)>,
}

/// Derives the matrix from reports and confirmation counts. Conflicting
/// evidence (different outcomes, or any dispute) is shown as such.
pub fn matrix(rows: &[EvidenceRow], counts: &[(i64, bool, i64)]) -> Vec<MatrixCell> {
    let mut cells: BTreeMap<(String, String), MatrixCell> = BTreeMap::new();
    for row in rows {
        let cell = cells
            .entry((row.part_name.clone(), row.device_name.clone()))
            .or_insert_with(|| MatrixCell {
                part_name: row.part_name.clone(),
                part_slug: row.part_slug.clone(),
                device_name: row.device_name.clone(),
                device_slug: row.device_slug.clone(),
                status: "works",
                works: 0,
                caveats: 0,
                no_fit: 0,
                confirmations: 0,
                disputes: 0,
                evidence: Vec::new(),
            });
        match row.outcome.as_str() {
            "works" => cell.works += 1,
            "caveats" => cell.caveats += 1,
            _ => cell.no_fit += 1,
        }
        for (thread, agrees, n) in counts.iter().filter(|(t, ..)| *t == row.thread_id) {
            let _ = thread;
            if *agrees {
                cell.confirmations += n;
            } else {
                cell.disputes += n;
            }
        }
        cell.evidence
            .push((row.thread_id, row.title.clone(), row.slug.clone()));
    }
    cells
        .into_values()
        .map(|mut cell| {
            let kinds = [cell.works, cell.caveats, cell.no_fit]
                .iter()
                .filter(|n| **n > 0)
                .count();
            cell.status = if kinds > 1 || cell.disputes > 0 {
                "conflicting"
            } else if cell.works > 0 {
                "works"
            } else if cell.caveats > 0 {
                "caveats"
            } else {
                "no_fit"
            };
            cell
        })
        .collect()
}

/// The matrix for a part, for a device and everything below it, or one report.
pub fn load_matrix(conn: &mut DbConn, scope: parts::EvidenceFor) -> AppResult<Vec<MatrixCell>> {
    let rows = parts::evidence(conn, scope)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.thread_id).collect();
    let counts = parts::confirmation_counts(conn, &ids)?;
    Ok(matrix(&rows, &counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(thread_id: i64, outcome: &str) -> EvidenceRow {
        EvidenceRow {
            thread_id,
            title: format!("report {thread_id}"),
            slug: "r".into(),
            outcome: outcome.into(),
            part_id: 1,
            part_name: "Battery".into(),
            part_slug: "battery".into(),
            device_id: 1,
            device_name: "Rev A".into(),
            device_slug: "rev-a".into(),
        }
    }

    #[test]
    fn agreeing_evidence_gives_its_status_and_conflicts_show() {
        let cells = matrix(
            &[row(1, "works"), row(2, "works")],
            &[(1, true, 3), (2, true, 1)],
        );
        assert_eq!(cells.len(), 1);
        assert_eq!(
            (cells[0].status, cells[0].works, cells[0].confirmations),
            ("works", 2, 4)
        );
        let cells = matrix(&[row(1, "works"), row(2, "no_fit")], &[]);
        assert_eq!(cells[0].status, "conflicting");
        let cells = matrix(&[row(1, "caveats")], &[(1, false, 1)]);
        assert_eq!((cells[0].status, cells[0].disputes), ("conflicting", 1));
    }
}
