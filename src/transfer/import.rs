//! `fixloop import FILE`: reads the file in batches of lines. For each batch,
//! every line is parsed, checked and its Markdown rendered first (no
//! transaction open); then one write transaction writes the batch, each
//! record inside a savepoint of its own together with its row in
//! `import_ids`. A refused record rolls back to its savepoint (nothing of it
//! is written) and is reported with its line number; the rest of the batch
//! goes on. Records already in `import_ids` are skipped, so a run that was
//! stopped part way continues where it stopped when started again.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::{Duration, Instant};

use diesel::Connection;

use super::{when, Record, SourceId};
use crate::db::{write_tx, DbConn};
use crate::error::AppError;
use crate::forum::before_service::owned_devices::OwnedDraft;
use crate::forum::discussion::threads::ThreadKind;
use crate::forum::integrations::import::{
    self as rules, GuideImport, MemberImport, StepTarget, ThreadImport,
};
use crate::forum::knowledge::devices::DeviceDraft;
use crate::forum::knowledge::parts::PartDraft;
use crate::forum::Actor;
use crate::i18n::Language;
use crate::model::accounts::users::Role;
use crate::model::{accounts::users, integrations::import_ids};
use crate::render::markdown::Rendered;

/// Lines written in one transaction: large enough that commits do not
/// dominate, small enough that the write lock is held for well under a
/// second (other writers of a live SQLite site wait meanwhile).
pub const BATCH_LINES: usize = 200;

/// A line the import would not take, and why.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

#[derive(Debug, Default)]
pub struct Summary {
    pub lines: usize,
    pub imported: usize,
    /// Imported by an earlier run.
    pub skipped: usize,
    pub refused: Vec<Refusal>,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64().max(0.001);
        write!(
            f,
            "Read {} lines in {:.1} s ({:.0} lines/s): {} imported, {} already imported before, {} refused.",
            self.lines,
            secs,
            self.lines as f64 / secs,
            self.imported,
            self.skipped,
            self.refused.len()
        )
    }
}

/// What the file's ids became: record type -> source id -> new row id.
#[derive(Default)]
struct IdMap(HashMap<&'static str, HashMap<String, i64>>);

impl IdMap {
    fn load(conn: &mut DbConn) -> diesel::QueryResult<IdMap> {
        let mut map = IdMap::default();
        let mut after: Option<(String, String)> = None;
        loop {
            let page = import_ids::page_after(
                conn,
                after.as_ref().map(|(t, s)| (t.as_str(), s.as_str())),
                10_000,
            )?;
            let Some(last) = page.last() else { break };
            after = Some((last.0.clone(), last.1.clone()));
            for (record_type, source_id, new_id) in page {
                if let Some(t) = super::TYPES.iter().find(|t| **t == record_type) {
                    map.0.entry(t).or_default().insert(source_id, new_id);
                }
            }
        }
        Ok(map)
    }

    fn get(&self, record_type: &str, id: &SourceId) -> Option<i64> {
        self.0.get(record_type)?.get(&id.0).copied()
    }

    fn insert(&mut self, record_type: &'static str, id: &SourceId, new_id: i64) {
        self.0
            .entry(record_type)
            .or_default()
            .insert(id.0.clone(), new_id);
    }
}

/// A checked line, ready to write: the record and its rendered Markdown
/// (a guide's conclusion apart).
struct Prepared {
    line: usize,
    record: Record,
    rendered: Option<Rendered>,
    conclusion: Option<Rendered>,
    /// A thread's language (its title and opening post), found here with
    /// the rendering, outside the write transaction.
    thread_lang: Option<&'static str>,
}

/// Why a record was refused, or a failure that stops the run.
enum Failure {
    Refused(String),
    Fatal(anyhow::Error),
}

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Failure {
        Failure::from(AppError::from(e))
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        match e {
            AppError::Internal(cause) => Failure::Fatal(cause),
            AppError::Unavailable(cause) => Failure::Fatal(anyhow::anyhow!(cause)),
            // Another writer held the lock too long: nothing is wrong with the line.
            AppError::Busy(_) => Failure::Fatal(anyhow::anyhow!(
                "the database stayed locked by another writer; run the import again"
            )),
            other => Failure::Refused(explain(&other)),
        }
    }
}

