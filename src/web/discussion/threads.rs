//! Threads: start one (with preview), read it page by page, reply (with
//! preview), edit a post, see a post's history.

use crate::i18n::Language;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, FromRequest, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use crate::auth::{CsrfForm, Viewer};
use crate::db::DbConn;
use crate::error::{not_found, AppError, AppResult};
use crate::forum::discussion::threads::{
    self as rules, page_count, page_of_reply, page_range, PostEdit, ThreadDraft,
};
use crate::i18n::Message;
use crate::model::accounts::users;
use crate::model::discussion::answers::{self, VerificationView};
use crate::model::discussion::escalations::{self, EscalationView};
use crate::model::discussion::posts::{self, PostView};
use crate::model::discussion::threads::{self, Thread};
use crate::model::knowledge::devices::{self, DeviceBrief};
use crate::state::AppState;
use crate::web::discussion::home::kinds_for_template;
use crate::web::knowledge::device_choices::{ChoicesSource, DeviceChoices};
use crate::web::{actor, form_again, ok_page, page_param, render, see_other, PageQuery};
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(new_thread_form)
        .service(create_thread)
        .service(show_thread)
        .service(show_thread_with_slug)
        .service(post_reply)
        .service(permalink)
        .service(edit_form)
        .service(edit_post)
        .service(history);
}

pub fn thread_url(id: i64, slug: &str) -> String {
    format!("/t/{id}/{slug}")
}

pub fn post_url(thread_id: i64, slug: &str, post_id: i64, reply_number: i32) -> String {
    let page = page_of_reply(reply_number);
    let page = if page > 1 {
        format!("?page={page}")
    } else {
        String::new()
    };
    format!("{}{page}#post-{post_id}", thread_url(thread_id, slug))
}

#[derive(Deserialize)]
struct NewThreadQuery {
    kind: Option<String>,
    device: Option<String>,
    part: Option<String>,
    /// A title to start from (search's "Ask the community" gives its words).
    title: Option<String>,
}

#[derive(Deserialize)]
struct ThreadSubmit {
    #[serde(flatten)]
    draft: ThreadDraft,
    #[serde(default)]
    action: String,
}

/// What the new-thread form shows besides the draft.
#[derive(Default)]
struct FormChoices {
    devices: Arc<DeviceChoices>,
    /// The catalogue's part names, offered as the part is typed.
    part_names: Vec<String>,
    /// The writer's new-member limits, said before they post.
    rules: Option<rules::NewMemberRules>,
}

impl FormChoices {
    fn load(
        conn: &mut DbConn,
        devices: &ChoicesSource,
        policy: &crate::forum::Policy,
        actor: &crate::forum::Actor,
    ) -> AppResult<FormChoices> {
        Ok(FormChoices {
            devices: devices.get(conn)?,
            part_names: crate::model::knowledge::parts::all(conn)?
                .into_iter()
                .map(|p| p.name)
                .collect(),
            rules: rules::new_member_rules(policy, actor),
        })
    }
}

fn thread_form_context(draft: &ThreadDraft, choices: &FormChoices) -> Context {
    let mut context = Context::new();
    context.insert("outcomes", &crate::forum::knowledge::parts::OUTCOMES);
    context.insert("form", draft);
    context.insert("device_options_html", &choices.devices.html(&draft.device));
    context.insert("part_names", &choices.part_names);
    context.insert("new_member_rules", &choices.rules);
    context.insert("kinds", &kinds_for_template());
    context.insert("max_title", rules::TITLE_CHARS.end());
    context.insert(
        "max_photos",
        &crate::forum::knowledge::photos::MAX_POST_PHOTOS,
    );
    context
}

#[get("/threads/new")]
async fn new_thread_form(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<NewThreadQuery>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let source = ChoicesSource::of(&state);
    let policy = state.policy.clone();
    let part = query.part.clone().unwrap_or_default();
    let (choices, part) = state
        .db(move |conn| {
            let choices = FormChoices::load(conn, &source, &policy, &actor)?;
            // A link from a part's page names it by its URL name: shown by name.
            let part = match crate::forum::knowledge::parts::find_part(conn, &part)? {
                Some(found) => found.name,
                None => part,
            };
            Ok((choices, part))
        })
        .await?;
    let draft = ThreadDraft {
        kind: query
            .kind
            .clone()
            .unwrap_or_else(|| "troubleshooting".into()),
        device: match &query.device {
            Some(device) => device.clone(),
            None => {
                crate::web::before_service::owned_devices::prefill_device(&state, &viewer).await?
            }
        },
        part,
        title: query
            .title
            .as_deref()
            .map(|t| t.chars().take(200).collect())
            .unwrap_or_default(),
        ..Default::default()
    };
    ok_page(
        &req,
        &viewer,
        "threads/new.html",
        thread_form_context(&draft, &choices),
    )
}

/// What a submitted form led to: a preview to show, or the thing written.
enum Submitted<T> {
    Preview(String),
    Created(T),
}

/// A reply's or an edit's preview: every check posting it makes, then the
/// body rendered; a refusal is shown in the form.
async fn preview(
    state: &AppState,
    actor: crate::forum::Actor,
    body: &str,
) -> AppResult<Result<String, AppError>> {
    let body = body.to_owned();
    let policy = state.policy.clone();
    state
        .db(move |conn| Ok(rules::preview_post(conn, &actor, &body, &policy)))
        .await
}

/// The photos a multipart new-thread form carried, and why any was left out.
#[derive(Default)]
struct SentPhotos {
    files: Vec<crate::web::knowledge::media::SentFile>,
    refused: Option<AppError>,
}

