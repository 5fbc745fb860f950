//! Rendered HTML is stored with what it was rendered from (posts, private
//! messages, guide steps and conclusions, device and part descriptions), so
//! a page never renders Markdown. When the renderer changes what it makes of
//! some text, the stored HTML is rendered again from its source: a migration
//! leaves a row in `render_upgrades`, and the first server to start after it
//! re-renders the rows concerned and removes the row (a second server doing
//! the same at once writes the same HTML).

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::DbConn;
use crate::render::markdown;

/// Every stored rendering: (table, key, source column, HTML column).
const STORED: &[(&str, &str, &str, &str)] = &[
    ("posts", "id", "body_md", "body_html"),
    ("private_messages", "id", "body_md", "body_html"),
    ("guide_steps", "id", "body_md", "body_html"),
    ("guides", "thread_id", "conclusion_md", "conclusion_html"),
    ("devices", "id", "description_md", "description_html"),
    ("parts", "id", "description_md", "description_html"),
];

/// Images from other sites became links (2026-12-07-000030): only HTML with
/// an image in it can change.
const EXTERNAL_IMAGES: &str = "external_images_as_links";

const BATCH: i64 = 500;

/// Runs the re-renderings migrations asked for; returns how many stored
/// bodies changed. At start-up, after the migrations.
pub fn upgrade(conn: &mut DbConn) -> QueryResult<usize> {
    #[derive(QueryableByName)]
    struct Pending {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let pending: Vec<Pending> = diesel::sql_query("SELECT name FROM render_upgrades").load(conn)?;
    let mut changed = 0;
    for Pending { name } in pending {
        if name == EXTERNAL_IMAGES {
            changed += rerender_where(conn, "%<img%")?;
        }
        diesel::sql_query("DELETE FROM render_upgrades WHERE name = $1")
            .bind::<Text, _>(&name)
            .execute(conn)?;
    }
    Ok(changed)
}

/// Renders again every stored body whose HTML is LIKE `pattern`, in
/// batches (each its own short write); returns how many changed.
fn rerender_where(conn: &mut DbConn, pattern: &str) -> QueryResult<usize> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        id: i64,
        #[diesel(sql_type = Text)]
        md: String,
        #[diesel(sql_type = Text)]
        html: String,
    }
    let mut changed = 0;
    for (table, key, md, html) in STORED {
        let mut after = i64::MIN;
        loop {
            // Names from the list above only; the values are bound.
            let rows: Vec<Row> = diesel::sql_query(format!(
                "SELECT {key} AS id, {md} AS md, {html} AS html FROM {table} \
                 WHERE {key} > $1 AND {html} LIKE $2 ORDER BY {key} LIMIT {BATCH}"
            ))
            .bind::<BigInt, _>(after)
            .bind::<Text, _>(pattern)
            .load(conn)?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            for row in &rows {
                let fresh = markdown::to_html(&row.md);
                if fresh != row.html {
                    diesel::sql_query(format!("UPDATE {table} SET {html} = $1 WHERE {key} = $2"))
                        .bind::<Text, _>(&fresh)
                        .bind::<BigInt, _>(row.id)
                        .execute(conn)?;
                    changed += 1;
                }
            }
            if (rows.len() as i64) < BATCH {
                break;
            }
        }
    }
    Ok(changed)
}