/// An error as the operator reads it, with the fields it is about.
fn explain(e: &AppError) -> String {
    match e.field_errors() {
        Some(fields) => {
            let what = if matches!(e, AppError::Taken(_)) {
                "already taken"
            } else {
                "invalid value"
            };
            let parts: Vec<String> = fields
                .iter()
                .map(|(field, message)| format!("`{field}`: {}", message.in_language(Language::En)))
                .collect();
            format!("{what}: {}", parts.join(" "))
        }
        None => e.public_message(Language::En),
    }
}

/// Imports `path`; `report` hears of each refused line as it happens, and
/// `progress` of each line read.
pub fn run(
    conn: &mut DbConn,
    path: &Path,
    mut report: impl FnMut(&Refusal),
    mut progress: impl FnMut(u64),
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let mut ids = IdMap::load(conn)?;
    let mut summary = Summary::default();
    let reader = BufReader::new(std::fs::File::open(path)?);
    let mut seen: HashMap<&'static str, std::collections::HashSet<String>> = HashMap::new();
    let mut actors: HashMap<i64, Actor> = HashMap::new();
    let mut guides: HashMap<i64, StepTarget> = HashMap::new();
    let mut batch: Vec<Prepared> = Vec::with_capacity(BATCH_LINES);
    let mut lines = reader.lines().enumerate().peekable();
    while lines.peek().is_some() {
        batch.clear();
        let mut read = 0;
        for (index, line) in lines.by_ref() {
            let number = index + 1;
            read += 1;
            let line = line?;
            summary.lines += 1;
            if line.trim().is_empty() {
                continue;
            }
            match prepare(number, &line) {
                Err(reason) => {
                    let refusal = Refusal {
                        line: number,
                        reason,
                    };
                    report(&refusal);
                    summary.refused.push(refusal);
                }
                Ok(prepared) => {
                    let record_type = prepared.record.type_name();
                    let id = prepared.record.id().clone();
                    if !seen.entry(record_type).or_default().insert(id.0.clone()) {
                        let refusal = Refusal {
                            line: number,
                            reason: format!(
                                "a {record_type} with id {id} came earlier in the file"
                            ),
                        };
                        report(&refusal);
                        summary.refused.push(refusal);
                    } else if ids.get(record_type, &id).is_some() {
                        summary.skipped += 1;
                    } else {
                        batch.push(prepared);
                    }
                }
            }
            if read >= BATCH_LINES {
                break;
            }
        }
        let refused = write_batch(conn, &batch, &mut ids, &mut actors, &mut guides)?;
        summary.imported += batch.len() - refused.len();
        for refusal in refused {
            report(&refusal);
            summary.refused.push(refusal);
        }
        progress(read as u64);
    }
    summary.refused.sort_by_key(|r| r.line);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Parses a line and does the checks and rendering that need no database.
fn prepare(number: usize, line: &str) -> Result<Prepared, String> {
    let record = super::parse_line(line)?;
    let now = crate::model::now();
    let mut conclusion = None;
    let mut thread_lang = None;
    let rendered = match &record {
        Record::Member(m) => {
            let role = Role::parse(&m.role).ok_or_else(|| {
                format!(
                    "invalid value: `role` is member, staff or admin, not “{}”",
                    m.role
                )
            })?;
            if !m.left {
                rules::check_member(&member_of(m, role, now)).map_err(|e| explain(&e))?;
            }
            None
        }
        Record::Thread(t) => {
            let kind = thread_kind(&t.kind)?;
            let body = Rendered::of(&t.body);
            thread_lang = crate::forum::discussion::threads::thread_lang(t.title.trim(), &body);
            let status = thread_status(kind, t.status.as_deref());
            rules::check_thread(&ThreadImport {
                kind,
                title: &t.title,
                lang: thread_lang,
                // Whether there is one is what the checks need here.
                device_id: t.device.as_ref().map(|_| 0),
                body_md: &t.body,
                body: &body,
                created_at: now,
                status,
                fixed_in: &t.fixed_in,
                swap: None,
                guide: guide_of(t, ""),
            })
            .map_err(|e| explain(&e))?;
            conclusion = t.conclusion.as_deref().map(|c| Rendered::of(c.trim()));
            Some(body)
        }
        Record::GuideStep(s) => {
            rules::check_step(&s.title, &s.body, &s.caution, &s.note).map_err(|e| explain(&e))?;
            Some(Rendered::of(&s.body))
        }
        Record::Post(p) => {
            let mut checks = crate::forum::Checks::default();
            crate::forum::discussion::threads::check_body(&mut checks, &p.body);
            checks.finish().map_err(|e| explain(&e))?;
            Some(Rendered::of(&p.body))
        }
        Record::Device(d) => Some(Rendered {
            html: crate::forum::knowledge::devices::render_description(&device_draft(
                d,
                String::new(),
            )),
            text: String::new(),
            has_links: false,
            lang: None,
        }),
        Record::Part(p) => Some(Rendered {
            html: crate::forum::knowledge::parts::render_description(p.description.trim())
                .map_err(|e| explain(&e))?,
            text: String::new(),
            has_links: false,
            lang: None,
        }),
        Record::Vote(v) => {
            if v.post.is_some() == v.thread.is_some() {
                return Err(
                    "invalid value: a vote names either `post` (a reply) or `thread` (an idea)"
                        .into(),
                );
            }
            None
        }
        Record::Verification(v) => {
            if v.post.is_some() == v.thread.is_some() {
                return Err(
                    "invalid value: a verification names either `post` (a reply) or `thread` (a guide)"
                        .into(),
                );
            }
            None
        }
        Record::OwnedDevice(_) | Record::Solution(_) => None,
    };
    Ok(Prepared {
        line: number,
        record,
        rendered,
        conclusion,
        thread_lang,
    })
}

/// A guide's details as the thread line gives them.
fn guide_of<'a>(t: &'a super::ThreadLine, conclusion_html: &'a str) -> GuideImport<'a> {
    GuideImport {
        difficulty: t.difficulty.as_deref(),
        time_min: t.time_min,
        time_max: t.time_max,
        tools: t.tools.as_deref(),
        parts: t.parts.as_deref(),
        conclusion_md: t.conclusion.as_deref(),
        conclusion_html,
    }
}

fn thread_kind(kind: &str) -> Result<ThreadKind, String> {
    ThreadKind::parse(kind).ok_or_else(|| {
        format!(
            "invalid value: `kind` is one of {}, not “{}”",
            ThreadKind::EVERY.map(|k| k.as_str()).join(", "),
            kind.chars().take(40).collect::<String>()
        )
    })
}

/// A known issue without a status is being investigated; an idea, proposed.
fn thread_status(kind: ThreadKind, status: Option<&str>) -> &str {
    match (kind, status) {
        (_, Some(s)) => s,
        (ThreadKind::KnownIssue, None) => "investigating",
        (ThreadKind::Idea, None) => "proposed",
        _ => "",
    }
}

fn member_of(m: &super::MemberLine, role: Role, now: chrono::NaiveDateTime) -> MemberImport<'_> {
    MemberImport {
        username: &m.username,
        email: &m.email,
        role,
        bio: &m.bio,
        password_hash: m.password_hash.as_deref(),
        email_verified: m.email_verified,
        created_at: when(m.created_at, now),
    }
}