/// The new-thread form as sent: multipart from the page (it may carry
/// photos), URL-encoded from simpler clients; the CSRF token checked either way.
async fn read_thread_form(
    req: &HttpRequest,
    payload: web::Payload,
) -> AppResult<(Viewer, ThreadSubmit, SentPhotos)> {
    let multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let CsrfForm(viewer, submit) =
            CsrfForm::<ThreadSubmit>::from_request(req, &mut payload.into_inner()).await?;
        return Ok((viewer, submit, SentPhotos::default()));
    }
    let viewer = Viewer::of(req).await?;
    let form = crate::web::knowledge::media::read_multipart(
        actix_multipart::Multipart::new(req.headers(), payload),
        crate::forum::knowledge::photos::MAX_POST_PHOTOS as usize,
    )
    .await?;
    if !crate::auth::csrf::tokens_match(&viewer.csrf_token, &form.token) {
        return Err(AppError::Csrf);
    }
    let fields: serde_json::Map<String, serde_json::Value> = form
        .fields
        .into_iter()
        .map(|(name, value)| (name, serde_json::Value::String(value)))
        .collect();
    let submit = serde_json::from_value(serde_json::Value::Object(fields)).map_err(|e| {
        AppError::BadRequest(
            Message::new("err-threads-form-could-not-read-e").with("e", e.to_string()),
        )
    })?;
    let photos = SentPhotos {
        files: form.files,
        refused: form.refused,
    };
    Ok((viewer, submit, photos))
}

#[post("/threads/new")]
async fn create_thread(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let (viewer, submit, photos) = read_thread_form(&req, payload).await?;
    let actor = actor(&viewer)?;
    let draft = submit.draft;
    let chose_photos = !photos.files.is_empty() || photos.refused.is_some();
    let result = match photos.refused {
        Some(refused) => Err(refused),
        None => {
            let preview = submit.action == "preview";
            submit_thread(&state, &actor, &draft, preview, photos.files).await
        }
    };
    let preview_html = match result {
        Ok(Submitted::Created(thread)) => {
            return Ok(see_other(&thread_url(thread.id, &thread.slug)))
        }
        Ok(Submitted::Preview(html)) => Ok(html),
        Err(e) => Err(e),
    };
    let (source, policy) = (ChoicesSource::of(&state), state.policy.clone());
    let choices = state
        .db(move |conn| FormChoices::load(conn, &source, &policy, &actor))
        .await?;
    let mut context = thread_form_context(&draft, &choices);
    // Browsers never fill a file field again: the page asks for them anew.
    context.insert("photos_to_choose_again", &chose_photos);
    match preview_html {
        Ok(html) => {
            context.insert("preview_html", &html);
            ok_page(&req, &viewer, "threads/new.html", context)
        }
        Err(e) => form_again(&req, &viewer, "threads/new.html", context, e),
    }
}

/// A new thread previewed; or checked, its photos decoded and stored, and
/// written with them in one transaction.
async fn submit_thread(
    state: &AppState,
    actor: &crate::forum::Actor,
    draft: &ThreadDraft,
    preview: bool,
    files: Vec<crate::web::knowledge::media::SentFile>,
) -> AppResult<Submitted<Thread>> {
    let (checker, checked_draft, policy) = (actor.clone(), draft.clone(), state.policy.clone());
    let preview_html = state
        .db(move |conn| match preview {
            true => rules::preview_thread(conn, &checker, &checked_draft, &policy).map(Some),
            // Refused before any photo is decoded.
            false => rules::check_new_thread(conn, &checker, &checked_draft, &policy).map(|_| None),
        })
        .await?;
    if let Some(html) = preview_html {
        return Ok(Submitted::Preview(html));
    }
    let photos = crate::web::knowledge::media::photos_for_new_post(state, actor, files).await?;
    let (writer, draft, policy) = (actor.clone(), draft.clone(), state.policy.clone());
    state
        .db(move |conn| {
            rules::create_thread(conn, &writer, &draft, &policy, &photos).map(Submitted::Created)
        })
        .await
}

/// "Worked for me" on one post: how many, and on which devices.
#[derive(Serialize, Default)]
pub struct WorkedSummary {
    pub count: usize,
    pub devices: Vec<(String, usize)>,
}

/// Everything a thread page shows, in a fixed number of queries whatever the
/// thread's length.
#[derive(Serialize)]
pub struct ThreadPage {
    pub thread: Thread,
    pub author_name: String,
    pub solution_marked_by: Option<String>,
    pub breadcrumbs: Vec<DeviceBrief>,
    pub posts: Vec<PostView>,
    pub page: i32,
    pub page_count: i32,
    /// The accepted solution, then staff-verified answers: shown under the question.
    pub highlights: Vec<PostView>,
    pub verifications: Vec<VerificationView>,
    pub worked: BTreeMap<i64, WorkedSummary>,
    pub escalation: Option<EscalationView>,
    /// Devices under the thread's device, for "worked for me on …".
    pub worked_devices: Vec<DeviceBrief>,
    /// The opening post is hidden: the thread is withdrawn, and its guide or
    /// part-swap report is loaded for staff only (see
    /// `model::discussion::threads::opening_post_hidden`).
    pub withdrawn: bool,
    /// A guide's details and steps (guides only; for staff only when withdrawn).
    pub guide: Option<GuideView>,
    /// A part-swap report with its matrix cell (part swaps only; for staff
    /// only when withdrawn).
    pub swap: Option<SwapView>,
    /// Photos of the page's posts, by post id (as text, for the template).
    pub post_photos: BTreeMap<String, Vec<crate::model::knowledge::photos::PhotoView>>,
    /// Each post's byline and body as HTML, by post id (as text), rendered
    /// once for the page's kind of reader ([`post_fragments`]).
    pub post_html: BTreeMap<String, String>,
    /// The actions under each post as a visitor and as a member who is
    /// neither its author nor the asker nor staff, rendered once with the
    /// page ([`kept_footers`]); not part of the template's data.
    #[serde(skip)]
    pub footers: BTreeMap<i64, KeptFooters>,
    /// The same for staff who are not the asker, not voted and voted:
    /// rendered by the first such reader of the kept page ([`post_footers`]),
    /// as they carry the firmware of the thread's device.
    #[serde(skip)]
    pub staff_footers: std::sync::OnceLock<BTreeMap<String, [String; 2]>>,
    /// The known issue the thread is, or is linked to (its banner).
    #[serde(skip)]
    pub known_issue: Option<crate::model::before_service::known_issues::Banner>,
    /// An idea's status and votes (its banner); none for other kinds.
    #[serde(skip)]
    pub idea: Option<crate::web::before_service::ideas::Banner>,
    /// What the head tells search engines (canonical address, description,
    /// structured data), made once with the kept page ([`crate::web::discovery::seo`]).
    #[serde(skip)]
    pub head: crate::web::discovery::seo::ThreadHead,
}

