//! The forum-wide change counters (`site_changes`, one row) that app
//! servers share: see `web::site_changes`.

use diesel::prelude::*;

use crate::db::schema::site_changes;
use crate::db::DbConn;

/// The counters as one server last read them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Queryable)]
pub struct Counters {
    pub pages: i64,
    pub hidden: i64,
}

pub fn read(conn: &mut DbConn) -> QueryResult<Counters> {
    site_changes::table
        .find(1)
        .select((site_changes::pages, site_changes::hidden))
        .first(conn)
}

/// Adds one to `pages`, and to `hidden` too when something was hidden.
/// Its own short transaction, after the writes it announces committed.
pub fn bump(conn: &mut DbConn, hidden: bool) -> QueryResult<usize> {
    diesel::update(site_changes::table.find(1))
        .set((
            site_changes::pages.eq(site_changes::pages + 1),
            site_changes::hidden.eq(site_changes::hidden + i64::from(hidden)),
        ))
        .execute(conn)
}
