//! Attachments (附件) of a problem or of a milestone submission: adding files (after their
//! bytes are in the object store), listing, reading and withdrawing them. Whoever may read the
//! problem may read its files (the one scope of `service::scope`, through
//! `issues::find_visible`); a submission's files are read as `service::milestones` decides; an
//! outsider gets 404.

use actix_web::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{AttachmentId, DbConnection, IssueId, MilestoneId, PaymentId, TransitionId},
    domain::{
        attachments::{self as rules, AttachmentKind, EvidenceFile, FileType, OwnerKind},
        lifecycle::State,
        permissions::Permission,
    },
    error::ApiError,
    service::{Context, events, issues, milestones, settings},
    store::{self, attachments::Attachment, issues::Issue},
};

/// A file of a problem (metadata; the bytes at `url`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttachmentDto {
    pub id: AttachmentId,
    pub kind: AttachmentKind,
    #[schema(example = "付款凭证")]
    pub kind_label: String,
    #[schema(example = "工商银行回单.pdf")]
    pub file_name: String,
    /// The type detected from the content.
    #[schema(example = "application/pdf")]
    pub content_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the bytes, lower-case hex.
    #[schema(example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    pub sha256: String,
    /// The step of the record it belongs to (a submission, a verification).
    pub transition_id: Option<TransitionId>,
    /// The payment record (还款记录) it documents (a 付款凭证 for one payment).
    pub payment_id: Option<PaymentId>,
    #[schema(example = "unit_education")]
    pub uploaded_by: String,
    pub uploaded_by_unit_id: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Withdrawn files stay listed (metadata only; the bytes are no longer served).
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// Whether the caller may withdraw it now.
    pub may_withdraw: bool,
    /// Where the bytes are (`GET`).
    #[schema(example = "/api/v1/attachments/01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b")]
    pub url: String,
}

/// A list of files.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentList {
    pub items: Vec<AttachmentDto>,
}

/// How much an upload to a problem may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    pub max_file_bytes: u64,
    /// What the problem may still take (its quota less the files it holds).
    pub remaining_bytes: u64,
    /// Whether photos lose where they were taken before they are stored (系统设置).
    pub strip_image_location: bool,
}

/// A file whose bytes are in the object store, to be recorded.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub file_name: String,
    pub file_type: FileType,
    pub size_bytes: i64,
    pub sha256: String,
    pub object_key: String,
}

/// 上传附件: files of one kind, optionally linked to a step of the problem's record.
#[derive(Debug, Clone)]
pub struct AddAttachments {
    pub kind: AttachmentKind,
    pub transition_id: Option<TransitionId>,
    /// The payment record of this problem the files document.
    pub payment_id: Option<PaymentId>,
    pub files: Vec<StoredFile>,
}

const MB: u64 = 1024 * 1024;

fn upload_refusal(issue: &Issue) -> ApiError {
    ApiError::forbidden(format!("问题处于「{}」状态, 您不能为该问题上传附件", issue.state.label()))
}

/// The problem, when the caller may add files to it now (404 outside the scope, 403 otherwise).
fn uploadable(conn: &mut DbConnection, cx: &Context, id: &IssueId) -> Result<Issue, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let issue = issues::find_visible(conn, cx, id)?;
    let cooperating = store::issues::cooperating(conn, id)?;
    if !rules::may_upload(&cx.caller(), &issues::facts_of(&issue, &cooperating, false)) {
        return Err(upload_refusal(&issue));
    }
    Ok(issue)
}

/// Checked before the body is read: may the caller add files, and how large may they be.
pub fn prepare_upload(conn: &mut DbConnection, cx: &Context, id: &IssueId) -> Result<UploadLimits, ApiError> {
    let issue = uploadable(conn, cx, id)?;
    limits(conn, OwnerKind::Issue, issue.id.as_str())
}

/// Checked before the body is read: may the caller add files to its unit's coming submission
/// for the milestone, and how large may they be (the files wait, owned by the milestone, until a
/// submission names them).
pub fn prepare_milestone_upload(
    conn: &mut DbConnection,
    cx: &Context,
    id: &MilestoneId,
) -> Result<UploadLimits, ApiError> {
    milestones::check_may_upload(conn, cx, id)?;
    limits(conn, OwnerKind::MilestoneSubmission, id.as_str())
}

