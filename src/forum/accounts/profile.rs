//! What a member's profile shows about them beyond their posts: a short
//! plain-text bio and an avatar (set through the photo rules, removed here).
//! Both are public, so a suspension stops changes like it stops posts.

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult};
use crate::forum::{chars, Actor};
use crate::i18n::Message;
use crate::model::accounts::users;

/// Longest bio, in characters.
pub const MAX_BIO_CHARS: usize = 300;

/// The bio as it is kept: plain text on one line (pages show it as text,
/// never as Markdown), runs of spaces and line breaks made one space.
pub fn clean_bio(bio: &str) -> String {
    bio.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn set_bio(conn: &mut DbConn, actor: &Actor, bio: &str) -> AppResult<()> {
    actor.ensure_can_write()?;
    let bio = clean_bio(bio);
    if chars(&bio) > MAX_BIO_CHARS {
        return Err(AppError::invalid(
            "bio",
            Message::new("err-profile-keep-bio-max-bio-chars")
                .with("max_bio_chars", MAX_BIO_CHARS)
                .with("bio", chars(&bio)),
        ));
    }
    write_tx(conn, |conn| {
        users::set_bio(conn, actor.id, &bio)?;
        Ok(())
    })
}

pub fn remove_avatar(conn: &mut DbConn, actor: &Actor) -> AppResult<()> {
    actor.ensure_can_write()?;
    write_tx(conn, |conn| {
        users::set_avatar(conn, actor.id, None)?;
        Ok(())
    })
}