/// One post's actions for the readers who all see the same ones.
#[derive(Default)]
pub struct KeptFooters {
    visitor: String,
    /// For a member who has not voted for it, and for one who has; with
    /// [`CSRF_PLACEHOLDER`] where their token goes.
    member: [String; 2],
}

/// Stands for the reader's CSRF token in kept footers (which hold nothing a
/// member wrote, so nothing else can contain it); replaced per request.
const CSRF_PLACEHOLDER: &str = "@@fixloop-csrf-token@@";

#[derive(Serialize)]
pub struct SwapView {
    pub report: crate::model::knowledge::parts::ReportView,
    pub cell: Option<crate::forum::knowledge::parts::MatrixCell>,
}

/// A step with its photos. A hidden step shown to a reader other than staff
/// keeps only its place and the reason.
#[derive(Serialize)]
pub struct StepView {
    #[serde(flatten)]
    pub step: crate::model::knowledge::guides::Step,
    pub photos: Vec<crate::model::knowledge::photos::PhotoView>,
}

#[derive(Serialize)]
pub struct GuideView {
    pub details: crate::model::knowledge::guides::Guide,
    pub steps: Vec<StepView>,
    pub tools: Vec<String>,
    /// Each listed part, with its catalogue page when the catalogue has it.
    pub parts: Vec<(String, Option<String>)>,
    /// (id, title, slug) of prerequisite guides.
    pub prerequisites: Vec<(i64, String, String)>,
}

fn load_guide(
    conn: &mut DbConn,
    thread_id: i64,
    sees_hidden: bool,
) -> AppResult<Option<GuideView>> {
    let Some(details) = crate::model::knowledge::guides::find(conn, thread_id)? else {
        return Ok(None);
    };
    let ids: Vec<i64> = details
        .prerequisites
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    let prerequisites = crate::model::knowledge::guides::titles(conn, &ids)?;
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    // A listed part links to the catalogue when its name (or URL name) is there.
    let listed = lines(&details.parts);
    let keys: Vec<String> = listed.iter().map(slug::slugify).collect();
    let catalogue = crate::model::knowledge::parts::slugs_among(conn, &keys)?;
    let parts = listed
        .into_iter()
        .zip(keys)
        .map(|(line, key)| {
            let link = catalogue.contains(&key).then_some(key);
            (line, link)
        })
        .collect();
    let mut steps = crate::model::knowledge::guides::steps(conn, thread_id)?;
    if !sees_hidden {
        for step in steps.iter_mut().filter(|s| s.hidden) {
            for text in [
                &mut step.title,
                &mut step.body_md,
                &mut step.body_html,
                &mut step.caution,
                &mut step.note,
            ] {
                text.clear();
            }
        }
    }
    // A hidden step's photos go to staff only.
    let ids: Vec<i64> = steps
        .iter()
        .filter(|s| sees_hidden || !s.hidden)
        .map(|s| s.id)
        .collect();
    let mut photos = crate::model::knowledge::photos::of_steps(conn, &ids)?;
    let steps = steps
        .into_iter()
        .map(|step| {
            let (mine, rest): (Vec<_>, Vec<_>) =
                photos.drain(..).partition(|p| p.owner_id == step.id);
            photos = rest;
            StepView { step, photos: mine }
        })
        .collect();
    Ok(Some(GuideView {
        steps,
        tools: lines(&details.tools),
        parts,
        prerequisites,
        details,
    }))
}

/// Each post's byline and body (`threads/_post_static.html`), rendered once
/// per loaded page: they differ only between readers who see hidden posts
/// (staff) and readers who do not, which the kept data is keyed by.
fn post_fragments(
    templates: &tera::Tera,
    data: &ThreadPage,
    sees_hidden: bool,
    language: Language,
) -> AppResult<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for post in &data.posts {
        let key = post.id.to_string();
        let mut context = Context::new();
        context.insert("lang", language.code());
        context.insert("post", post);
        context.insert(
            "is_solution",
            &(data.thread.solution_post_id == Some(post.id)),
        );
        context.insert(
            "is_verified",
            &data.verifications.iter().any(|v| v.post_id == post.id),
        );
        context.insert("is_staff", &sees_hidden);
        context.insert("photos", &data.post_photos.get(&key));
        let html = templates
            .render("threads/_post_static.html", &context)
            .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("rendering a post")))?;
        out.insert(key, html);
    }
    Ok(out)
}