/// 上传报送附件: files for the caller's unit's coming submission for the milestone.
pub fn add_to_milestone(
    conn: &mut DbConnection,
    cx: &Context,
    id: &MilestoneId,
    cmd: AddAttachments,
) -> Result<Vec<AttachmentDto>, ApiError> {
    milestones::check_may_upload(conn, cx, id)?;
    if cmd.files.is_empty() {
        return Err(ApiError::field("file", "请选择要上传的文件"));
    }
    if cmd.transition_id.is_some() {
        return Err(ApiError::field("transition_id", "节点报送的附件不属于问题的流转记录"));
    }
    if cmd.payment_id.is_some() {
        return Err(ApiError::field("payment_id", "节点报送的附件不属于还款记录"));
    }
    let rows = record(conn, cx, OwnerKind::MilestoneSubmission, id.as_str(), "milestone_id", cmd)?;
    Ok(rows.into_iter().map(|a| dto_with(a, true)).collect())
}

fn limits(conn: &mut DbConnection, kind: OwnerKind, owner_id: &str) -> Result<UploadLimits, ApiError> {
    let s = settings::current(conn)?;
    let held = store::attachments::bytes_of_owner(conn, kind, owner_id)?;
    let quota = s.attachment_max_issue_mb as u64 * MB;
    Ok(UploadLimits {
        max_file_bytes: s.attachment_max_file_mb as u64 * MB,
        remaining_bytes: quota.saturating_sub(held.max(0) as u64),
        strip_image_location: s.attachment_strip_image_location,
    })
}

/// 413 naming the file that does not fit.
pub fn too_large(file_name: &str, why: String) -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "attachment_too_large", format!("文件「{file_name}」过大: {why}"))
        .with_extra("file_name", file_name)
}

/// Records files whose bytes are stored: the rows, the outbox event and the audit records, in
/// the caller's transaction. The checks of [`prepare_upload`] are made again (the problem may
/// have moved on while the bytes were read).
pub fn add(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IssueId,
    cmd: AddAttachments,
) -> Result<Vec<AttachmentDto>, ApiError> {
    let issue = uploadable(conn, cx, id)?;
    if cmd.files.is_empty() {
        return Err(ApiError::field("file", "请选择要上传的文件"));
    }
    if let Some(t) = &cmd.transition_id
        && !store::issues::transitions(conn, id)?.iter().any(|x| &x.id == t)
    {
        return Err(ApiError::field("transition_id", "该流转记录不属于此问题"));
    }
    if let Some(p) = &cmd.payment_id
        && !store::payments::of_issue(conn, id)?.iter().any(|x| &x.id == p)
    {
        return Err(ApiError::field("payment_id", "该还款记录不属于此问题"));
    }
    let out = record(conn, cx, OwnerKind::Issue, issue.id.as_str(), "issue_id", cmd)?;
    events::record(conn, events::EventKind::AttachmentAdded, &issue)?;
    let cooperating = store::issues::cooperating(conn, id)?;
    Ok(out.into_iter().map(|a| dto(cx, &issue, &cooperating, a)).collect())
}

/// Records the stored files as owned by (`kind`, `owner_id`) within the owner's quota, each
/// with its audit record (`owner_field` names the owner there); answers the rows.
fn record(
    conn: &mut DbConnection,
    cx: &Context,
    kind: OwnerKind,
    owner_id: &str,
    owner_field: &str,
    cmd: AddAttachments,
) -> Result<Vec<Attachment>, ApiError> {
    let s = settings::current(conn)?;
    let mut held = store::attachments::bytes_of_owner(conn, kind, owner_id)?.max(0) as u64;
    let quota = s.attachment_max_issue_mb as u64 * MB;
    let now = cx.clock.now();
    let mut out = Vec::with_capacity(cmd.files.len());
    for f in cmd.files {
        held += f.size_bytes.max(0) as u64;
        if held > quota {
            return Err(too_large(&f.file_name, format!("附件总量不能超过 {} MB", s.attachment_max_issue_mb)));
        }
        let row = Attachment {
            id: AttachmentId::new(),
            owner_kind: kind,
            owner_id: owner_id.to_owned(),
            kind: cmd.kind,
            transition_id: cmd.transition_id.clone(),
            file_name: f.file_name,
            content_type: f.file_type.mime().to_owned(),
            size_bytes: f.size_bytes,
            sha256: f.sha256,
            object_key: f.object_key,
            uploaded_by_kind: cx.principal.kind(),
            uploaded_by_id: cx.principal.subject_id(),
            uploaded_by_name: cx.principal.username.clone(),
            uploaded_by_unit_id: Some(cx.principal.unit_id.clone()),
            created_at: now,
            withdrawn_at: None,
            withdrawn_by: None,
            payment_id: cmd.payment_id.clone(),
        };
        store::attachments::insert(conn, &row)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "attachment.upload", "attachment").entity(&row.id).after(json!({
                owner_field: owner_id, "kind": row.kind, "file_name": row.file_name, "content_type": row.content_type,
                "size_bytes": row.size_bytes, "sha256": row.sha256, "transition_id": row.transition_id,
                "payment_id": row.payment_id,
            })),
        )?;
        out.push(row);
    }
    Ok(out)
}

