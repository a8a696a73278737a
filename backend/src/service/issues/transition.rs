//! 流转: one transition of the lifecycle (交办, 退回, 签收整改, 提交核查, 核查通过·销号, 核查不通过,
//! 重新整改, 不予立项). The state table and who may act live in `domain::lifecycle`; the fields
//! each action carries in [`TransitionRequest`]; what each action changes here.

use serde_json::{Map, Value, json};

use crate::{
    audit::{self, Entry},
    db::{DbConnection, IssueId, UnitId},
    domain::{
        lifecycle::{self, Action, ClosureKind, Refusal, State},
        permissions::Permission,
        roles::Role,
        supervision::ExtensionStatus,
    },
    error::ApiError,
    service::{
        Context, events,
        issues::{
            IfMatch, TransitionRequest,
            commands::{AcceptRequest, AssignRequest, DismissRequest},
            facts_of, find_visible, save, step,
        },
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
    store::issues::insert_transition(
        conn,
        &step(cx, &issue, action.into(), Some(before.state), comment.clone(), Some(payload.clone())),
    )?;
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

/// What an action changed besides the state: the timeline's payload and the cooperating units
/// after it.
struct Change {
    payload: Map<String, Value>,
    cooperating: Vec<UnitId>,
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
    let mut change = Change { payload: Map::new(), cooperating };
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
        TransitionRequest::Submit(_) => {
            v.finish()?;
            // The resolved amount is the sum of the payment records; the step notes it as it stands.
            let total = store::payments::total(conn, &issue.id)?;
            change.payload.insert("amount_resolved_fen".into(), json!(total));
        }
        TransitionRequest::Approve(_) => {
            v.finish()?;
            issue.closure_kind = Some(ClosureKind::Rectified);
            issue.closed_at = Some(now);
        }
        TransitionRequest::Reject(_) => v.finish()?,
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
                    v.add("group_id", "工作组与问题类别不一致")
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

fn dismiss(issue: &mut Issue, r: &DismissRequest, v: &mut Validator, change: &mut Change) -> Result<(), ApiError> {
    match r.closure_kind {
        Some(k @ (ClosureKind::Duplicate | ClosureKind::Unfounded)) => {
            issue.closure_kind = Some(k);
            change.payload.insert("closure_kind".into(), json!(k));
        }
        Some(ClosureKind::Rectified) => {
            v.add("closure_kind", "不予立项的结论应为 duplicate (重复) 或 unfounded (查无实据)")
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