/// The parts of a post's actions that depend on who reads it.
pub(crate) struct FooterReader<'a> {
    username: Option<&'a str>,
    is_staff: bool,
    is_asker: bool,
    editable: &'a [i64],
    voted: &'a [i64],
    /// Posts this reader flagged: their footers say so, so they are never kept ones.
    flagged: &'a [i64],
    csrf_token: &'a str,
    firmware: &'a Option<crate::web::before_service::firmware::ThreadFirmware>,
    language: Language,
}

/// Renders `threads/_post_footer.html` for each post for one reader.
fn render_footers<'a>(
    templates: &tera::Tera,
    data: &ThreadPage,
    reader: &FooterReader,
    posts: impl Iterator<Item = &'a PostView>,
) -> AppResult<BTreeMap<String, String>> {
    let mut context = Context::new();
    context.insert("lang", reader.language.code());
    context.insert(
        "viewer",
        &reader
            .username
            .map(|username| serde_json::json!({ "username": username })),
    );
    context.insert(
        "marks",
        &serde_json::json!({ "voted": reader.voted, "flagged": reader.flagged }),
    );
    context.insert("thread", &data.thread);
    context.insert("can_mark_solution", &(reader.is_asker || reader.is_staff));
    context.insert("is_asker", &reader.is_asker);
    context.insert("is_staff", &reader.is_staff);
    context.insert("editable", reader.editable);
    context.insert("csrf_token", reader.csrf_token);
    context.insert("firmware", reader.firmware);
    context.insert(
        "flag_reasons",
        &crate::forum::staff::moderation::FLAG_REASONS,
    );
    let mut out = BTreeMap::new();
    for post in posts {
        context.insert("post", post);
        context.insert(
            "is_solution",
            &(data.thread.solution_post_id == Some(post.id)),
        );
        context.insert(
            "is_verified",
            &data.verifications.iter().any(|v| v.post_id == post.id),
        );
        let html = templates
            .render("threads/_post_footer.html", &context)
            .map_err(|e| {
                AppError::Internal(anyhow::Error::new(e).context("rendering a post's actions"))
            })?;
        out.insert(post.id.to_string(), html);
    }
    Ok(out)
}

/// The footers every visitor, and every member who is not the post's author,
/// the asker or staff, shares: rendered once per loaded page. (A username no
/// account has stands for "someone else"; usernames are never empty.)
fn kept_footers(
    templates: &tera::Tera,
    data: &ThreadPage,
    language: Language,
) -> AppResult<BTreeMap<i64, KeptFooters>> {
    let none = None;
    let reader = |username, voted| FooterReader {
        username,
        is_staff: false,
        is_asker: false,
        editable: &[],
        voted,
        flagged: &[],
        csrf_token: CSRF_PLACEHOLDER,
        firmware: &none,
        language,
    };
    let ids: Vec<i64> = data.posts.iter().map(|p| p.id).collect();
    let mut visitor = render_footers(templates, data, &reader(None, &[]), data.posts.iter())?;
    let mut not_voted = render_footers(templates, data, &reader(Some(""), &[]), data.posts.iter())?;
    let mut voted = render_footers(templates, data, &reader(Some(""), &ids), data.posts.iter())?;
    Ok(data
        .posts
        .iter()
        .map(|p| {
            let key = p.id.to_string();
            let footers = KeptFooters {
                visitor: visitor.remove(&key).unwrap_or_default(),
                member: [
                    not_voted.remove(&key).unwrap_or_default(),
                    voted.remove(&key).unwrap_or_default(),
                ],
            };
            (p.id, footers)
        })
        .collect())
}

/// The actions under each post that staff (not the asker) share, not voted
/// and voted, with a placeholder for the token: staff may edit every post,
/// and "someone else" (a username no account has) wrote each one.
fn staff_footers(
    templates: &tera::Tera,
    data: &ThreadPage,
    firmware: &Option<crate::web::before_service::firmware::ThreadFirmware>,
    language: Language,
) -> AppResult<BTreeMap<String, [String; 2]>> {
    let ids: Vec<i64> = data.posts.iter().map(|p| p.id).collect();
    let reader = |voted| FooterReader {
        username: Some(""),
        is_staff: true,
        is_asker: false,
        editable: &ids,
        voted,
        flagged: &[],
        csrf_token: CSRF_PLACEHOLDER,
        firmware,
        language,
    };
    let mut not_voted = render_footers(templates, data, &reader(&[]), data.posts.iter())?;
    let mut voted = render_footers(templates, data, &reader(&ids), data.posts.iter())?;
    Ok(ids
        .iter()
        .map(|id| {
            let key = id.to_string();
            let pair = [
                not_voted.remove(&key).unwrap_or_default(),
                voted.remove(&key).unwrap_or_default(),
            ];
            (key, pair)
        })
        .collect())
}