fn dto(cx: &Context, issue: &Issue, cooperating: &[crate::db::UnitId], a: Attachment) -> AttachmentDto {
    let may_withdraw = a.withdrawn_at.is_none()
        && rules::may_withdraw(
            &cx.caller(),
            &issues::facts_of(issue, cooperating, false),
            a.uploaded_by_id == cx.principal.subject_id(),
            a.transition_id.is_some(),
        );
    dto_with(a, may_withdraw)
}

/// The file as read, `may_withdraw` decided by its owner's rules.
pub fn dto_with(a: Attachment, may_withdraw: bool) -> AttachmentDto {
    AttachmentDto {
        url: format!("/api/v1/attachments/{}", a.id),
        id: a.id,
        kind: a.kind,
        kind_label: a.kind.label().to_owned(),
        file_name: a.file_name,
        content_type: a.content_type,
        size_bytes: a.size_bytes,
        sha256: a.sha256,
        transition_id: a.transition_id,
        payment_id: a.payment_id,
        uploaded_by: a.uploaded_by_name,
        uploaded_by_unit_id: a.uploaded_by_unit_id.map(|u| u.to_string()),
        created_at: a.created_at.and_utc(),
        withdrawn_at: a.withdrawn_at.map(|t| t.and_utc()),
        may_withdraw,
    }
}

/// 附件列表: the problem's files, oldest first, withdrawn ones included.
pub fn list(conn: &mut DbConnection, cx: &Context, id: &IssueId) -> Result<AttachmentList, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let issue = issues::find_visible(conn, cx, id)?;
    let cooperating = store::issues::cooperating(conn, id)?;
    let rows = store::attachments::of_owner(conn, OwnerKind::Issue, issue.id.as_str())?;
    Ok(AttachmentList { items: rows.into_iter().map(|a| dto(cx, &issue, &cooperating, a)).collect() })
}

fn not_found() -> ApiError {
    ApiError::not_found("附件不存在或无权查看")
}

/// What a file belongs to, as its reader needs it.
enum Holder {
    Issue(Box<Issue>),
    /// A file of a milestone submission, or one waiting for its unit's submission.
    Submission,
}

/// A file the caller may read, with its owner (404 otherwise, also outside the scope). A
/// submission's files are read by the office and leaders, the submitting unit and the leads of
/// its group; a file waiting for a submission by its uploader's unit.
fn readable(conn: &mut DbConnection, cx: &Context, id: &AttachmentId) -> Result<(Attachment, Holder), ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let a = store::attachments::find(conn, id)?.ok_or_else(not_found)?;
    let holder = match a.owner_kind {
        OwnerKind::Issue => {
            let issue_id: IssueId = a.owner_id.parse().map_err(|_| ApiError::internal("attachment owner id"))?;
            Holder::Issue(Box::new(issues::find_visible(conn, cx, &issue_id).map_err(|_| not_found())?))
        }
        OwnerKind::MilestoneSubmission => {
            if !milestones::may_read_file(conn, cx, &a)? {
                return Err(not_found());
            }
            Holder::Submission
        }
    };
    Ok((a, holder))
}

/// What a download serves.
#[derive(Debug, Clone)]
pub struct Download {
    pub object_key: String,
    pub file_name: String,
    pub file_type: FileType,
    pub size_bytes: i64,
    pub sha256: String,
}

/// 下载附件: where the bytes are and how to present them. A withdrawn file answers 410.
pub fn download(conn: &mut DbConnection, cx: &Context, id: &AttachmentId) -> Result<Download, ApiError> {
    let (a, _) = readable(conn, cx, id)?;
    if a.withdrawn_at.is_some() {
        return Err(ApiError::new(StatusCode::GONE, "attachment_withdrawn", "该附件已撤回"));
    }
    let file_type = FileType::from_mime(&a.content_type)
        .ok_or_else(|| ApiError::internal(format!("unknown attachment type {:?}", a.content_type)))?;
    Ok(Download {
        object_key: a.object_key,
        file_name: a.file_name,
        file_type,
        size_bytes: a.size_bytes,
        sha256: a.sha256,
    })
}

