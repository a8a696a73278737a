//! 还款记录: payments on a problem, recorded by the responsible unit while rectifying or by the
//! office (also while verifying and after closure). A record is never edited or deleted; a
//! correction (冲正) reverses it. The problem's resolved amount is the sum of its records.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, IssueId, PaymentId, UnitId},
    domain::{
        org::ActorKind,
        permissions::Permission,
        repayment::{self, Existing, PaymentKind, PaymentMethod, Proposal},
    },
    error::{ApiError, FieldError},
    service::{
        Context, events,
        events::EventKind,
        issues::{facts_of, find_visible, save},
        validate::Validator,
    },
    store::{self, issues::Issue, payments::Payment},
};

/// A payment (or a correction of one) to record.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"paid_on": "2026-03-01", "amount_fen": 3_000_000, "method": "cash", "voucher_no": "记账凭证 2026-03-015", "note": "第一期工程款"}))]
pub struct RecordPayment {
    /// The day the money was paid (Asia/Shanghai); not after today.
    pub paid_on: NaiveDate,
    /// In fen. Positive for a payment; negative for a correction (with `corrects`), at most
    /// the corrected record's amount.
    #[schema(minimum = -100000000000000_i64, maximum = 100000000000000_i64)]
    pub amount_fen: i64,
    /// 化解方式. Required for a payment; a correction takes the corrected record's.
    pub method: Option<PaymentMethod>,
    /// 凭证号.
    #[schema(max_length = 100)]
    pub voucher_no: Option<String>,
    /// Required for a correction: why.
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// The record this correction reverses (each record can be corrected once).
    pub corrects: Option<PaymentId>,
    /// Confirms a payment that takes the total over the amount due.
    pub confirm_overpayment: Option<bool>,
}

/// A payment record (还款记录).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentDto {
    pub id: PaymentId,
    pub issue_id: IssueId,
    pub kind: PaymentKind,
    pub paid_on: NaiveDate,
    /// In fen; negative for a correction.
    #[schema(example = 3000000)]
    pub amount_fen: i64,
    pub method: PaymentMethod,
    #[schema(example = "现金支付")]
    pub method_label: String,
    pub voucher_no: Option<String>,
    pub note: Option<String>,
    /// The record this one reverses.
    pub corrects: Option<PaymentId>,
    /// The correction that reversed this record, if any.
    pub corrected_by: Option<PaymentId>,
    /// The repayment plan version in force when recorded; null before any plan (not matched
    /// to instalments).
    pub plan_version: Option<i32>,
    pub unit_id: Option<UnitId>,
    pub recorded_by: String,
    pub recorded_by_kind: ActorKind,
    pub recorded_at: DateTime<Utc>,
}

/// A problem's payment records and their sums.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentList {
    /// Oldest first.
    pub items: Vec<PaymentDto>,
    /// 应付金额, in fen.
    pub amount_due_fen: i64,
    /// 已化解: the sum of every record (the problem's `amount_resolved_fen`).
    pub resolved_fen: i64,
    /// Of it, paid (every method but 协商减免).
    pub paid_fen: i64,
    /// Of it, 协商减免.
    pub negotiated_fen: i64,
    /// 未还: due less resolved, not below zero.
    pub outstanding_fen: i64,
    /// Whether the caller may record a payment now.
    pub may_record: bool,
}

fn dto(p: Payment, corrected_by: Option<PaymentId>) -> PaymentDto {
    PaymentDto {
        method_label: p.method.label().to_owned(),
        id: p.id,
        issue_id: p.issue_id,
        kind: p.kind,
        paid_on: p.paid_on,
        amount_fen: p.amount_fen,
        method: p.method,
        voucher_no: p.voucher_no,
        note: p.note,
        corrects: p.corrects,
        corrected_by,
        plan_version: p.plan_version,
        unit_id: p.unit_id,
        recorded_by: p.recorded_by_name,
        recorded_by_kind: p.recorded_by_kind,
        recorded_at: p.created_at.and_utc(),
    }
}

/// What is owed on a problem (应付): the fact when given, else the amount involved.
pub fn amount_due(conn: &mut DbConnection, issue: &Issue) -> Result<i64, ApiError> {
    super::facts::amount_due(conn, issue)
}

/// Sums of records: (resolved, paid, negotiated).
pub fn sums(records: &[Payment]) -> (i64, i64, i64) {
    let negotiated: i64 = records.iter().filter(|p| p.method == PaymentMethod::Negotiated).map(|p| p.amount_fen).sum();
    let resolved: i64 = records.iter().map(|p| p.amount_fen).sum();
    (resolved, resolved - negotiated, negotiated)
}

/// Whether the caller may record payments on this problem now.
pub fn may_record(conn: &mut DbConnection, cx: &Context, issue: &Issue) -> Result<bool, ApiError> {
    let cooperating = store::issues::cooperating(conn, &issue.id)?;
    Ok(repayment::may_record(&cx.caller(), &facts_of(issue, &cooperating, false)))
}