/// Each post's actions for this reader: the kept ones where they are the
/// same as everyone's of their kind (with the reader's token put in),
/// rendered now where the reader is the post's author or the asker.
fn post_footers(
    templates: &tera::Tera,
    data: &ThreadPage,
    reader: &FooterReader,
) -> AppResult<BTreeMap<String, String>> {
    // The asker sees their own firmware chosen, so theirs are rendered now.
    let staff_kept = match reader.is_staff && !reader.is_asker {
        true => match data.staff_footers.get() {
            Some(kept) => Some(kept),
            None => {
                let rendered = staff_footers(templates, data, reader.firmware, reader.language)?;
                Some(data.staff_footers.get_or_init(|| rendered))
            }
        },
        false => None,
    };
    let mut out = BTreeMap::new();
    let mut own = Vec::new();
    for post in &data.posts {
        let kept = data.footers.get(&post.id);
        let someone_elses =
            |name: &str| name != post.author_name && !reader.editable.contains(&post.id);
        let voted = usize::from(reader.voted.contains(&post.id));
        let shared = match (reader.username, kept, staff_kept) {
            _ if reader.flagged.contains(&post.id) => None,
            (None, Some(kept), _) => Some(&kept.visitor),
            (Some(name), _, Some(staff))
                if name != post.author_name && reader.editable.contains(&post.id) =>
            {
                staff.get(&post.id.to_string()).map(|pair| &pair[voted])
            }
            (Some(name), Some(kept), None) if !reader.is_asker && someone_elses(name) => {
                Some(&kept.member[voted])
            }
            _ => None,
        };
        match shared {
            Some(html) => {
                out.insert(
                    post.id.to_string(),
                    html.replace(CSRF_PLACEHOLDER, reader.csrf_token),
                );
            }
            None => own.push(post),
        }
    }
    out.extend(render_footers(templates, data, reader, own.into_iter())?);
    Ok(out)
}

/// A thread page as a visitor sees it.
pub fn load_thread_page(conn: &mut DbConn, id: i64, page: i32) -> AppResult<ThreadPage> {
    load_thread_page_for(conn, id, page, false)
}

/// A thread page for a reader who sees hidden content (staff) or not.
pub fn load_thread_page_for(
    conn: &mut DbConn,
    id: i64,
    page: i32,
    sees_hidden: bool,
) -> AppResult<ThreadPage> {
    let thread = threads::find(conn, id).map_err(not_found("thread"))?;
    let pages = page_count(thread.reply_count);
    if page > pages {
        return Err(AppError::NotFound("page of this thread"));
    }
    let (breadcrumbs, worked_devices) = match thread.device_id {
        Some(device_id) => {
            let device = devices::find(conn, device_id)?;
            (
                devices::along_path(conn, &device.path)?,
                devices::subtree_brief(conn, &device.path)?,
            )
        }
        None => (Vec::new(), Vec::new()),
    };
    let (from, to) = page_range(page);
    let posts = posts::page_of_thread(conn, thread.id, from, to)?;
    // The first page holds the opening post; later pages ask.
    let withdrawn = match posts.first() {
        Some(first) if first.reply_number == 0 => first.hidden,
        _ => threads::is_withdrawn(conn, thread.id)?,
    };
    let withheld = withdrawn && !sees_hidden;
    let names: BTreeMap<i64, String> = users::names(
        conn,
        &[
            thread.author_id,
            thread.solution_marked_by_id.unwrap_or(thread.author_id),
        ],
    )?
    .into_iter()
    .collect();
    let verifications = answers::current_verifications(conn, thread.id)?;
    let mut highlight_ids: Vec<i64> = thread.solution_post_id.into_iter().collect();
    highlight_ids.extend(verifications.iter().map(|v| v.post_id));
    let mut highlights = posts::views_by_ids(conn, &highlight_ids)?;
    // The solution first, then verified answers in thread order.
    highlights.sort_by_key(|p| (Some(p.id) != thread.solution_post_id, p.reply_number));
    highlights.retain(|p| !p.hidden);
    let mut worked: BTreeMap<i64, WorkedSummary> = BTreeMap::new();
    for (post_id, device) in answers::worked_reports_for(conn, &highlight_ids)? {
        let summary = worked.entry(post_id).or_default();
        summary.count += 1;
        if let Some(name) = device {
            match summary.devices.iter_mut().find(|(n, _)| *n == name) {
                Some((_, n)) => *n += 1,
                None => summary.devices.push((name, 1)),
            }
        }
    }
    let escalation = escalations::open_view(conn, thread.id)?;
    let guide = if thread.kind == "guide" && !withheld {
        load_guide(conn, thread.id, sees_hidden)?
    } else {
        None
    };
    let swap = if thread.kind == "part_swap" && !withheld {
        crate::model::knowledge::parts::report_of_thread(conn, thread.id)?
            .map(|report| -> AppResult<SwapView> {
                let scope = crate::model::knowledge::parts::EvidenceFor::Thread(thread.id);
                Ok(SwapView {
                    cell: crate::forum::knowledge::parts::load_matrix(conn, scope)?
                        .into_iter()
                        .next(),
                    report,
                })
            })
            .transpose()?
    } else {
        None
    };
    let post_ids: Vec<i64> = posts.iter().map(|p| p.id).collect();
    let mut post_photos: BTreeMap<String, Vec<crate::model::knowledge::photos::PhotoView>> =
        BTreeMap::new();
    for photo in crate::model::knowledge::photos::of_posts(conn, &post_ids)? {
        post_photos
            .entry(photo.owner_id.to_string())
            .or_default()
            .push(photo);
    }
    Ok(ThreadPage {
        head: Default::default(),
        post_html: BTreeMap::new(),
        footers: BTreeMap::new(),
        staff_footers: std::sync::OnceLock::new(),
        known_issue: crate::model::before_service::known_issues::banner(conn, thread.id)?,
        // Only an idea's thread has one: no query for the others.
        idea: match thread.kind.as_str() {
            "idea" => crate::web::before_service::ideas::banner(conn, thread.id)?,
            _ => None,
        },
        withdrawn,
        guide,
        swap,
        post_photos,
        author_name: names.get(&thread.author_id).cloned().unwrap_or_default(),
        solution_marked_by: thread
            .solution_marked_by_id
            .filter(|id| *id != thread.author_id)
            .and_then(|id| names.get(&id).cloned()),
        thread,
        breadcrumbs,
        posts,
        page,
        page_count: pages,
        highlights,
        verifications,
        worked,
        escalation,
        worked_devices,
    })
}