fn device_draft(d: &super::DeviceLine, parent_slug: String) -> DeviceDraft {
    DeviceDraft {
        name: d.name.clone(),
        kind: d.kind.clone(),
        slug: d.slug.clone(),
        parent: parent_slug,
        description: d.description.clone(),
    }
}

/// Writes a batch in one transaction; returns the records refused.
fn write_batch(
    conn: &mut DbConn,
    batch: &[Prepared],
    ids: &mut IdMap,
    actors: &mut HashMap<i64, Actor>,
    guides: &mut HashMap<i64, StepTarget>,
) -> anyhow::Result<Vec<Refusal>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let (refused, written, batch_guides) = write_tx(conn, |conn| {
        let mut refused = Vec::new();
        let mut written: Vec<(&'static str, SourceId, i64)> = Vec::new();
        // Records earlier in this batch are found too, once written.
        let mut batch_ids = IdMap::default();
        // Threads written or given replies or steps: their search entries
        // are made once, at the end of the batch.
        let mut changed: std::collections::BTreeSet<i64> = Default::default();
        // Guides that took steps or were written in this batch (kept for the
        // run once it commits).
        let mut batch_guides: HashMap<i64, StepTarget> = HashMap::new();
        for prepared in batch {
            let mut guide = None;
            let outcome = conn.transaction(|conn| {
                let known = Known {
                    ids,
                    batch_ids: &batch_ids,
                    guides,
                    batch_guides: &batch_guides,
                };
                let new_id = write_one(conn, prepared, &known, actors, &mut guide)?;
                import_ids::insert(
                    conn,
                    prepared.record.type_name(),
                    &prepared.record.id().0,
                    new_id,
                )?;
                Ok::<_, Failure>(new_id)
            });
            match outcome {
                Ok(new_id) => {
                    match &prepared.record {
                        Record::Thread(_) => {
                            changed.insert(new_id);
                        }
                        Record::Post(p) => changed.extend(
                            ids.get("thread", &p.thread)
                                .or(batch_ids.get("thread", &p.thread)),
                        ),
                        _ => {}
                    }
                    if let Some(guide) = guide {
                        // A guide's steps are in its search document.
                        changed.insert(guide.thread_id);
                        batch_guides.insert(guide.thread_id, guide);
                    }
                    let record_type = prepared.record.type_name();
                    batch_ids.insert(record_type, prepared.record.id(), new_id);
                    written.push((record_type, prepared.record.id().clone(), new_id));
                }
                Err(Failure::Refused(reason)) => refused.push(Refusal {
                    line: prepared.line,
                    reason,
                }),
                Err(Failure::Fatal(cause)) => {
                    return Err(cause.context(format!(
                        "line {}: the import stopped; this batch was rolled back",
                        prepared.line
                    )))
                }
            }
        }
        rules::threads_changed(conn, changed).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        Ok::<_, anyhow::Error>((refused, written, batch_guides))
    })?;
    guides.extend(batch_guides);
    if !written.is_empty() {
        // Servers running on this database drop the visitors' pages they keep.
        crate::model::site_changes::bump(conn, false)?;
    }
    for (record_type, id, new_id) in written {
        ids.insert(record_type, &id, new_id);
    }
    Ok(refused)
}