/// 还款记录列表.
pub fn list_payments(conn: &mut DbConnection, cx: &Context, id: &IssueId) -> Result<PaymentList, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let issue = find_visible(conn, cx, id)?;
    let records = store::payments::of_issue(conn, id)?;
    let (resolved, paid, negotiated) = sums(&records);
    let corrections: std::collections::HashMap<PaymentId, PaymentId> =
        records.iter().filter_map(|p| p.corrects.clone().map(|c| (c, p.id.clone()))).collect();
    let due = amount_due(conn, &issue)?;
    Ok(PaymentList {
        items: records
            .into_iter()
            .map(|p| {
                let by = corrections.get(&p.id).cloned();
                dto(p, by)
            })
            .collect(),
        amount_due_fen: due,
        resolved_fen: resolved,
        paid_fen: paid,
        negotiated_fen: negotiated,
        outstanding_fen: (due - resolved).max(0),
        may_record: may_record(conn, cx, &issue)?,
    })
}

/// 登记还款 / 冲正: checks who may, the amount against the total and the amount due (or the
/// corrected record), then writes the record, the new total, the event and the audit record.
pub fn record_payment(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IssueId,
    cmd: RecordPayment,
) -> Result<(Issue, PaymentDto), ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let before = find_visible(conn, cx, id)?;
    if !may_record(conn, cx, &before)? {
        if repayment::is_dismissed(before.closure_kind) {
            return Err(ApiError::conflict("dismissed", "不予立项的问题不登记还款"));
        }
        return Err(ApiError::forbidden("只有整改中问题的责任单位或综合办公室可以登记还款"));
    }
    let mut v = Validator::default();
    let voucher_no = v.optional_text("voucher_no", cmd.voucher_no.as_deref(), 100);
    let note = v.optional_text("note", cmd.note.as_deref(), 2000);
    let records = store::payments::of_issue(conn, id)?;
    let target = cmd.corrects.as_ref().and_then(|c| correction_target(&records, c, &mut v));
    let (total_before, _, _) = sums(&records);
    let proposal = Proposal {
        paid_on: cmd.paid_on,
        amount_fen: cmd.amount_fen,
        method: cmd.method,
        has_note: note.is_some(),
        confirm_overpayment: cmd.confirm_overpayment.unwrap_or(false),
    };
    let due = amount_due(conn, &before)?;
    let decided = if cmd.corrects.is_some() && target.is_none() {
        None
    } else {
        match repayment::check(&proposal, target.as_ref(), total_before, due, cx.clock.today()) {
            Ok(d) => Some(d),
            Err(errors) => {
                for (field, message) in errors {
                    v.add(field, message);
                }
                None
            }
        }
    };
    v.finish()?;
    let (kind, method) = decided.ok_or_else(|| ApiError::validation(vec![FieldError::new("corrects", "无效")]))?;
    let now = cx.clock.now();
    let record = Payment {
        id: PaymentId::new(),
        issue_id: id.clone(),
        kind,
        paid_on: cmd.paid_on,
        amount_fen: cmd.amount_fen,
        method,
        voucher_no,
        note,
        corrects: cmd.corrects.clone(),
        plan_version: current_plan_version(conn, id)?,
        unit_id: Some(cx.principal.unit_id.clone()),
        recorded_by_kind: cx.principal.kind(),
        recorded_by_id: cx.principal.subject_id(),
        recorded_by_name: cx.principal.username.clone(),
        created_at: now,
    };
    let total = total_before + cmd.amount_fen;
    let mut issue = before.clone();
    issue.amount_resolved_fen = total.clamp(0, issue.amount_involved_fen.max(0));
    issue.updated_at = now;
    save(conn, &mut issue, before.version)?;
    store::payments::insert(conn, &record)?;
    super::plans::reallocate(conn, id)?;
    events::record(conn, EventKind::PaymentRecorded, &issue)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "issue.payment", "issue")
            .entity(id)
            .before(json!({ "amount_resolved_fen": total_before }))
            .after(json!({ "amount_resolved_fen": total, "record": &record })),
    )?;
    Ok((issue, dto(record, None)))
}

/// The record a correction (冲正) names, as the rules see it; an error when it is not one of
/// the problem's records.
fn correction_target(records: &[Payment], corrects: &PaymentId, v: &mut Validator) -> Option<Existing> {
    let Some(p) = records.iter().find(|p| &p.id == corrects) else {
        v.add("corrects", "被冲正的记录不存在于本问题");
        return None;
    };
    Some(Existing {
        kind: p.kind,
        amount_fen: p.amount_fen,
        method: p.method,
        corrected: records.iter().any(|q| q.corrects.as_ref() == Some(&p.id)),
    })
}

/// The version of the problem's repayment plan in force, if any.
fn current_plan_version(conn: &mut DbConnection, id: &IssueId) -> Result<Option<i32>, ApiError> {
    Ok(store::plans::current(conn, id)?.map(|p| p.version))
}

/// The opening record (期初结转) of a problem brought in with money already resolved.
pub fn opening_record(cx: &Context, issue: &Issue, note: &str) -> Payment {
    Payment {
        id: PaymentId::new(),
        issue_id: issue.id.clone(),
        kind: PaymentKind::Opening,
        paid_on: issue.closed_at.unwrap_or(issue.created_at).date(),
        amount_fen: issue.amount_resolved_fen,
        method: PaymentMethod::Other,
        voucher_no: None,
        note: Some(note.to_owned()),
        corrects: None,
        plan_version: None,
        unit_id: None,
        recorded_by_kind: ActorKind::System,
        recorded_by_id: cx.principal.subject_id(),
        recorded_by_name: cx.principal.username.clone(),
        created_at: issue.created_at,
    }
}