/// What the viewer has already done here: which buttons to show as done.
#[derive(Serialize, Default)]
struct ViewerMarks {
    voted: Vec<i64>,
    worked: Vec<i64>,
    flagged: Vec<i64>,
    me_too: bool,
    following: bool,
    confirmed_swap: bool,
    completed_guide: bool,
    /// "Did not work" reports, for the guide's author and staff.
    failed_reports: Vec<crate::model::knowledge::guides::Completion>,
}

fn load_viewer_marks(
    conn: &mut DbConn,
    user_id: i64,
    can_see_failures: bool,
    data: &ThreadPage,
) -> AppResult<ViewerMarks> {
    let mut ids: Vec<i64> = data.posts.iter().map(|p| p.id).collect();
    ids.extend(data.highlights.iter().map(|p| p.id));
    Ok(ViewerMarks {
        voted: answers::voted_posts(conn, user_id, &ids)?,
        worked: answers::worked_posts(conn, user_id, &ids)?,
        flagged: crate::model::staff::moderation::flagged_posts(conn, user_id, &ids)?,
        me_too: answers::has_me_too(conn, data.thread.id, user_id)?,
        following: answers::is_following(conn, data.thread.id, user_id)?,
        confirmed_swap: data.swap.is_some()
            && crate::model::knowledge::parts::has_confirmed(conn, data.thread.id, user_id)?,
        completed_guide: data.guide.is_some()
            && crate::model::knowledge::guides::has_completed(conn, data.thread.id, user_id)?,
        failed_reports: match &data.guide {
            Some(_) if can_see_failures => {
                crate::model::knowledge::guides::failed_reports(conn, data.thread.id)?
            }
            _ => Vec::new(),
        },
    })
}

/// The reply box's state when a thread page is shown again after a submit.
#[derive(Default, Serialize)]
pub(crate) struct ReplyState {
    pub(crate) body: String,
    pub(crate) preview_html: Option<String>,
    /// A private message shown again after a failed send.
    pub(crate) private_body: String,
}

pub(crate) async fn thread_page(
    req: &HttpRequest,
    viewer: &Viewer,
    id: i64,
    page: i64,
    reply: ReplyState,
    error: Option<AppError>,
) -> AppResult<HttpResponse> {
    thread_page_at(req, viewer, (id, None), page, reply, error).await
}

