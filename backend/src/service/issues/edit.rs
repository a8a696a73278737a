//! 修改: changing a problem's descriptive or rectification fields under `If-Match`. Which fields
//! a caller may change in which state is `domain::lifecycle::editable_fields`.

use actix_web::http::StatusCode;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, IssueId},
    domain::{lifecycle::Field, permissions::Permission},
    error::ApiError,
    service::{
        Context, events,
        events::EventKind,
        issues::{IfMatch, UpdateIssue, facts_of, find_visible, save},
        validate::{Dicts, Validator},
    },
    store::{self, issues::Issue},
};

/// Applies an edit for the context's principal; answers the problem (unchanged when the edit
/// changes nothing).
pub fn edit(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IssueId,
    body: UpdateIssue,
    if_match: IfMatch,
) -> Result<Issue, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    if if_match == IfMatch::Absent {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "if_match_required",
            "修改问题需要 If-Match 请求头 (上次读取时的 ETag), 以免覆盖他人的修改",
        ));
    }
    let before = find_visible(conn, cx, id)?;
    let cooperating = store::issues::cooperating(conn, id)?;
    let editable = crate::domain::lifecycle::editable_fields(&cx.caller(), &facts_of(&before, &cooperating, false));
    let mut issue = before.clone();
    apply(conn, &mut issue, &body, &editable)?;
    if_match.check(before.version)?;
    if issue == before {
        return Ok(before);
    }
    issue.updated_at = cx.clock.now();
    save(conn, &mut issue, before.version)?;
    events::record(conn, EventKind::Updated, &issue)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "issue.update", "issue")
            .entity(id)
            .before(changed_fields(&before, &issue, true))
            .after(changed_fields(&before, &issue, false)),
    )?;
    Ok(issue)
}

/// The changed fields of an edit, from one side.
fn changed_fields(before: &Issue, after: &Issue, old: bool) -> serde_json::Value {
    let (b, a) = (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(after).unwrap_or_default());
    let mut out = serde_json::Map::new();
    if let (Some(bm), Some(am)) = (b.as_object(), a.as_object()) {
        for (k, bv) in bm {
            let av = &am[k];
            if av != bv && k != "updated_at" && k != "version" {
                out.insert(k.clone(), if old { bv.clone() } else { av.clone() });
            }
        }
    }
    serde_json::Value::Object(out)
}

/// The fields an edit provides.
fn provided(body: &UpdateIssue) -> Vec<Field> {
    [
        (Field::Title, body.title.is_some()),
        (Field::Description, body.description.is_some()),
        (Field::Category, body.category.is_some()),
        (Field::ProblemType, body.problem_type.is_some()),
        (Field::ArrearObject, body.arrear_object.is_some()),
        (Field::EnterpriseName, body.enterprise_name.is_some()),
        (Field::EnterpriseUscc, body.enterprise_uscc.is_some()),
        (Field::EnterpriseContact, body.enterprise_contact.is_some()),
        (Field::EnterprisePhone, body.enterprise_phone.is_some()),
        (Field::AmountInvolved, body.amount_involved_fen.is_some()),
        (Field::Measures, body.measures.is_some()),
        (Field::ResponsibleLeader, body.responsible_leader.is_some()),
        (Field::ResponsiblePerson, body.responsible_person.is_some()),
    ]
    .into_iter()
    .filter_map(|(f, given)| given.then_some(f))
    .collect()
}

fn apply(conn: &mut DbConnection, issue: &mut Issue, body: &UpdateIssue, editable: &[Field]) -> Result<(), ApiError> {
    let refused: Vec<&str> = provided(body).iter().filter(|f| !editable.contains(f)).map(|f| f.name()).collect();
    if !refused.is_empty() {
        return Err(ApiError::forbidden(format!("当前状态下无权修改字段: {}", refused.join(", ")))
            .with_extra("fields", refused.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
    }
    let mut v = Validator::default();
    apply_texts(issue, body, &mut v);
    if let Some(a) = body.amount_involved_fen {
        v.amount("amount_involved_fen", a);
        let total = store::payments::total(conn, &issue.id)?;
        // Lowering it below what the payment records resolved is refused (raising it is fine,
        // also after a confirmed overpayment).
        if a < total && a < issue.amount_involved_fen {
            v.add("amount_involved_fen", "涉及金额不能小于已化解金额");
        }
        issue.amount_involved_fen = a;
        issue.amount_resolved_fen = total.clamp(0, a.max(0));
    }
    if body.category.is_some() || body.problem_type.is_some() || body.arrear_object.is_some() {
        apply_classification(conn, issue, body, &mut v)?;
    }
    v.finish()
}

fn apply_texts(issue: &mut Issue, body: &UpdateIssue, v: &mut Validator) {
    if let Some(t) = &body.title {
        issue.title = v.text("title", t, 200);
    }
    if let Some(t) = &body.description {
        issue.description = v.text("description", t, 5000);
    }
    if let Some(t) = &body.enterprise_name {
        issue.enterprise_name = v.text("enterprise_name", t, 200);
    }
    if let Some(t) = &body.enterprise_uscc {
        issue.enterprise_uscc = v.uscc("enterprise_uscc", Some(t));
    }
    if let Some(t) = &body.enterprise_contact {
        issue.enterprise_contact = v.optional_text("enterprise_contact", Some(t), 50);
    }
    if let Some(t) = &body.enterprise_phone {
        issue.enterprise_phone = v.phone("enterprise_phone", Some(t));
    }
    if let Some(t) = &body.measures {
        issue.measures = v.optional_text("measures", Some(t), 5000);
        if issue.measures.is_none() {
            v.add("measures", "整改措施不能为空");
        }
    }
    if let Some(t) = &body.responsible_leader {
        issue.responsible_leader = v.optional_text("responsible_leader", Some(t), 50);
    }
    if let Some(t) = &body.responsible_person {
        issue.responsible_person = v.optional_text("responsible_person", Some(t), 50);
    }
}

fn apply_classification(
    conn: &mut DbConnection,
    issue: &mut Issue,
    body: &UpdateIssue,
    v: &mut Validator,
) -> Result<(), ApiError> {
    if let Some(c) = &body.category {
        issue.category = c.clone();
    }
    if let Some(t) = &body.problem_type {
        issue.problem_type = t.clone();
    }
    if let Some(o) = &body.arrear_object {
        issue.arrear_object = Some(o.clone()).filter(|s| !s.is_empty());
    }
    let dicts = Dicts::load(conn)?;
    dicts.check_classification(v, &issue.category, &issue.problem_type, issue.arrear_object.as_deref());
    if body.category.is_some() && v.is_ok() {
        // The category decides the group (before assignment, the only time it can change).
        match store::groups::find_by_category(conn, &issue.category)? {
            Some(g) => issue.group_id = g.id,
            None => v.add("category", "该问题类别没有对应的工作组"),
        }
    }
    Ok(())
}