/// What earlier lines became: ids of the run before this batch and of the
/// batch, and the guides taking steps.
struct Known<'a> {
    ids: &'a IdMap,
    batch_ids: &'a IdMap,
    guides: &'a HashMap<i64, StepTarget>,
    batch_guides: &'a HashMap<i64, StepTarget>,
}

/// The new id a reference names, or why there is none.
fn resolve(
    known: &Known,
    record_type: &'static str,
    field: &str,
    id: &SourceId,
) -> Result<i64, Failure> {
    known
        .ids
        .get(record_type, id)
        .or_else(|| known.batch_ids.get(record_type, id))
        .ok_or_else(|| {
            Failure::Refused(format!(
                "`{field}` refers to {record_type} {id}, which is not imported: no line above has it, or that line was refused"
            ))
        })
}

/// The member behind a reference, as the rules see them (looked up once).
fn actor(
    conn: &mut DbConn,
    actors: &mut HashMap<i64, Actor>,
    user_id: i64,
) -> Result<Actor, Failure> {
    if let Some(actor) = actors.get(&user_id) {
        return Ok(actor.clone());
    }
    let actor = Actor::from(&users::find(conn, user_id)?);
    actors.insert(user_id, actor.clone());
    Ok(actor)
}

/// Writes one record. A guide, or a step of one, leaves in `guide` where
/// the guide's next step goes once the record is kept.
fn write_one(
    conn: &mut DbConn,
    prepared: &Prepared,
    known: &Known,
    actors: &mut HashMap<i64, Actor>,
    guide: &mut Option<StepTarget>,
) -> Result<i64, Failure> {
    let now = crate::model::now();
    let rendered = prepared.rendered.as_ref();
    let html = || rendered.map_or("", |r| r.html.as_str());
    let id = match &prepared.record {
        Record::Member(m) if m.left => rules::former_member(conn, when(m.created_at, now))?,
        Record::Member(m) => {
            let role = Role::parse(&m.role).unwrap_or(Role::Member);
            rules::member(conn, &member_of(m, role, now))?
        }
        Record::Device(d) => {
            let parent = match &d.parent {
                Some(parent) => {
                    let parent_id = resolve(known, "device", "parent", parent)?;
                    rules::device_slug(conn, parent_id)?
                }
                None => String::new(),
            };
            rules::device(
                conn,
                &device_draft(d, parent),
                html(),
                when(d.created_at, now),
            )?
        }
        Record::Part(p) => {
            let mut fits = Vec::new();
            for device in &p.fits {
                let device_id = resolve(known, "device", "fits", device)?;
                fits.push(rules::device_slug(conn, device_id)?);
            }
            let draft = PartDraft {
                name: p.name.clone(),
                part_number: p.part_number.clone(),
                slug: p.slug.clone(),
                description: p.description.clone(),
                fits: fits.join("\n"),
            };
            rules::part(conn, &draft, html(), when(p.created_at, now))?
        }
        Record::OwnedDevice(o) => {
            let owner = resolve(known, "member", "member", &o.member)?;
            let device = resolve(known, "device", "device", &o.device)?;
            let draft = OwnedDraft {
                nickname: o.nickname.clone(),
                purchased_on: o.purchased_on.map(|d| d.to_string()).unwrap_or_default(),
                firmware: o.firmware.clone(),
                shown_on_profile: o.shown_on_profile.then(|| "on".to_owned()),
            };
            let owner = actor(conn, actors, owner)?;
            rules::owned_device(conn, &owner, device, &draft, when(o.created_at, now))?
        }
        Record::Thread(t) => {
            let kind = thread_kind(&t.kind).map_err(Failure::Refused)?;
            let author = resolve(known, "member", "author", &t.author)?;
            let device_id = match &t.device {
                Some(device) => Some(resolve(known, "device", "device", device)?),
                None => None,
            };
            let part_id = match &t.part {
                Some(part) => Some(resolve(known, "part", "part", part)?),
                None => None,
            };
            let author = actor(conn, actors, author)?;
            let body = rendered.ok_or_else(|| Failure::Fatal(anyhow::anyhow!("not rendered")))?;
            let conclusion = prepared.conclusion.as_ref().map_or("", |c| c.html.as_str());
            let id = rules::thread(
                conn,
                &author,
                &ThreadImport {
                    kind,
                    title: &t.title,
                    lang: prepared.thread_lang,
                    device_id,
                    body_md: &t.body,
                    body,
                    created_at: when(t.created_at, now),
                    status: thread_status(kind, t.status.as_deref()),
                    fixed_in: &t.fixed_in,
                    swap: part_id
                        .map(|id| (id, t.outcome.as_deref().unwrap_or(""), t.caveats.as_str())),
                    guide: guide_of(t, conclusion),
                },
            )?;
            if kind == ThreadKind::Guide {
                *guide = Some(StepTarget::new_guide(id, author.id));
            }
            id
        }
        Record::GuideStep(s) => {
            let thread = resolve(known, "thread", "guide", &s.guide)?;
            let target = match known
                .batch_guides
                .get(&thread)
                .or_else(|| known.guides.get(&thread))
            {
                Some(target) => *target,
                None => rules::step_target(conn, thread)?,
            };
            let body = rendered.ok_or_else(|| Failure::Fatal(anyhow::anyhow!("not rendered")))?;
            let id = rules::guide_step(
                conn,
                &target,
                &rules::StepImport {
                    title: &s.title,
                    body_md: &s.body,
                    body,
                    caution: &s.caution,
                    note: &s.note,
                    created_at: when(s.created_at, now),
                },
            )?;
            *guide = Some(StepTarget {
                next_position: target.next_position + 1,
                ..target
            });
            id
        }
        Record::Post(p) => {
            let thread = resolve(known, "thread", "thread", &p.thread)?;
            let author = resolve(known, "member", "author", &p.author)?;
            let author = actor(conn, actors, author)?;
            let body = rendered.ok_or_else(|| Failure::Fatal(anyhow::anyhow!("not rendered")))?;
            rules::reply(
                conn,
                &author,
                thread,
                (&p.body, body),
                when(p.created_at, now),
            )?
        }
        Record::Solution(s) => {
            let post = resolve(known, "post", "post", &s.post)?;
            let by = resolve(known, "member", "marked_by", &s.marked_by)?;
            let by = actor(conn, actors, by)?;
            rules::solution(conn, &by, post, when(s.created_at, now))?
        }
        Record::Vote(v) => {
            let voter = resolve(known, "member", "member", &v.member)?;
            let voter = actor(conn, actors, voter)?;
            let at = when(v.created_at, now);
            match (&v.post, &v.thread) {
                (Some(post), _) => {
                    let post = resolve(known, "post", "post", post)?;
                    rules::vote(conn, &voter, post, at)?
                }
                (None, Some(thread)) => {
                    let thread = resolve(known, "thread", "thread", thread)?;
                    rules::idea_vote(conn, &voter, thread, at)?
                }
                (None, None) => unreachable!("checked in prepare"),
            }
        }
        Record::Verification(v) => {
            let staff = resolve(known, "member", "staff", &v.staff)?;
            let staff = actor(conn, actors, staff)?;
            let post = match (&v.post, &v.thread) {
                (Some(post), _) => resolve(known, "post", "post", post)?,
                (None, Some(thread)) => {
                    let thread = resolve(known, "thread", "thread", thread)?;
                    rules::opening_post(conn, thread)?
                }
                (None, None) => unreachable!("checked in prepare"),
            };
            rules::verification(conn, &staff, post, &v.note, when(v.created_at, now))?
        }
    };
    Ok(id)
}