/// A thread's page, asked for at `/t/{id}/{slug}` when the slug is given:
/// another slug than the thread's (an older title, an address romanised
/// before slugs kept their letters) is sent on to the thread's own address
/// for good (301), the page kept.
async fn thread_page_at(
    req: &HttpRequest,
    viewer: &Viewer,
    (id, asked_slug): (i64, Option<&str>),
    page: i64,
    reply: ReplyState,
    error: Option<AppError>,
) -> AppResult<HttpResponse> {
    let page = i32::try_from(page).map_err(|_| AppError::NotFound("page of this thread"))?;
    let viewer_id = viewer.user.as_ref().map(|u| u.id);
    let viewer_is_staff = viewer.user.as_ref().is_some_and(|u| u.role.is_staff());
    let sees_hidden = crate::forum::knowledge::guides::sees_hidden(
        viewer.user.as_ref().map(crate::forum::Actor::from).as_ref(),
    );
    // The page's data is the same for every reader of this kind: kept while
    // nothing changes (web::shared_pages), loaded otherwise.
    let state = crate::web::state(req);
    // Kept per language: the posts' bylines and actions carry the
    // interface's words.
    let language = crate::web::language::of(req);
    let key = (id, page, sees_hidden, language);
    let generation = state.page_cache.generation();
    let kept = state.thread_pages.get(&key, generation);
    let was_kept = kept.is_some();
    let templates = state.templates.clone();
    let base_url = state.config.public_url();
    // Only trusted members report whether an answer still works.
    let policy = state.policy.clone();
    let may_report = viewer
        .user
        .as_ref()
        .is_some_and(|u| policy.is_trusted(&crate::forum::Actor::from(u)));
    let (data, marks, (private, firmware)) = state
        .db(move |conn| {
            let data = match kept {
                Some(data) => data,
                None => {
                    let mut data = load_thread_page_for(conn, id, page, sees_hidden)?;
                    data.head = crate::web::discovery::seo::thread_head(conn, &data, &base_url)?;
                    data.post_html = post_fragments(&templates, &data, sees_hidden, language)?;
                    data.footers = kept_footers(&templates, &data, language)?;
                    // Now in post_html: not copied into every request's context again.
                    for post in &mut data.posts {
                        post.body_html = String::new();
                    }
                    std::sync::Arc::new(data)
                }
            };
            let marks = match viewer_id {
                Some(user_id) => {
                    let author_or_staff = viewer_is_staff || user_id == data.thread.author_id;
                    load_viewer_marks(conn, user_id, author_or_staff, &data)?
                }
                None => ViewerMarks::default(),
            };
            let private = crate::web::discussion::private_messages::load(
                conn,
                viewer_id,
                viewer_is_staff,
                &data,
            )?;
            let firmware = crate::web::before_service::firmware::load_for_thread(
                conn, viewer_id, may_report, &policy, &data,
            )?;
            Ok((data, marks, (private, firmware)))
        })
        .await?;
    if !was_kept {
        state
            .thread_pages
            .keep(key, generation, state.page_cache.generation(), data.clone());
    }
    if let Some(asked) = asked_slug {
        if !rules::is_thread_slug(asked, &data.thread.slug) {
            let mut location = thread_url(data.thread.id, &data.thread.slug);
            if page > 1 {
                location.push_str(&format!("?page={page}"));
            }
            return Ok(HttpResponse::MovedPermanently()
                .insert_header((actix_web::http::header::LOCATION, location))
                .finish());
        }
    }
    let mut context = Context::new();
    let viewer_actor = viewer.user.as_ref().map(crate::forum::Actor::from);
    let editable: Vec<i64> = match &viewer_actor {
        Some(a) => data
            .posts
            .iter()
            .filter(|p| a.can_edit_post(p.author_id))
            .map(|p| p.id)
            .collect(),
        None => Vec::new(),
    };
    let can_reply = viewer_actor
        .as_ref()
        .is_some_and(|a| a.ensure_can_reply(data.thread.locked).is_ok());
    let is_staff = viewer_actor.as_ref().is_some_and(|a| a.is_staff());
    let is_asker = viewer_actor
        .as_ref()
        .is_some_and(|a| a.id == data.thread.author_id);
    let footers = post_footers(
        &state.templates,
        &data,
        &FooterReader {
            username: viewer.user.as_ref().map(|u| u.username.as_str()),
            is_staff,
            is_asker,
            editable: &editable,
            voted: &marks.voted,
            flagged: &marks.flagged,
            csrf_token: &viewer.csrf_token,
            firmware: &firmware,
            language,
        },
    )?;
    context.insert("post_footers", &footers);
    context.insert("is_staff", &is_staff);
    context.insert("can_mark_solution", &(is_asker || is_staff));
    context.insert("is_asker", &is_asker);
    context.insert("marks", &marks);
    context.insert(
        "flag_reasons",
        &crate::forum::staff::moderation::FLAG_REASONS,
    );
    context.insert(
        "can_edit_guide",
        &viewer_actor
            .as_ref()
            .is_some_and(|a| a.can_edit_post(data.thread.author_id)),
    );
    context.insert("editable", &editable);
    context.insert("can_reply", &can_reply);
    context.insert("thread_url", &thread_url(data.thread.id, &data.thread.slug));
    context.insert("seo", &data.head);
    context.insert("thread", &data.thread);
    context.insert("known_issue", &data.known_issue);
    context.insert("idea", &data.idea);
    context.insert("data", &*data);
    context.insert("reply", &reply);
    context.insert("private_messages", &private);
    // What the private line allows this reader (its form says it).
    context.insert(
        "private_limits",
        &viewer_actor
            .as_ref()
            .map(|a| state.policy.private_line_limits(a)),
    );
    context.insert("firmware", &firmware);
    context.insert(
        "new_member_rules",
        &viewer_actor
            .as_ref()
            .and_then(|a| rules::new_member_rules(&state.policy, a)),
    );
    match error {
        None => ok_page(req, viewer, "threads/show.html", context),
        Some(e) => form_again(req, viewer, "threads/show.html", context, e),
    }
}

#[get("/t/{id}")]
async fn show_thread(
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<i64>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let page = page_param(query.page.as_deref())?;
    thread_page(
        &req,
        &viewer,
        path.into_inner(),
        page,
        ReplyState::default(),
        None,
    )
    .await
}

#[get("/t/{id}/{slug}")]
async fn show_thread_with_slug(
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<(i64, String)>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let page = page_param(query.page.as_deref())?;
    let (id, slug) = path.into_inner();
    thread_page_at(
        &req,
        &viewer,
        (id, Some(&slug)),
        page,
        ReplyState::default(),
        None,
    )
    .await
}

#[derive(Deserialize)]
struct ReplySubmit {
    #[serde(default)]
    body: String,
    #[serde(default)]
    action: String,
}

