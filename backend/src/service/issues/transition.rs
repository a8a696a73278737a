//! 流转: one transition of the lifecycle (交办, 退回, 签收整改, 提交核查, 核查通过·销号, 核查不通过,
//! 重新整改, 不予立项). The state table and who may act live in `domain::lifecycle`; the fields
//! each action carries in [`TransitionRequest`]; what each action changes here.

use serde_json::{Map, Value, json};

use crate::{
    audit::{self, Entry},
    db::{AttachmentId, DbConnection, IssueId, UnitId},
    domain::{
        attachments::{self as rules, Confirmation, OwnerKind},
        lifecycle::{self, Action, ClosureKind, Refusal, State},
        permissions::Permission,
        roles::Role,
        supervision::ExtensionStatus,
    },
    error::ApiError,
    service::{
        Context, attachments, events,
        issues::{
            IfMatch, TransitionRequest, VerificationInput,
            commands::{AcceptRequest, AssignRequest, DismissRequest},
            facts_of, find_visible, save, step,
        },
        settings,
        supervision::notify,
        validate::Validator,
    },
    store::{self, issues::Issue},
};

/// Performs a transition for the context's principal: checks the fields, decides with the
/// lifecycle rules, saves, updates the memberships, lapses a pending extension request,
/// notifies, and records the step, the event and the audit record.
pub fn transition(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IssueId,
    req: TransitionRequest,
    if_match: IfMatch,
) -> Result<Issue, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let before = find_visible(conn, cx, id)?;
    let cooperating = store::issues::cooperating(conn, id)?;
    let action = req.action();
    let next = lifecycle::decide(&cx.caller(), action, &facts_of(&before, &cooperating, false))
        .map_err(|r| refusal(r, action, before.state))?;
    let mut issue = before.clone();
    let change = apply(conn, cx, &mut issue, &req, cooperating)?;
    if_match.check(before.version)?;
    let now = cx.clock.now();
    issue.state = next;
    issue.updated_at = now;
    save(conn, &mut issue, before.version)?;
    store::issues::sync_units(conn, &issue, &change.cooperating, now)?;
    if !matches!(next, State::Assigned | State::Rectifying) {
        lapse_pending_extension(conn, cx, &issue, action)?;
    }
    notify::transition(conn, cx, &issue, action)?;
    let comment = req.comment().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let payload = Value::Object(change.payload);
    let recorded = step(cx, &issue, action.into(), Some(before.state), comment.clone(), Some(payload.clone()));
    store::issues::insert_transition(conn, &recorded)?;
    if let Some(mut verification) = change.verification {
        verification.transition_id = recorded.id.clone();
        store::verifications::insert(conn, &verification)?;
    }
    if !change.attachments.is_empty() {
        store::attachments::link(conn, &change.attachments, &recorded.id)?;
    }
    events::record(conn, action.into(), &issue)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, &format!("issue.{}", action.code()), "issue")
            .entity(id)
            .before(json!({ "state": before.state, "version": before.version }))
            .after(json!({ "state": issue.state, "version": issue.version, "comment": comment, "payload": payload })),
    )?;
    Ok(issue)
}

/// 409 with what the caller may do now, or 403.
fn refusal(r: Refusal, action: Action, state: State) -> ApiError {
    match r {
        Refusal::Forbidden => ApiError::forbidden(format!("您的角色不能对该问题执行「{}」", action.label())),
        Refusal::WrongState { allowed } => {
            let names: Vec<&str> = allowed.iter().map(|a| a.label()).collect();
            let hint = if names.is_empty() {
                "当前没有可执行的操作".to_owned()
            } else {
                format!("当前可执行: {}", names.join("、"))
            };
            ApiError::conflict(
                "action_not_allowed",
                format!("问题处于「{}」状态, 不能执行「{}」; {hint}", state.label(), action.label()),
            )
            .with_extra("state", state.code())
            .with_extra("allowed_actions", allowed.iter().map(|a| a.code()).collect::<Vec<_>>())
        }
    }
}

/// What an action changed besides the state: the timeline's payload, the cooperating units
/// after it, the 核查 record and the files that become part of the step.
struct Change {
    payload: Map<String, Value>,
    cooperating: Vec<UnitId>,
    /// Written with the step (its `transition_id` is the step's).
    verification: Option<store::verifications::Verification>,
    attachments: Vec<AttachmentId>,
}

