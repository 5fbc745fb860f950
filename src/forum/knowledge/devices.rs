//! The device catalogue: a tree of maker > product line > model > revision,
//! kept by admins.

use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{not_found, AppError, AppResult};
use crate::forum::staff::moderation::audit;
use crate::forum::{chars, Actor, Checks};
use crate::i18n::Message;
use crate::model::knowledge::devices::{self, Device, DeviceChanges, NewDevice};
use crate::render::markdown;

/// Levels of the tree, from the top. A child sits at a deeper level than its
/// parent. Pages name them (`device-kind-…`).
pub const KINDS: [&str; 4] = ["maker", "line", "model", "revision"];

/// Paths under /devices/ that are pages, not devices.
const RESERVED_SLUGS: [&str; 2] = ["new", "edit"];

fn level(kind: &str) -> Option<usize> {
    KINDS.iter().position(|k| *k == kind)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DeviceDraft {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    /// Optional: made from the name when left empty.
    #[serde(default)]
    pub slug: String,
    /// The parent's slug; empty for a maker at the top.
    #[serde(default)]
    pub parent: String,
    #[serde(default)]
    pub description: String,
}

fn check_fields(checks: &mut Checks, draft: &DeviceDraft) {
    let name_len = chars(draft.name.trim());
    if !(2..=100).contains(&name_len) {
        checks.add("name", "err-devices-give-device-name-2-100");
    }
    if level(&draft.kind).is_none() {
        checks.add("kind", "err-devices-choose-maker-product-line-model");
    }
    let slug = draft.slug.trim();
    if !slug.is_empty() && (slug::slugify(slug) != slug || slug.len() > 100) {
        checks.add("slug", "err-devices-url-name-uses-lower-case");
    }
    if RESERVED_SLUGS.contains(&slug) {
        checks.add("slug", "err-devices-url-name-reserved-choose-another");
    }
    if draft.description.len() > MAX_DESCRIPTION_BYTES {
        checks.add("description", "err-devices-keep-description-under-16-kib");
    }
}

/// A free slug for a new device: the one asked for, or one made from the name
/// (prefixed with the parent's when the plain one is taken).
fn choose_slug(
    conn: &mut DbConn,
    checks: &mut Checks,
    draft: &DeviceDraft,
    parent: Option<&Device>,
) -> AppResult<String> {
    let asked = draft.slug.trim();
    if !asked.is_empty() {
        if devices::slug_taken(conn, asked)? {
            checks.add("slug", "err-devices-another-device-already-uses-url");
        }
        return Ok(asked.to_owned());
    }
    let mut base = slug::slugify(draft.name.trim());
    if base.is_empty() || RESERVED_SLUGS.contains(&base.as_str()) {
        base = "device".to_owned();
    }
    let mut candidates = vec![base.clone()];
    if let Some(parent) = parent {
        candidates.push(format!("{}-{}", parent.slug, base));
    }
    for candidate in candidates {
        if !devices::slug_taken(conn, &candidate)? {
            return Ok(candidate);
        }
    }
    for n in 2.. {
        let candidate = format!("{base}-{n}");
        if !devices::slug_taken(conn, &candidate)? {
            return Ok(candidate);
        }
    }
    unreachable!("some numbered slug is free")
}

const MAX_DESCRIPTION_BYTES: usize = 16 * 1024;

/// A description's HTML, rendered before the write transaction opens. One
/// over the size limit is not rendered: the form's checks refuse it anyway.
pub(crate) fn render_description(draft: &DeviceDraft) -> String {
    let description = draft.description.trim();
    if description.len() > MAX_DESCRIPTION_BYTES {
        return String::new();
    }
    markdown::to_html(description)
}

pub fn create_device(conn: &mut DbConn, actor: &Actor, draft: &DeviceDraft) -> AppResult<Device> {
    actor.ensure_can_manage_devices()?;
    let description_html = render_description(draft);
    write_tx(conn, |conn| {
        insert_device(
            conn,
            Some(actor),
            draft,
            &description_html,
            crate::model::now(),
        )
    })
}

/// A checked new device, in the caller's write transaction: `create_device`,
/// or an import (no actor: the operator) with the original date.
pub(crate) fn insert_device(
    conn: &mut DbConn,
    actor: Option<&Actor>,
    draft: &DeviceDraft,
    description_html: &str,
    now: chrono::NaiveDateTime,
) -> AppResult<Device> {
    {
        let mut checks = Checks::default();
        check_fields(&mut checks, draft);
        let parent = match draft.parent.trim() {
            "" => None,
            slug => {
                let parent = devices::find_by_slug(conn, slug)?;
                if parent.is_none() {
                    checks.add("parent", "err-devices-parent-device-does-not-exist");
                }
                parent
            }
        };
        match (&parent, level(&draft.kind)) {
            (None, Some(l)) if l > 0 => checks.add("parent", "err-devices-only-maker-sits-at-top"),
            (Some(p), Some(l)) if level(&p.kind).is_some_and(|pl| pl >= l) => checks.add(
                "kind",
                Message::new("err-devices-kind-cannot-sit-under-parent")
                    .with("kind", &draft.kind)
                    .with("parent_kind", &p.kind),
            ),
            _ => {}
        }
        let slug = choose_slug(conn, &mut checks, draft, parent.as_ref())?;
        checks.finish()?;

        let description = draft.description.trim();
        let device = devices::insert(
            conn,
            &NewDevice {
                parent_id: parent.as_ref().map(|p| p.id),
                kind: &draft.kind,
                slug: &slug,
                name: draft.name.trim(),
                // Completed below, once the id is known.
                path: "",
                description_md: description,
                description_html,
                created_at: now,
                updated_at: now,
            },
        )?;
        let path = format!(
            "{}{}/",
            parent.as_ref().map_or("/", |p| p.path.as_str()),
            device.id
        );
        devices::set_path(conn, device.id, &path)?;
        audit(
            conn,
            actor,
            "add_device",
            None,
            None,
            None,
            &format!("{} ({})", device.name, device.slug),
        )?;
        Ok(Device { path, ..device })
    }
}

/// Renames or re-describes a device. Its place in the tree stays where it is;
/// its level may change as long as it stays between its parent and children.
pub fn update_device(
    conn: &mut DbConn,
    actor: &Actor,
    device_id: i64,
    draft: &DeviceDraft,
) -> AppResult<Device> {
    actor.ensure_can_manage_devices()?;
    let description_html = render_description(draft);
    write_tx(conn, |conn| {
        let device = devices::find(conn, device_id).map_err(not_found("device"))?;
        let mut checks = Checks::default();
        check_fields(&mut checks, draft);
        let new_level = level(&draft.kind);
        if let (Some(parent_id), Some(l)) = (device.parent_id, new_level) {
            let parent = devices::find(conn, parent_id)?;
            if level(&parent.kind).is_some_and(|pl| pl >= l) {
                checks.add(
                    "kind",
                    Message::new("err-devices-kind-cannot-sit-under-parent")
                        .with("kind", &draft.kind)
                        .with("parent_kind", &parent.kind),
                );
            }
        } else if device.parent_id.is_none() && new_level.is_some_and(|l| l > 0) {
            checks.add("kind", "err-devices-device-at-top-catalogue-maker");
        }
        if let Some(l) = new_level {
            let children = devices::children(conn, device.id)?;
            if children
                .iter()
                .any(|c| level(&c.kind).is_some_and(|cl| cl <= l))
            {
                checks.add("kind", "err-devices-some-devices-under-one-would");
            }
        }
        let slug = match draft.slug.trim() {
            "" => device.slug.clone(),
            s if s == device.slug => device.slug.clone(),
            s => {
                if devices::slug_taken(conn, s)? {
                    checks.add("slug", "err-devices-another-device-already-uses-url");
                }
                s.to_owned()
            }
        };
        checks.finish()?;
        let description = draft.description.trim();
        audit(
            conn,
            Some(actor),
            "edit_device",
            None,
            None,
            None,
            &format!("{} → {} ({slug})", device.name, draft.name.trim()),
        )?;
        Ok(devices::update(
            conn,
            device.id,
            &DeviceChanges {
                kind: &draft.kind,
                slug: &slug,
                name: draft.name.trim(),
                description_md: description,
                description_html: &description_html,
                updated_at: crate::model::now(),
            },
        )?)
    })
}

/// Looks a device up by slug, as a 404 when missing.
pub fn require_by_slug(conn: &mut DbConn, slug: &str) -> AppResult<Device> {
    devices::find_by_slug(conn, slug)?.ok_or(AppError::NotFound("device"))
}
