//! "My devices": a member says which devices they own (any device of the
//! tree), with an optional nickname, purchase date and firmware version.
//! Private unless they show it on their profile.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult};
use crate::forum::{chars, Actor, Checks};
use crate::i18n::Message;
use crate::model::before_service::owned_devices::{self as store, OwnedDevice, OwnedFields};
use crate::model::knowledge::devices::Device;

pub const MAX_NICKNAME_CHARS: usize = 60;
pub const MAX_FIRMWARE_CHARS: usize = 40;

/// The "I own this" form, as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct OwnedDraft {
    #[serde(default)]
    pub nickname: String,
    /// YYYY-MM-DD (a date input), or empty.
    #[serde(default)]
    pub purchased_on: String,
    #[serde(default)]
    pub firmware: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pub shown_on_profile: Option<String>,
}

impl OwnedDraft {
    pub fn of(owned: &OwnedDevice) -> OwnedDraft {
        OwnedDraft {
            nickname: owned.nickname.clone(),
            purchased_on: owned
                .purchased_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            firmware: owned.firmware.clone(),
            shown_on_profile: owned.shown_on_profile.then(|| "on".to_owned()),
        }
    }
}

/// A typed date (YYYY-MM-DD) that is not after `today`; the message names
/// what was wrong (by the field's name).
pub fn parse_past_date(
    checks: &mut Checks,
    field: &'static str,
    raw: &str,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let raw = raw.trim();
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(date) if date > today => {
            checks.add(
                field,
                Message::new("err-owned-devices-what-cannot-future-today-today")
                    .with("what", field)
                    .with("today", today.to_string()),
            );
            None
        }
        Ok(date) if date.year_ce().1 < 1900 => {
            checks.add(
                field,
                Message::new("err-owned-devices-give-what-date-after-1900").with("what", field),
            );
            None
        }
        Ok(date) => Some(date),
        Err(_) => {
            let shown: String = raw.chars().take(40).collect();
            checks.add(
                field,
                Message::new("err-owned-devices-shown-not-date-give-what")
                    .with("shown", shown)
                    .with("what", field),
            );
            None
        }
    }
}

/// The checked fields of a draft, or every message at once (422).
fn check(draft: &OwnedDraft, today: NaiveDate) -> AppResult<(String, Option<NaiveDate>, String)> {
    let mut checks = Checks::default();
    let nickname = draft.nickname.trim();
    if chars(nickname) > MAX_NICKNAME_CHARS {
        checks.add(
            "nickname",
            Message::new("err-owned-devices-keep-nickname-max-nickname-chars")
                .with("max_nickname_chars", MAX_NICKNAME_CHARS),
        );
    }
    let firmware = draft.firmware.trim();
    if chars(firmware) > MAX_FIRMWARE_CHARS {
        checks.add(
            "firmware",
            Message::new("err-owned-devices-firmware-version-has-at-most")
                .with("max_firmware_chars", MAX_FIRMWARE_CHARS),
        );
    }
    let purchased_on = if draft.purchased_on.trim().is_empty() {
        None
    } else {
        parse_past_date(&mut checks, "purchased_on", &draft.purchased_on, today)
    };
    checks.finish()?;
    Ok((nickname.to_owned(), purchased_on, firmware.to_owned()))
}

/// "I own this" on a device page: adds the device to the member's list, or
/// updates what they said about it.
pub fn own(
    conn: &mut DbConn,
    actor: &Actor,
    device: &Device,
    draft: &OwnedDraft,
    now: NaiveDateTime,
) -> AppResult<OwnedDevice> {
    write_tx(conn, |conn| own_in_tx(conn, actor, device, draft, now))
}

/// `own`, in the caller's write transaction (an import dates it `now`).
pub(crate) fn own_in_tx(
    conn: &mut DbConn,
    actor: &Actor,
    device: &Device,
    draft: &OwnedDraft,
    now: NaiveDateTime,
) -> AppResult<OwnedDevice> {
    actor.ensure_can_write()?;
    let (nickname, purchased_on, firmware) = check(draft, now.date())?;
    let fields = OwnedFields {
        nickname: &nickname,
        purchased_on,
        firmware: &firmware,
        shown_on_profile: draft.shown_on_profile.is_some(),
    };
    store::upsert(conn, actor.id, device.id, &fields, now)?;
    store::find_by_device(conn, actor.id, device.id)?.ok_or(AppError::NotFound("device"))
}

/// One of the actor's own devices; someone else's is "not found" (the list
/// is private).
pub fn require_own(conn: &mut DbConn, actor: &Actor, owned_id: i64) -> AppResult<OwnedDevice> {
    store::find_for_user(conn, actor.id, owned_id)?.ok_or(AppError::NotFound("owned device"))
}

pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    owned_id: i64,
    draft: &OwnedDraft,
    now: NaiveDateTime,
) -> AppResult<()> {
    // Someone else's device is "not found" before anything else (it is private).
    let owned = require_own(conn, actor, owned_id)?;
    actor.ensure_can_write()?;
    let (nickname, purchased_on, firmware) = check(draft, now.date())?;
    let fields = OwnedFields {
        nickname: &nickname,
        purchased_on,
        firmware: &firmware,
        shown_on_profile: draft.shown_on_profile.is_some(),
    };
    write_tx(conn, |conn| store::update(conn, owned.id, &fields))?;
    Ok(())
}

/// "I no longer own this": the device leaves the list, with its
/// maintenance log and reminders.
pub fn remove(conn: &mut DbConn, actor: &Actor, owned_id: i64) -> AppResult<()> {
    // Someone else's device is "not found" before anything else (it is private).
    let owned = require_own(conn, actor, owned_id)?;
    actor.ensure_can_write()?;
    write_tx(conn, |conn| store::delete(conn, owned.id))?;
    Ok(())
}

/// The device a new question starts with: the one the member added last.
/// With one device that is it; with several, the newest is most likely the
/// one on their desk (and it is one click to change). None without any.
pub fn prefill_device(conn: &mut DbConn, user_id: i64) -> AppResult<Option<String>> {
    Ok(store::newest_device_slug(conn, user_id)?)
}
