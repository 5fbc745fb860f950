//! `fixloop demo --scale N`: a large, realistic data set for benchmarks —
//! N threads across ~2,000 devices with about ten posts each, solutions,
//! staff verification and votes. Rows are written in big batches straight
//! through the model's tables (the forum rules would take hours at this size);
//! the search index is filled in the same pass.

use anyhow::bail;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::schema::{devices, posts, search_docs, threads, users, verifications, votes};
use crate::db::{write_tx, DbConn};
use crate::render::markdown;
use crate::search::document::SearchDoc;

const COMPONENTS: &[&str] = &[
    "fan",
    "battery",
    "hinge",
    "keyboard",
    "trackpad",
    "display",
    "speaker",
    "charger",
    "SSD",
    "RAM module",
    "webcam",
    "Wi-Fi card",
    "USB-C port",
    "mainboard",
    "power button",
    "drum",
    "drain pump",
    "door seal",
    "heating element",
    "thermostat",
    "lint filter",
    "touchscreen",
    "charging port",
    "earpiece",
    "vibration motor",
    "camera module",
    "SIM tray",
    "water valve",
];
const SYMPTOMS: &[&str] = &[
    "makes a grinding noise",
    "stops working",
    "flickers",
    "overheats",
    "drains quickly",
    "will not turn on",
    "is not detected",
    "leaks water",
    "clicks loudly",
    "rattles",
    "shows error E21",
    "works only intermittently",
    "gets very hot",
    "is stuck",
    "squeals",
];
const EVENTS: &[&str] = &[
    "a BIOS update",
    "a drop",
    "replacing the battery",
    "cleaning",
    "a week of use",
    "waking from sleep",
    "a firmware update",
    "moving house",
    "a power cut",
    "the warranty ended",
    "a spill",
];
/// Sentences people write; `{c}` becomes the part the thread is about (or,
/// now and then, another part), so words spread as they do in real threads.
const SENTENCES: &[&str] = &[
    "I disconnected the battery before opening the case, as the guide says.",
    "The multimeter shows 4.9 V on the 5 V rail, which looks fine.",
    "Reseating the {c} cable fixed it for a day, then the problem came back.",
    "Thermal paste under the heatsink was dry and crumbly, so I replaced it.",
    "The T5 screws holding the {c} were very tight; use the right bit.",
    "I measured the {c} with a multimeter and got 24 ohms.",
    "Firmware version 3.07 changed how the {c} behaves; rolling back helped.",
    "A swollen cell is a fire risk: do not puncture it, take it to a recycling point.",
    "Unplug the appliance from the mains and wait before touching the capacitor.",
    "The connector latch of the {c} was broken, so I secured it with Kapton tape.",
    "After cleaning the {c} with warm water it runs quietly again.",
    "The replacement {c} from the official store fitted without modification.",
    "I had to trim the bracket by two millimetres to make the new {c} fit.",
    "Running the diagnostic mode shows the error code 3-2 on the LED.",
    "Compressed air removed a lot of dust from around the {c}.",
    "The screws near the {c} were loose; a drop of threadlocker keeps them in place.",
    "I swapped the {c} with a known-good one and the fault moved with it.",
    "Check the fuse next to the {c} connector; mine was blown.",
    "Updating the embedded controller firmware solved it.",
    "Use a plastic spudger: metal tools scratch the frame and can short pads.",
    "There was a small tear near the bottom of the {c}; a new one stopped it.",
    "It turned out to be the {c}, not the mainboard itself.",
    "My revision has a different {c}, so check the part number first.",
    "Support asked for the serial number and confirmed a known issue on early boards.",
    "Same here on my unit, it started last month.",
    "Did you try a different power adapter first?",
    "Thanks, that worked for me too.",
    "Photos of the {c} would help to see what is going on.",
];