/// Checks the action's fields and applies them to `issue`.
fn apply(
    conn: &mut DbConnection,
    cx: &Context,
    issue: &mut Issue,
    req: &TransitionRequest,
    cooperating: Vec<UnitId>,
) -> Result<Change, ApiError> {
    let mut v = Validator::default();
    let comment = v.optional_text("comment", req.comment(), 2000);
    if req.action().needs_comment() && comment.is_none() {
        v.add("comment", "请填写说明");
    }
    let now = cx.clock.now();
    let mut change = Change { payload: Map::new(), cooperating, verification: None, attachments: Vec::new() };
    match req {
        TransitionRequest::Assign(r) => assign(conn, cx, issue, r, &mut v, &mut change)?,
        TransitionRequest::Return(_) => {
            v.finish()?;
            change.payload.insert("responsible_unit_id".into(), json!(issue.responsible_unit_id));
            issue.responsible_unit_id = None;
            issue.deadline = None;
            change.cooperating = Vec::new();
        }
        TransitionRequest::Accept(r) => accept(issue, r, &mut v, &mut change)?,
        TransitionRequest::Submit(_) => submit(conn, issue, &mut v, &mut change)?,
        TransitionRequest::Approve(r) => {
            let reason = v.optional_text("override_reason", r.override_reason.as_deref(), 500);
            verify(conn, cx, issue, r.verification.as_ref(), Outcome::Approved(reason), &mut v, &mut change)?;
            v.finish()?;
            issue.closure_kind = Some(ClosureKind::Rectified);
            issue.closed_at = Some(now);
        }
        TransitionRequest::Reject(r) => {
            if r.verification.is_some() {
                verify(conn, cx, issue, r.verification.as_ref(), Outcome::Rejected, &mut v, &mut change)?;
            }
            v.finish()?;
        }
        TransitionRequest::Reopen(_) => {
            v.finish()?;
            issue.closure_kind = None;
            issue.closed_at = None;
        }
        TransitionRequest::Dismiss(r) => {
            dismiss(issue, r, &mut v, &mut change)?;
            issue.closed_at = Some(now);
        }
    }
    Ok(change)
}

fn assign(
    conn: &mut DbConnection,
    cx: &Context,
    issue: &mut Issue,
    r: &AssignRequest,
    v: &mut Validator,
    change: &mut Change,
) -> Result<(), ApiError> {
    match &r.responsible_unit_id {
        None => v.add("responsible_unit_id", "请选择责任单位"),
        Some(u) => match store::units::find(conn, u)? {
            None => v.add("responsible_unit_id", "单位不存在"),
            Some(unit) if !unit.active => v.add("responsible_unit_id", "单位已停用"),
            Some(_) => {}
        },
    }
    match r.deadline {
        None => v.add("deadline", "请设定整改时限"),
        Some(d) if d < cx.clock.today() => v.add("deadline", "整改时限不能早于今天"),
        Some(d) => v.deadline_within_horizon(conn, cx, "deadline", d)?,
    }
    if let Some(g) = &r.group_id {
        if !cx.principal.has_role(Role::Office) {
            v.add("group_id", "只有综合办公室可以改派工作组");
        } else {
            let category_group = store::groups::find_by_category(conn, &issue.category)?;
            match store::groups::find(conn, g)? {
                None => v.add("group_id", "工作组不存在"),
                Some(grp) if grp.category.is_some() && Some(&grp.id) != category_group.as_ref().map(|c| &c.id) => {
                    v.add("group_id", "工作组与问题类别不一致");
                }
                Some(grp) => issue.group_id = grp.id,
            }
        }
    }
    let units = r.cooperating_unit_ids.clone().unwrap_or_default();
    for (i, u) in units.iter().enumerate() {
        let field = format!("cooperating_unit_ids[{i}]");
        if Some(u) == r.responsible_unit_id.as_ref() {
            v.add(field, "配合单位不能与责任单位相同");
        } else if units[..i].contains(u) {
            v.add(field, "配合单位重复");
        } else {
            match store::units::find(conn, u)? {
                None => v.add(field, "单位不存在"),
                Some(unit) if !unit.active => v.add(field, "单位已停用"),
                Some(_) => {}
            }
        }
    }
    v.finish()?;
    issue.responsible_unit_id = r.responsible_unit_id.clone();
    issue.deadline = r.deadline;
    change.payload.insert("responsible_unit_id".into(), json!(issue.responsible_unit_id));
    change.payload.insert("deadline".into(), json!(issue.deadline));
    change.payload.insert("group_id".into(), json!(issue.group_id));
    change.payload.insert("cooperating_unit_ids".into(), json!(units));
    change.cooperating = units;
    Ok(())
}

