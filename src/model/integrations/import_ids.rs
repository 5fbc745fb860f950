//! What `fixloop import` has written: (record type, source id) -> new row id.

use diesel::prelude::*;

use crate::db::schema::import_ids;
use crate::db::DbConn;

/// Records that a record of the file became row `new_id`, in the
/// transaction that wrote it.
pub fn insert(
    conn: &mut DbConn,
    record_type: &str,
    source_id: &str,
    new_id: i64,
) -> QueryResult<usize> {
    diesel::insert_into(import_ids::table)
        .values((
            import_ids::record_type.eq(record_type),
            import_ids::source_id.eq(source_id),
            import_ids::new_id.eq(new_id),
        ))
        .execute(conn)
}

/// Every record imported so far: (record type, source id, new id), a page
/// at a time after the given key.
pub fn page_after(
    conn: &mut DbConn,
    after: Option<(&str, &str)>,
    limit: i64,
) -> QueryResult<Vec<(String, String, i64)>> {
    let mut query = import_ids::table
        .select((
            import_ids::record_type,
            import_ids::source_id,
            import_ids::new_id,
        ))
        .order((import_ids::record_type.asc(), import_ids::source_id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some((record_type, source_id)) = after {
        query = query.filter(
            import_ids::record_type
                .gt(record_type.to_owned())
                .or(import_ids::record_type
                    .eq(record_type.to_owned())
                    .and(import_ids::source_id.gt(source_id.to_owned()))),
        );
    }
    query.load(conn)
}
