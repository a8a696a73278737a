//! 问题时间线: registration, transitions, progress reports, urges and extension requests and
//! decisions of one problem, newest first.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    db::{DbConnection, IssueId},
    domain::{attachments::OwnerKind, org::ActorKind, permissions::Permission, supervision::ExtensionStatus},
    error::ApiError,
    service::{Context, issues::find_visible},
    store::{
        self,
        attachments::Attachment,
        issues::{Progress, Transition},
        supervision::{ExtensionRequest, Urge},
    },
};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorDto {
    pub kind: ActorKind,
    pub id: String,
    #[schema(example = "office")]
    pub name: String,
    pub unit_id: Option<String>,
}

/// One step of a problem's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    /// `transition` (including `register`), `progress`, `urge`, `extension_request`,
    /// `extension_decision`, `supplement` (补充材料: `payload` names each changed field's
    /// `from` and `to`), `reply` (答复意见: the text in `note`), `payment` (a payment record or
    /// correction), `repayment_plan` or `attachment` (a file uploaded or withdrawn).
    #[schema(example = "transition")]
    pub kind: String,
    pub at: DateTime<Utc>,
    pub actor: ActorDto,
    /// The transition's action (`register` for the registration).
    #[schema(example = "assign")]
    pub action: Option<String>,
    #[schema(example = "交办")]
    pub action_label: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub comment: Option<String>,
    /// The transition's data (e.g. responsible unit and deadline of an assignment).
    #[schema(value_type = Option<Object>)]
    pub payload: Option<serde_json::Value>,
    /// A progress report's text.
    pub note: Option<String>,
    pub amount_resolved_fen: Option<i64>,
    /// A transition's id (files linked to the step name it in `transition_id`).
    pub transition_id: Option<String>,
}

impl TimelineEntry {
    fn new(kind: &str, at: chrono::NaiveDateTime, actor: ActorDto) -> Self {
        Self {
            kind: kind.to_owned(),
            at: at.and_utc(),
            actor,
            action: None,
            action_label: None,
            from_state: None,
            to_state: None,
            comment: None,
            payload: None,
            note: None,
            amount_resolved_fen: None,
            transition_id: None,
        }
    }

    fn action(mut self, code: &str, label: &str) -> Self {
        self.action = Some(code.to_owned());
        self.action_label = Some(label.to_owned());
        self
    }
}

fn user(id: String, name: String, unit_id: Option<String>) -> ActorDto {
    ActorDto { kind: ActorKind::User, id, name, unit_id }
}

fn of_transition(t: Transition) -> TimelineEntry {
    let actor = ActorDto {
        kind: t.actor_kind,
        id: t.actor_id,
        name: t.actor_name,
        unit_id: t.actor_unit_id.map(|u| u.to_string()),
    };
    TimelineEntry {
        from_state: t.from_state.0.map(|s| s.code().to_owned()),
        to_state: Some(t.to_state.code().to_owned()),
        comment: t.comment,
        payload: t.payload_json.and_then(|p| serde_json::from_str(&p).ok()),
        transition_id: Some(t.id.to_string()),
        ..TimelineEntry::new("transition", t.created_at, actor).action(t.action.code(), t.action.label())
    }
}

fn of_progress(p: Progress) -> TimelineEntry {
    TimelineEntry {
        note: Some(p.note),
        amount_resolved_fen: p.amount_resolved_fen,
        ..TimelineEntry::new(
            "progress",
            p.created_at,
            user(p.author_id.to_string(), p.author_name, Some(p.unit_id.to_string())),
        )
    }
}

/// 补充材料: the source re-pushed its reference with changed content; the payload names each
/// changed field with `from` and `to`.
fn of_supplement(s: store::supplements::Supplement) -> TimelineEntry {
    let actor = ActorDto { kind: s.actor_kind, id: s.actor_id, name: s.actor_name, unit_id: None };
    TimelineEntry {
        payload: serde_json::from_str(&s.changes_json).ok(),
        ..TimelineEntry::new("supplement", s.created_at, actor).action("supplement", "补充材料")
    }
}

/// 答复意见: a reply to the enterprise (its text as the note).
fn of_reply(r: store::replies::Reply) -> TimelineEntry {
    let actor = user(r.author_id, r.author_name, Some(r.unit_id.to_string()));
    TimelineEntry {
        note: Some(r.body), ..TimelineEntry::new("reply", r.created_at, actor).action("reply", "答复意见")
    }
}

fn of_payment(p: crate::store::payments::Payment) -> TimelineEntry {
    use crate::domain::repayment::PaymentKind;
    let (code, label) = match p.kind {
        PaymentKind::Payment => ("record_payment", "登记还款"),
        PaymentKind::Correction => ("correct_payment", "冲正"),
        PaymentKind::Opening => ("opening_payment", "期初结转"),
    };
    let actor = ActorDto {
        kind: p.recorded_by_kind,
        id: p.recorded_by_id,
        name: p.recorded_by_name,
        unit_id: p.unit_id.map(|u| u.to_string()),
    };
    TimelineEntry {
        note: p.note,
        payload: Some(serde_json::json!({
            "payment_id": p.id, "paid_on": p.paid_on, "amount_fen": p.amount_fen, "method": p.method,
            "voucher_no": p.voucher_no, "corrects": p.corrects, "plan_version": p.plan_version,
        })),
        ..TimelineEntry::new("payment", p.created_at, actor).action(code, label)
    }
}