fn accept(issue: &mut Issue, r: &AcceptRequest, v: &mut Validator, change: &mut Change) -> Result<(), ApiError> {
    let measures = v.required_text("measures", r.measures.as_deref(), 5000, "请填写整改措施");
    let leader = v.optional_text("responsible_leader", r.responsible_leader.as_deref(), 50);
    let person = v.optional_text("responsible_person", r.responsible_person.as_deref(), 50);
    v.finish()?;
    issue.measures = Some(measures);
    issue.responsible_leader = leader.or(issue.responsible_leader.take());
    issue.responsible_person = person.or(issue.responsible_person.take());
    change.payload.insert("measures".into(), json!(issue.measures));
    change.payload.insert("responsible_leader".into(), json!(issue.responsible_leader));
    change.payload.insert("responsible_person".into(), json!(issue.responsible_person));
    Ok(())
}

/// The outcome a verification records.
enum Outcome {
    /// With the override reason, if any.
    Approved(Option<String>),
    Rejected,
}

/// Checks a 核查 record (required when approving) and keeps it, with the files it names, for the
/// step. Approving over the enterprise's dissatisfaction or missing confirmation needs a reason.
fn verify(
    conn: &mut DbConnection,
    cx: &Context,
    issue: &Issue,
    input: Option<&VerificationInput>,
    outcome: Outcome,
    v: &mut Validator,
    change: &mut Change,
) -> Result<(), ApiError> {
    let Some(input) = input else {
        v.add("verification", "请填写核查记录 (核查方式、日期、人员、发现)");
        return Ok(());
    };
    let verifiers = check_who_and_when(cx, input, v);
    let findings =
        v.required_text(&format!("{VERIFICATION}findings"), input.findings.as_deref(), 2000, "请填写核查发现");
    let words = v.optional_text(&format!("{VERIFICATION}enterprise_words"), input.enterprise_words.as_deref(), 500);
    let confirmation = Confirmation {
        contacted: input.enterprise_contacted,
        confirmed: input.enterprise_confirmed,
        satisfaction: input.satisfaction,
    };
    let enterprise_raised = rules::raised_by_enterprise(&issue.source);
    if input.enterprise_contacted == Some(false)
        && (input.enterprise_confirmed.is_some() || input.satisfaction.is_some())
    {
        v.add(format!("{VERIFICATION}enterprise_contacted"), "未联系企业时不能填写企业确认结果或满意度");
    } else if enterprise_raised && input.enterprise_contacted == Some(true) && input.enterprise_confirmed.is_none() {
        v.add(format!("{VERIFICATION}enterprise_confirmed"), "请填写企业是否确认问题已解决");
    }
    let ids = input.attachment_ids.clone().unwrap_or_default();
    check_step_attachments(conn, issue, &ids, v)?;
    let (approved, override_reason) = match outcome {
        Outcome::Approved(reason) => (true, reason),
        Outcome::Rejected => (false, None),
    };
    if approved
        && let Some(why) = rules::approval_objection(&confirmation, enterprise_raised)
        && override_reason.is_none()
    {
        v.add("override_reason", format!("{why}: 不能销号; 如确需销号, 请填写理由"));
    }
    let redo = rules::is_redo(!approved, &confirmation);
    change.payload.insert(
        "verification".into(),
        json!({
            "method": input.method, "verified_on": input.verified_on, "verifiers": verifiers, "findings": findings,
            "enterprise_contacted": input.enterprise_contacted, "enterprise_confirmed": input.enterprise_confirmed,
            "satisfaction": input.satisfaction, "enterprise_words": words, "attachment_ids": ids,
            "override_reason": override_reason,
        }),
    );
    change.payload.insert("redo".into(), json!(redo));
    if let (Some(method), Some(verified_on)) = (input.method, input.verified_on) {
        change.verification = Some(store::verifications::Verification {
            transition_id: crate::db::TransitionId::new(),
            issue_id: issue.id.clone(),
            outcome: if approved { "approved" } else { "rejected" }.to_owned(),
            method,
            verified_on,
            verifiers_json: json!(verifiers).to_string(),
            findings,
            enterprise_contacted: input.enterprise_contacted,
            enterprise_confirmed: input.enterprise_confirmed,
            satisfaction: input.satisfaction,
            enterprise_words: words,
            override_reason,
            redo,
            responsible_unit_id: issue.responsible_unit_id.clone(),
            created_at: cx.clock.now(),
        });
    }
    change.attachments = ids;
    Ok(())
}