/// 撤回附件: by its uploader while the problem is in their hands and the file is no part of a
/// step yet. The row stays (marked withdrawn) and the audit trail keeps its metadata. Answers the
/// file, and the object to remove once the change is committed when no other file uses it.
pub fn withdraw(
    conn: &mut DbConnection,
    cx: &Context,
    id: &AttachmentId,
) -> Result<(AttachmentDto, Option<String>), ApiError> {
    let (a, holder) = readable(conn, cx, id)?;
    if a.withdrawn_at.is_some() {
        return Err(ApiError::conflict("attachment_withdrawn", "该附件已撤回"));
    }
    let issue = match holder {
        Holder::Issue(issue) => *issue,
        Holder::Submission => return withdraw_waiting(conn, cx, a),
    };
    let cooperating = store::issues::cooperating(conn, &issue.id)?;
    let facts = issues::facts_of(&issue, &cooperating, false);
    let is_uploader = a.uploaded_by_id == cx.principal.subject_id();
    if !rules::may_withdraw(&cx.caller(), &facts, is_uploader, a.transition_id.is_some()) {
        let why = if !is_uploader {
            "只有上传人可以撤回附件".to_owned()
        } else if a.transition_id.is_some() {
            "附件已随流转提交, 不能撤回".to_owned()
        } else {
            format!("问题处于「{}」状态, 不能撤回附件", issue.state.label())
        };
        return Err(ApiError::forbidden(why));
    }
    let now = cx.clock.now();
    store::attachments::mark_withdrawn(conn, &a.id, now, &cx.principal.username)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "attachment.withdraw", "attachment").entity(&a.id).before(json!({
            "issue_id": issue.id, "kind": a.kind, "file_name": a.file_name, "content_type": a.content_type,
            "size_bytes": a.size_bytes, "sha256": a.sha256,
        })),
    )?;
    events::record(conn, events::EventKind::AttachmentWithdrawn, &issue)?;
    let unused = !store::attachments::object_in_use(conn, &a.object_key)?;
    let key = unused.then(|| a.object_key.clone());
    let withdrawn = Attachment { withdrawn_at: Some(now), withdrawn_by: Some(cx.principal.username.clone()), ..a };
    Ok((dto(cx, &issue, &cooperating, withdrawn), key))
}

/// 撤回 a file waiting for a submission: by its uploader only; a submitted file stays.
fn withdraw_waiting(
    conn: &mut DbConnection,
    cx: &Context,
    a: Attachment,
) -> Result<(AttachmentDto, Option<String>), ApiError> {
    if a.uploaded_by_id != cx.principal.subject_id() {
        return Err(ApiError::forbidden("只有上传人可以撤回附件"));
    }
    if !milestones::is_waiting_file(conn, &a)? {
        return Err(ApiError::forbidden("附件已随报送提交, 不能撤回"));
    }
    let now = cx.clock.now();
    store::attachments::mark_withdrawn(conn, &a.id, now, &cx.principal.username)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "attachment.withdraw", "attachment").entity(&a.id).before(json!({
            "milestone_id": a.owner_id, "kind": a.kind, "file_name": a.file_name, "content_type": a.content_type,
            "size_bytes": a.size_bytes, "sha256": a.sha256,
        })),
    )?;
    let unused = !store::attachments::object_in_use(conn, &a.object_key)?;
    let key = unused.then(|| a.object_key.clone());
    let withdrawn = Attachment { withdrawn_at: Some(now), withdrawn_by: Some(cx.principal.username.clone()), ..a };
    Ok((dto_with(withdrawn, false), key))
}

/// Of the objects an upload created, those no file names (the upload failed): to be removed.
pub fn unreferenced(conn: &mut DbConnection, keys: &[String]) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for k in keys {
        if !store::attachments::object_referenced(conn, k)? {
            out.push(k.clone());
        }
    }
    Ok(out)
}

/// The files uploaded since the problem last entered 整改 (not withdrawn, not yet part of a
/// step), and whether they carry the evidence 提交核查 needs (a 书面反馈 or 付款凭证).
pub struct Evidence {
    pub files: Vec<AttachmentId>,
    pub complete: bool,
}

pub fn evidence_since_rectifying(conn: &mut DbConnection, issue: &Issue) -> Result<Evidence, ApiError> {
    let since = store::issues::transitions(conn, &issue.id)?
        .into_iter()
        .filter(|t| t.to_state == State::Rectifying)
        .map(|t| t.created_at)
        .max()
        .unwrap_or(chrono::NaiveDateTime::MIN);
    let rows = store::attachments::of_owner(conn, OwnerKind::Issue, issue.id.as_str())?;
    let files: Vec<EvidenceFile> = rows
        .iter()
        .map(|a| EvidenceFile { kind: a.kind, uploaded_at: a.created_at, withdrawn: a.withdrawn_at.is_some() })
        .collect();
    let complete = rules::has_submit_evidence(&files, since);
    let files = rows
        .into_iter()
        .filter(|a| a.withdrawn_at.is_none() && a.transition_id.is_none() && a.created_at >= since)
        .map(|a| a.id)
        .collect();
    Ok(Evidence { files, complete })
}