fn of_plan(p: crate::store::plans::Plan) -> TimelineEntry {
    let actor = ActorDto {
        kind: p.set_by_kind,
        id: p.set_by_id,
        name: p.set_by_name,
        unit_id: p.unit_id.map(|u| u.to_string()),
    };
    TimelineEntry {
        note: p.note,
        payload: Some(serde_json::json!({ "version": p.version, "outstanding_fen": p.outstanding_fen })),
        ..TimelineEntry::new("repayment_plan", p.created_at, actor).action("set_repayment_plan", "制定还款计划")
    }
}

fn of_urge(u: Urge) -> TimelineEntry {
    let actor = user(u.actor_id.to_string(), u.actor_name, u.actor_unit_id.map(|x| x.to_string()));
    TimelineEntry {
        comment: Some(u.message), ..TimelineEntry::new("urge", u.created_at, actor).action("urge", "催办")
    }
}

fn of_extension(r: ExtensionRequest, out: &mut Vec<TimelineEntry>) {
    let payload = serde_json::json!({
        "current_deadline": r.current_deadline, "requested_deadline": r.requested_deadline, "status": r.status,
    });
    if let (Some(at), Some(by)) = (r.decided_at, r.decided_by_name.clone()) {
        let (code, label) = if r.status == ExtensionStatus::Approved {
            ("approve_extension", "同意延期")
        } else {
            ("refuse_extension", "不同意延期")
        };
        let actor = user(r.decided_by_id.as_ref().map(|i| i.to_string()).unwrap_or_default(), by, None);
        out.push(TimelineEntry {
            comment: r.decision_comment.clone(),
            payload: Some(payload.clone()),
            ..TimelineEntry::new("extension_decision", at, actor).action(code, label)
        });
    }
    let actor = user(r.requested_by_id.to_string(), r.requested_by_name, Some(r.unit_id.to_string()));
    out.push(TimelineEntry {
        comment: Some(r.reason),
        payload: Some(payload),
        ..TimelineEntry::new("extension_request", r.created_at, actor).action("request_extension", "申请延期")
    });
}

fn of_attachment(a: Attachment, out: &mut Vec<TimelineEntry>) {
    let payload = serde_json::json!({
        "attachment_id": a.id, "kind": a.kind, "file_name": a.file_name, "transition_id": a.transition_id,
    });
    let actor = ActorDto {
        kind: a.uploaded_by_kind,
        id: a.uploaded_by_id.clone(),
        name: a.uploaded_by_name.clone(),
        unit_id: a.uploaded_by_unit_id.as_ref().map(|u| u.to_string()),
    };
    if let Some(at) = a.withdrawn_at {
        let by = a.withdrawn_by.clone().unwrap_or_default();
        out.push(TimelineEntry {
            payload: Some(payload.clone()),
            ..TimelineEntry::new("attachment", at, ActorDto { name: by, ..actor.clone() })
                .action("withdraw_attachment", "撤回附件")
        });
    }
    out.push(TimelineEntry {
        payload: Some(payload),
        ..TimelineEntry::new("attachment", a.created_at, actor).action("upload_attachment", "上传附件")
    });
}

pub fn timeline(conn: &mut DbConnection, cx: &Context, id: &IssueId) -> Result<Vec<TimelineEntry>, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    // Staff names and comments are internal: an integration reads the public view only.
    if cx.principal.is_integration() {
        return Err(ApiError::forbidden("API 密钥只能读取问题的公开视图, 不能读取时间线"));
    }
    find_visible(conn, cx, id)?;
    let mut entries: Vec<TimelineEntry> =
        store::issues::transitions(conn, id)?.into_iter().map(of_transition).collect();
    entries.extend(store::issues::progress(conn, id)?.into_iter().map(of_progress));
    entries.extend(store::supervision::urges(conn, id)?.into_iter().map(of_urge));
    entries.extend(store::payments::of_issue(conn, id)?.into_iter().map(of_payment));
    entries.extend(store::plans::versions(conn, id)?.into_iter().map(of_plan));
    for r in store::supervision::extensions(conn, id)? {
        of_extension(r, &mut entries);
    }
    entries.extend(store::supplements::of_issue(conn, id)?.into_iter().map(of_supplement));
    entries.extend(store::replies::of_issue(conn, id)?.into_iter().map(of_reply));
    for a in store::attachments::of_owner(conn, OwnerKind::Issue, id.as_str())? {
        of_attachment(a, &mut entries);
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.at));
    Ok(entries)
}