/// The prefix of the 核查 record's fields in error messages.
const VERIFICATION: &str = "verification.";

/// Method, date and verifiers of a 核查 record; the verifiers' names as kept.
fn check_who_and_when(cx: &Context, input: &VerificationInput, v: &mut Validator) -> Vec<String> {
    const F: &str = VERIFICATION;
    if input.method.is_none() {
        v.add(format!("{F}method"), "请选择核查方式");
    }
    match input.verified_on {
        None => v.add(format!("{F}verified_on"), "请填写核查日期"),
        Some(d) if d > cx.clock.today() => v.add(format!("{F}verified_on"), "核查日期不能晚于今天"),
        Some(_) => {}
    }
    let names = input.verifiers.clone().unwrap_or_default();
    if names.is_empty() {
        v.add(format!("{F}verifiers"), "请填写核查人员");
    } else if names.len() > 10 {
        v.add(format!("{F}verifiers"), "核查人员最多 10 名");
    }
    names.iter().enumerate().take(10).map(|(i, n)| v.text(&format!("{F}verifiers[{i}]"), n, 50)).collect()
}

/// The files a 核查 record names: at most 20, each once, this problem's own, not withdrawn and
/// not yet part of another step.
fn check_step_attachments(
    conn: &mut DbConnection,
    issue: &Issue,
    ids: &[AttachmentId],
    v: &mut Validator,
) -> Result<(), ApiError> {
    const F: &str = VERIFICATION;
    if ids.len() > 20 {
        v.add(format!("{F}attachment_ids"), "最多 20 个附件");
    }
    for (i, id) in ids.iter().enumerate().take(20) {
        let ok = !ids[..i].contains(id)
            && store::attachments::find(conn, id)?.is_some_and(|a| {
                a.owner_kind == OwnerKind::Issue
                    && a.owner_id == issue.id.as_str()
                    && a.withdrawn_at.is_none()
                    && a.transition_id.is_none()
            });
        if !ok {
            v.add(format!("{F}attachment_ids[{i}]"), "附件不存在、重复、已撤回或已属于其他流转");
        }
    }
    Ok(())
}

/// 提交核查: needs the evidence the category requires (a 书面反馈 or 付款凭证 uploaded since the
/// problem last entered 整改); those files become part of the step.
fn submit(conn: &mut DbConnection, issue: &Issue, v: &mut Validator, change: &mut Change) -> Result<(), ApiError> {
    let exempt = settings::current(conn)?.submit_evidence_exempt_categories.contains(&issue.category);
    let evidence = attachments::evidence_since_rectifying(conn, issue)?;
    if !exempt && !evidence.complete {
        v.add("attachments", "缺少佐证材料: 提交核查前请上传「书面反馈」或「付款凭证」附件 (本轮整改开始后上传的)");
    }
    change.attachments = evidence.files;
    // The resolved amount is the sum of the payment records; the step notes it as it stands.
    let total = store::payments::total(conn, &issue.id)?;
    change.payload.insert("amount_resolved_fen".into(), json!(total));
    v.finish()
}

fn dismiss(issue: &mut Issue, r: &DismissRequest, v: &mut Validator, change: &mut Change) -> Result<(), ApiError> {
    match r.closure_kind {
        Some(k @ (ClosureKind::Duplicate | ClosureKind::Unfounded)) => {
            issue.closure_kind = Some(k);
            change.payload.insert("closure_kind".into(), json!(k));
        }
        Some(ClosureKind::Rectified) => {
            v.add("closure_kind", "不予立项的结论应为 duplicate (重复) 或 unfounded (查无实据)");
        }
        None => v.add("closure_kind", "请选择不予立项的结论"),
    }
    v.finish()
}

/// A request for more time means nothing once the problem has moved on (submitted, closed,
/// returned): it lapses, refused with a note saying why.
fn lapse_pending_extension(
    conn: &mut DbConnection,
    cx: &Context,
    issue: &Issue,
    action: Action,
) -> Result<(), ApiError> {
    if let Some(mut pending) = store::supervision::pending_extension(conn, &issue.id)? {
        pending.status = ExtensionStatus::Refused;
        pending.decision_comment = Some(format!("问题已「{}」, 延期申请自动失效", action.label()));
        pending.decided_at = Some(cx.clock.now());
        store::supervision::save_extension(conn, &pending)?;
    }
    Ok(())
}