fn sentence_text(rng: &mut StdRng, count: usize, component: &str) -> String {
    (0..count)
        .map(|_| {
            let c = if rng.gen_ratio(1, 5) {
                COMPONENTS[rng.gen_range(0..COMPONENTS.len())]
            } else {
                component
            };
            SENTENCES[rng.gen_range(0..SENTENCES.len())].replace("{c}", c)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct UserRow {
    id: i64,
    username: String,
    username_key: String,
    email: String,
    password_hash: String,
    role: &'static str,
    created_at: NaiveDateTime,
    email_verified_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = devices)]
struct DeviceRow {
    id: i64,
    parent_id: Option<i64>,
    kind: &'static str,
    slug: String,
    name: String,
    path: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = threads)]
struct ThreadRow {
    id: i64,
    kind: &'static str,
    title: String,
    slug: String,
    device_id: Option<i64>,
    author_id: i64,
    status: &'static str,
    solution_post_id: Option<i64>,
    recovery_path: Option<&'static str>,
    reply_count: i32,
    last_poster_id: i64,
    created_at: NaiveDateTime,
    last_activity_at: NaiveDateTime,
    solved_at: Option<NaiveDateTime>,
    solution_marked_by_id: Option<i64>,
    verified_at: Option<NaiveDateTime>,
    lang: Option<&'static str>,
}

#[derive(Insertable)]
#[diesel(table_name = posts)]
struct PostRow {
    id: i64,
    thread_id: i64,
    reply_number: i32,
    author_id: i64,
    body_md: String,
    body_html: String,
    body_text: String,
    created_at: NaiveDateTime,
    vote_count: i32,
    /// The bulk demo writes English: no post is left for the language job.
    lang: Option<&'static str>,
    lang_pending: bool,
}

/// Inserts rows in multi-row batches small enough for every backend's bind
/// limit. Batch inserts run on the inner connection (the enum cannot).
macro_rules! insert_chunks {
    ($conn:expr, $table:expr, $rows:expr, $per:expr) => {
        for chunk in $rows.chunks($per) {
            match &mut *$conn {
                DbConn::Pg(c) => diesel::insert_into($table).values(chunk).execute(c)?,
                DbConn::Sqlite(c) => diesel::insert_into($table).values(chunk).execute(c)?,
            };
        }
    };
}

pub fn load(conn: &mut DbConn, thread_count: usize) -> anyhow::Result<String> {
    if crate::model::accounts::users::count(conn)? > 0
        || crate::model::discussion::threads::count(conn)? > 0
    {
        bail!("the database already has accounts or threads; `fixloop demo --scale` only fills an empty one");
    }
    let mut rng = StdRng::seed_from_u64(42);
    let now = crate::model::now();
    let start = now - Duration::days(730);
    let style = ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({eta} left)")?
        .progress_chars("=> ");

    // People: a few staff, many members; they share one password hash.
    let hash = crate::auth::password::hash_password(super::DEMO_PASSWORD)?;
    let member_count = (thread_count / 20).max(50);
    let staff_count = 10;
    let mut user_rows = Vec::with_capacity(member_count + staff_count + 1);
    for i in 0..member_count + staff_count + 1 {
        let (name, role) = match i {
            0 => ("admin".to_owned(), "admin"),
            i if i <= staff_count => (format!("staff{i}"), "staff"),
            i => (format!("member{i}"), "member"),
        };
        user_rows.push(UserRow {
            id: i as i64 + 1,
            username_key: name.clone(),
            email: format!("{name}@scale.invalid"),
            username: name,
            password_hash: hash.clone(),
            role,
            created_at: start,
            email_verified_at: start,
        });
    }
    let is_staff = |id: i64| id >= 1 && id <= staff_count as i64 + 1;
    let member_ids = (staff_count as i64 + 2)..=(user_rows.len() as i64);

    // Devices: 10 makers × 5 lines × 10 models × 3 revisions = 2,060.
    let mut device_rows = Vec::new();
    let mut leaf_devices = Vec::new();
    let mut next_id = 1_i64;
    let mut add = |rows: &mut Vec<DeviceRow>,
                   parent: Option<(i64, &str)>,
                   kind: &'static str,
                   name: String|
     -> (i64, String) {
        let id = next_id;
        next_id += 1;
        let path = format!("{}{id}/", parent.map_or("/", |(_, p)| p));
        rows.push(DeviceRow {
            id,
            parent_id: parent.map(|(pid, _)| pid),
            kind,
            slug: slug::slugify(&name),
            name,
            path: path.clone(),
            created_at: start,
            updated_at: start,
        });
        (id, path)
    };
    for m in 1..=10 {
        let (maker, maker_path) = add(&mut device_rows, None, "maker", format!("Maker {m}"));
        for l in 1..=5 {
            let (line, line_path) = add(
                &mut device_rows,
                Some((maker, &maker_path)),
                "line",
                format!("Maker {m} Line {l}"),
            );
            for d in 1..=10 {
                let (model, model_path) = add(
                    &mut device_rows,
                    Some((line, &line_path)),
                    "model",
                    format!("M{m} L{l} Model {d}"),
                );
                for r in 1..=3 {
                    let (rev, rev_path) = add(
                        &mut device_rows,
                        Some((model, &model_path)),
                        "revision",
                        format!("M{m} L{l} Model {d} rev {r}"),
                    );
                    leaf_devices.push((rev, rev_path));
                }
            }
        }
    }
    let device_count = device_rows.len();
    // Each leaf's device names from the maker down, as search documents keep them.
    let names: std::collections::HashMap<i64, &str> = device_rows
        .iter()
        .map(|d| (d.id, d.name.as_str()))
        .collect();
    let leaf_names: std::collections::HashMap<i64, String> = leaf_devices
        .iter()
        .map(|(id, path): &(i64, String)| {
            let on_path: Vec<&str> = crate::model::knowledge::devices::path_ids(path)
                .iter()
                .filter_map(|i| names.get(i).copied())
                .collect();
            (*id, on_path.join(" / "))
        })
        .collect();
    write_tx(conn, |conn| -> anyhow::Result<()> {
        insert_chunks!(conn, users::table, &user_rows, 500);
        insert_chunks!(conn, devices::table, &device_rows, 500);
        Ok(())
    })?;

    // Threads and posts, a thousand threads per transaction.
    let bar = ProgressBar::new(thread_count as u64).with_style(style.clone());
    bar.set_message("threads");
    let mut post_id = 0_i64;
    let mut post_total = 0_usize;
    let kinds = [
        "troubleshooting",
        "troubleshooting",
        "troubleshooting",
        "troubleshooting",
        "guide",
        "part_swap",
        "discussion",
        "discussion",
    ];
    for batch_start in (0..thread_count).step_by(1000) {
        let batch_end = (batch_start + 1000).min(thread_count);
        let mut thread_rows = Vec::with_capacity(1000);
        let mut post_rows = Vec::with_capacity(10_000);
        let mut doc_rows = Vec::with_capacity(1000);
        let mut verification_rows = Vec::new();
        let mut vote_rows = Vec::new();
        for t in batch_start..batch_end {
            let id = t as i64 + 1;
            let kind = kinds[rng.gen_range(0..kinds.len())];
            let (device_id, device_path) =
                leaf_devices[rng.gen_range(0..leaf_devices.len())].clone();
            let author = rng.gen_range(member_ids.clone());
            let component = COMPONENTS[rng.gen_range(0..COMPONENTS.len())];
            let title = match kind {
                "guide" => format!("How to replace the {component} on model {}", device_id % 97),
                "part_swap" => format!(
                    "Part swap: third-party {component} in revision {}",
                    device_id % 7 + 1
                ),
                "discussion" => format!("Which {component} do you recommend?"),
                _ => format!(
                    "{} {} after {}",
                    capitalise(component),
                    SYMPTOMS[rng.gen_range(0..SYMPTOMS.len())],
                    EVENTS[rng.gen_range(0..EVENTS.len())]
                ),
            };
            // Every 1,000th thread is a long one (a hundred replies) for the thread-page benchmark.
            let replies = if t % 1000 == 7 {
                100
            } else {
                rng.gen_range(0..=18)
            };
            let created =
                start + Duration::minutes(rng.gen_range(0..(730 * 24 * 60 - 60 * 24 * 3)));
            let opening_md = format!(
                "## What happens\n\n{}\n\n## What I tried\n\n- {}\n- {}",
                sentence_text(&mut rng, 3, component),
                sentence_text(&mut rng, 1, component),
                sentence_text(&mut rng, 1, component)
            );
            let mut at = created;
            let mut rows_for_thread = Vec::with_capacity(replies + 1);
            for n in 0..=replies {
                post_id += 1;
                let (author_id, body) = if n == 0 {
                    (author, opening_md.clone())
                } else {
                    at += Duration::minutes(rng.gen_range(5..600));
                    let replier = if rng.gen_ratio(1, 8) {
                        rng.gen_range(2..=staff_count as i64 + 1)
                    } else {
                        rng.gen_range(member_ids.clone())
                    };
                    let sentences = rng.gen_range(1..4);
                    (replier, sentence_text(&mut rng, sentences, component))
                };
                rows_for_thread.push(PostRow {
                    id: post_id,
                    thread_id: id,
                    reply_number: n as i32,
                    author_id,
                    body_html: markdown::to_html(&body),
                    body_text: markdown::to_plain_text(&body),
                    body_md: body,
                    created_at: at.min(now),
                    vote_count: 0,
                    lang: Some("en"),
                    lang_pending: false,
                });
            }
            let last_poster = rows_for_thread.last().map_or(author, |p| p.author_id);
            // Half of the answered questions are solved; staff verify some.
            let mut solution = None;
            if kind == "troubleshooting" && replies > 0 && rng.gen_bool(0.5) {
                let index = rng.gen_range(1..=replies);
                solution = Some(index);
            }
            let mut verified_at = None;
            let mut recovery_path = None;
            let mut solved_at = None;
            let mut doc_body = rows_for_thread[0].body_text.clone();
            if let Some(index) = solution {
                let post = &mut rows_for_thread[index];
                post.vote_count = rng.gen_range(1..6);
                for voter in 0..post.vote_count {
                    vote_rows.push((
                        post.id,
                        staff_count as i64 + 2 + voter as i64,
                        post.created_at,
                    ));
                }
                let staff_took_part = rows_for_thread.iter().any(|p| is_staff(p.author_id));
                let verified = rng.gen_bool(0.3);
                recovery_path = Some(if is_staff(rows_for_thread[index].author_id) {
                    "staff_led"
                } else if staff_took_part || verified {
                    "joint"
                } else {
                    "customer_led"
                });
                let post = &rows_for_thread[index];
                solved_at = Some(post.created_at + Duration::hours(2));
                if verified {
                    verified_at = solved_at;
                    verification_rows.push((post.id, id, 2_i64, solved_at.unwrap_or(now)));
                }
                doc_body.push('\n');
                doc_body.push_str(&post.body_text);
            }
            let doc_replies = rows_for_thread
                .iter()
                .enumerate()
                .filter(|(i, _)| *i > 0 && Some(*i) != solution)
                .map(|(_, p)| p.body_text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let devices = leaf_names.get(&device_id).cloned().unwrap_or_default();
            doc_rows.push(SearchDoc {
                words: Some(crate::search::document::word_count(&[
                    &title, &devices, &doc_body,
                ])),
                thread_id: id,
                kind: kind.to_owned(),
                device_path: Some(device_path),
                solved: solution.is_some(),
                verified: verified_at.is_some(),
                recovery_path: recovery_path.map(str::to_owned),
                // The bulk demo records no firmware checks.
                firmware_current: false,
                last_activity_at: at.min(now),
                title: title.clone(),
                body: doc_body,
                devices,
                replies: doc_replies,
                grams: String::new(),
                lang: Some("en".to_owned()),
            });
            thread_rows.push(ThreadRow {
                id,
                kind,
                slug: crate::forum::discussion::threads::thread_slug(&title),
                title,
                device_id: Some(device_id),
                author_id: author,
                status: if solution.is_some() { "solved" } else { "open" },
                solution_post_id: solution.map(|i| rows_for_thread[i].id),
                recovery_path,
                reply_count: replies as i32,
                last_poster_id: last_poster,
                created_at: created,
                last_activity_at: at.min(now),
                solved_at,
                solution_marked_by_id: solution.map(|_| author),
                verified_at,
                lang: Some("en"),
            });
            post_total += rows_for_thread.len();
            post_rows.extend(rows_for_thread);
        }
        write_tx(conn, |conn| -> anyhow::Result<()> {
            insert_chunks!(conn, threads::table, &thread_rows, 200);
            insert_chunks!(conn, posts::table, &post_rows, 500);
            insert_chunks!(conn, search_docs::table, &doc_rows, 300);
            for (post, thread, staff, at) in &verification_rows {
                diesel::insert_into(verifications::table)
                    .values((
                        verifications::post_id.eq(post),
                        verifications::thread_id.eq(thread),
                        verifications::staff_id.eq(staff),
                        verifications::created_at.eq(at),
                    ))
                    .execute(conn)?;
            }
            for (post, user, at) in &vote_rows {
                diesel::insert_into(votes::table)
                    .values((
                        votes::post_id.eq(post),
                        votes::user_id.eq(user),
                        votes::created_at.eq(at),
                    ))
                    .execute(conn)?;
            }
            Ok(())
        })?;
        bar.inc((batch_end - batch_start) as u64);
    }
    bar.finish();
    // Post counts, and identity sequences past the ids given here (PostgreSQL).
    diesel::sql_query(
        "UPDATE users SET post_count = (SELECT COUNT(*) FROM posts WHERE posts.author_id = users.id)",
    )
    .execute(conn)?;
    if let DbConn::Pg(pg) = conn {
        for table in ["users", "devices", "threads", "posts"] {
            diesel::sql_query(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(pg)?;
        }
    }
    crate::search::builtin::optimize(conn)?;
    // The server starts with the typo corrections ready (its search worker
    // would otherwise spend its first seconds building them).
    crate::search::vocabulary::rebuild(conn, true)?;
    Ok(format!(
        "Loaded a scale data set: {} members, {device_count} devices, {thread_count} threads, {post_total} posts.\n\
         Every account's password is '{}' (admin: admin, staff: staff1…).",
        user_rows.len(),
        super::DEMO_PASSWORD
    ))
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