#[post("/t/{id}/reply")]
async fn post_reply(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, submit): CsrfForm<ReplySubmit>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let thread_id = path.into_inner();
    let last_page = |thread: &Thread| i64::from(page_count(thread.reply_count));
    if submit.action == "preview" {
        let thread = state
            .db(move |conn| threads::find(conn, thread_id).map_err(not_found("thread")))
            .await?;
        let (preview_html, error) = match preview(&state, actor.clone(), &submit.body).await? {
            Ok(html) => (Some(html), None),
            Err(e) => (None, Some(e)),
        };
        let state_ = ReplyState {
            preview_html,
            body: submit.body,
            ..ReplyState::default()
        };
        return thread_page(&req, &viewer, thread_id, last_page(&thread), state_, error).await;
    }
    let body = submit.body.clone();
    let policy = state.policy.clone();
    let result = state
        .db(move |conn| {
            let post = rules::reply(conn, &actor, thread_id, &body, &policy)?;
            let thread = threads::find(conn, thread_id)?;
            Ok(post_url(
                thread.id,
                &thread.slug,
                post.id,
                post.reply_number,
            ))
        })
        .await;
    match result {
        Ok(url) => Ok(see_other(&url)),
        Err(e) if e.field_errors().is_some() => {
            let thread = state
                .db(move |conn| threads::find(conn, thread_id).map_err(not_found("thread")))
                .await?;
            let state_ = ReplyState {
                body: submit.body,
                ..ReplyState::default()
            };
            thread_page(
                &req,
                &viewer,
                thread_id,
                last_page(&thread),
                state_,
                Some(e),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// `/p/{id}`: a link to one post, wherever it is in its thread.
#[get("/p/{id}")]
async fn permalink(state: web::Data<AppState>, path: web::Path<i64>) -> AppResult<HttpResponse> {
    let post_id = path.into_inner();
    let url = state
        .db(move |conn| {
            let post = posts::find(conn, post_id).map_err(not_found("post"))?;
            let thread = threads::find(conn, post.thread_id)?;
            Ok(post_url(
                thread.id,
                &thread.slug,
                post.id,
                post.reply_number,
            ))
        })
        .await?;
    Ok(see_other(&url))
}

#[derive(Serialize)]
struct EditContext {
    post_id: i64,
    is_opening: bool,
    thread_title: String,
    thread_url: String,
}

async fn edit_context(
    state: &AppState,
    post_id: i64,
) -> AppResult<(
    EditContext,
    crate::model::discussion::posts::Post,
    Thread,
    Arc<DeviceChoices>,
)> {
    let choices = ChoicesSource::of(state);
    state
        .db(move |conn| {
            let post = posts::find(conn, post_id).map_err(not_found("post"))?;
            let thread = threads::find(conn, post.thread_id)?;
            let options = if post.reply_number == 0 {
                choices.get(conn)?
            } else {
                Arc::default()
            };
            let ctx = EditContext {
                post_id,
                is_opening: post.reply_number == 0,
                thread_title: thread.title.clone(),
                thread_url: thread_url(thread.id, &thread.slug),
            };
            Ok((ctx, post, thread, options))
        })
        .await
}

fn edit_page_context(edit: &EditContext, form: &PostEdit, options: &DeviceChoices) -> Context {
    let mut context = Context::new();
    context.insert("edit", edit);
    context.insert("form", form);
    context.insert(
        "device_options_html",
        &options.html(form.device.as_deref().unwrap_or("")),
    );
    context.insert("max_title", rules::TITLE_CHARS.end());
    context
}

#[get("/posts/{id}/edit")]
async fn edit_form(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let (edit, post, thread, options) = edit_context(&state, path.into_inner()).await?;
    actor.ensure_can_edit_post(post.author_id)?;
    let device_slug = match thread.device_id {
        Some(id) => Some(
            state
                .db(move |conn| Ok(devices::find(conn, id)?.slug))
                .await?,
        ),
        None => Some(String::new()),
    };
    let form = PostEdit {
        title: edit.is_opening.then(|| thread.title.clone()),
        device: if edit.is_opening { device_slug } else { None },
        body: post.body_md,
    };
    ok_page(
        &req,
        &viewer,
        "threads/edit.html",
        edit_page_context(&edit, &form, &options),
    )
}

#[derive(Deserialize)]
struct EditSubmit {
    #[serde(flatten)]
    edit: PostEdit,
    #[serde(default)]
    action: String,
}

#[post("/posts/{id}/edit")]
async fn edit_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    CsrfForm(viewer, submit): CsrfForm<EditSubmit>,
) -> AppResult<HttpResponse> {
    let actor = actor(&viewer)?;
    let post_id = path.into_inner();
    let (edit, post, _thread, options) = edit_context(&state, post_id).await?;
    actor.ensure_can_edit_post(post.author_id)?;
    let mut context = edit_page_context(&edit, &submit.edit, &options);
    if submit.action == "preview" {
        return match preview(&state, actor.clone(), &submit.edit.body).await? {
            Ok(html) => {
                context.insert("preview_html", &html);
                ok_page(&req, &viewer, "threads/edit.html", context)
            }
            Err(e) => form_again(&req, &viewer, "threads/edit.html", context, e),
        };
    }
    let form = submit.edit.clone();
    let policy = state.policy.clone();
    let result = state
        .db(move |conn| {
            let post = rules::edit_post(conn, &actor, post_id, &form, &policy)?;
            let thread = threads::find(conn, post.thread_id)?;
            Ok(post_url(
                thread.id,
                &thread.slug,
                post.id,
                post.reply_number,
            ))
        })
        .await;
    match result {
        Ok(url) => Ok(see_other(&url)),
        Err(e) => form_again(&req, &viewer, "threads/edit.html", context, e),
    }
}

/// Every version of a post, newest first; open to everyone, except for a
/// hidden post or a withdrawn thread (opening post hidden): staff only.
#[get("/posts/{id}/history")]
async fn history(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let post_id = path.into_inner();
    let reader = viewer.user.as_ref().map(crate::forum::Actor::from);
    let (post, thread, current_author, (revisions, verifications)) = state
        .db(move |conn| {
            let post = posts::find(conn, post_id).map_err(not_found("post"))?;
            let thread = threads::find(conn, post.thread_id)?;
            let hidden_post =
                post.hidden && !crate::forum::knowledge::guides::sees_hidden(reader.as_ref());
            if hidden_post
                || crate::forum::knowledge::guides::withheld(conn, reader.as_ref(), thread.id)?
            {
                return Err(AppError::NotFound("post"));
            }
            let current_author =
                users::find(conn, post.edited_by_id.unwrap_or(post.author_id))?.username;
            let revisions = posts::revisions(conn, post.id)?;
            let verifications = answers::verification_history(conn, post.id)?;
            Ok((post, thread, current_author, (revisions, verifications)))
        })
        .await?;
    let mut context = Context::new();
    context.insert(
        "post_url",
        &post_url(thread.id, &thread.slug, post.id, post.reply_number),
    );
    context.insert("thread", &thread);
    context.insert("post", &post);
    context.insert("current_author", &current_author);
    context.insert("revisions", &revisions);
    context.insert("verifications", &verifications);
    render(
        &req,
        &viewer,
        "threads/history.html",
        context,
        StatusCode::OK,
    )
}
