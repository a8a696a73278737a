//! 欠款事实: what is owed (应付, by default the amount involved), the actual debtor and its
//! nature, the agreed payment date (from which 账龄 is computed) and whether the debt is
//! disputed. Changed under `If-Match`, like the problem's other fields.

use actix_web::http::StatusCode;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, IssueId},
    domain::{
        lifecycle::{self, Field},
        money::MAX_FEN,
        permissions::Permission,
        repayment::{self, AgeBand, DebtorNature, EnterpriseSize, Ownership, PolicyLevel, PromisePretext},
    },
    error::ApiError,
    service::{
        Context, events,
        events::EventKind,
        issues::{IfMatch, facts_of, find_visible, save},
        validate::Validator,
    },
    store::{self, facts::Facts, issues::Issue},
};

/// The facts of a problem's money, replaced as a whole (a field left out is cleared): what is due
/// and since when, the debtor (arrears), the document (contract, agreement, policy or fund), the
/// enterprise's size and ownership, a promise's content, lawfulness and pretext, a policy's level.
/// Every field is optional whatever the category.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount_due_fen": 12_800_000, "debtor_name": "曾都区实验小学", "debtor_nature": "institution",
    "agreed_payment_on": "2025-06-30", "disputed": false}))]
pub struct SetFacts {
    /// 应付金额, in fen (default: the amount involved).
    #[schema(minimum = 0, maximum = 100000000000000_i64)]
    pub amount_due_fen: Option<i64>,
    /// 欠款主体: the actual debtor (may differ from the responsible unit).
    #[schema(max_length = 200)]
    pub debtor_name: Option<String>,
    pub debtor_nature: Option<DebtorNature>,
    /// 约定付款日期 (账龄 counts from it).
    pub agreed_payment_on: Option<NaiveDate>,
    /// 有无分歧 (default false).
    pub disputed: Option<bool>,
    /// Required when disputed: what the dispute is.
    #[schema(max_length = 2000)]
    pub dispute_note: Option<String>,
    /// 合同名称 (arrears), 协议名称 (promises), 政策名称 (policies), 资金/项目名称 (funds).
    #[schema(max_length = 200)]
    pub doc_name: Option<String>,
    /// 合同编号, 协议编号, or the 文号 of a policy or fund.
    #[schema(max_length = 100)]
    pub doc_no: Option<String>,
    /// 合同签订日期 / 协议签订日期 / 发文日期.
    pub doc_date: Option<NaiveDate>,
    /// 合同金额, in fen (arrears).
    #[schema(minimum = 0, maximum = 100000000000000_i64)]
    pub contract_amount_fen: Option<i64>,
    /// 企业规模 of the enterprise owed.
    pub enterprise_size: Option<EnterpriseSize>,
    /// 所有制: 民营 or other.
    pub enterprise_ownership: Option<Ownership>,
    /// 承诺内容 (promises).
    #[schema(max_length = 2000)]
    pub promised_content: Option<String>,
    /// 是否依法依规 (promises): an unlawful promise is to be cleaned up, not honoured.
    pub promise_lawful: Option<bool>,
    /// The pretext given for not honouring a promise.
    pub pretext: Option<PromisePretext>,
    /// 发文层级 (policies).
    pub policy_level: Option<PolicyLevel>,
}

/// 账龄: days since the agreed payment date and the band.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArrearsAge {
    pub days: i64,
    pub band: AgeBand,
}

/// The facts of an arrear as read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactsDto {
    /// 应付金额 as given (null: the amount involved).
    pub amount_due_fen: Option<i64>,
    pub debtor_name: Option<String>,
    pub debtor_nature: Option<DebtorNature>,
    pub agreed_payment_on: Option<NaiveDate>,
    pub disputed: bool,
    pub dispute_note: Option<String>,
    /// Computed from the agreed payment date on today's date; null without one.
    pub arrears_age: Option<ArrearsAge>,
    pub doc_name: Option<String>,
    pub doc_no: Option<String>,
    pub doc_date: Option<NaiveDate>,
    pub contract_amount_fen: Option<i64>,
    pub enterprise_size: Option<EnterpriseSize>,
    pub enterprise_ownership: Option<Ownership>,
    pub promised_content: Option<String>,
    pub promise_lawful: Option<bool>,
    pub pretext: Option<PromisePretext>,
    pub policy_level: Option<PolicyLevel>,
}

impl FactsDto {
    pub fn of(f: Facts, today: NaiveDate) -> Self {
        Self {
            arrears_age: f.agreed_payment_on.map(|d| {
                let (days, band) = repayment::arrears_age(d, today);
                ArrearsAge { days, band }
            }),
            amount_due_fen: f.amount_due_fen,
            debtor_name: f.debtor_name,
            debtor_nature: f.debtor_nature,
            agreed_payment_on: f.agreed_payment_on,
            disputed: f.disputed,
            dispute_note: f.dispute_note,
            doc_name: f.doc_name,
            doc_no: f.doc_no,
            doc_date: f.doc_date,
            contract_amount_fen: f.contract_amount_fen,
            enterprise_size: f.enterprise_size,
            enterprise_ownership: f.enterprise_ownership,
            promised_content: f.promised_content,
            promise_lawful: f.promise_lawful,
            pretext: f.pretext,
            policy_level: f.policy_level,
        }
    }
}

/// What is owed: the fact when given, else the amount involved.
pub fn amount_due(conn: &mut DbConnection, issue: &Issue) -> Result<i64, ApiError> {
    Ok(store::facts::find(conn, &issue.id)?.and_then(|f| f.amount_due_fen).unwrap_or(issue.amount_involved_fen))
}

/// The facts of `cmd` as the problem `issue_id`'s row; field errors go to `v`, each field named
/// after `prefix` (`facts.` inside a registration).
pub fn checked(v: &mut Validator, prefix: &str, cmd: &SetFacts, issue_id: IssueId, updated_at: NaiveDateTime) -> Facts {
    let field = |name: &str| format!("{prefix}{name}");
    for (name, amount) in [("amount_due_fen", cmd.amount_due_fen), ("contract_amount_fen", cmd.contract_amount_fen)] {
        if let Some(a) = amount
            && !(0..=MAX_FEN).contains(&a)
        {
            v.add(field(name), "金额应在 0 到 1 万亿元之间");
        }
    }
    let debtor_name = v.optional_text(&field("debtor_name"), cmd.debtor_name.as_deref(), 200);
    let doc_name = v.optional_text(&field("doc_name"), cmd.doc_name.as_deref(), 200);
    let doc_no = v.optional_text(&field("doc_no"), cmd.doc_no.as_deref(), 100);
    let promised_content = v.optional_text(&field("promised_content"), cmd.promised_content.as_deref(), 2000);
    let dispute_note = v.optional_text(&field("dispute_note"), cmd.dispute_note.as_deref(), 2000);
    let disputed = cmd.disputed.unwrap_or(false);
    if disputed && dispute_note.is_none() {
        v.add(field("dispute_note"), "有分歧时请说明分歧内容");
    }
    Facts {
        issue_id,
        amount_due_fen: cmd.amount_due_fen,
        debtor_name,
        debtor_nature: cmd.debtor_nature,
        agreed_payment_on: cmd.agreed_payment_on,
        disputed,
        dispute_note,
        updated_at,
        doc_name,
        doc_no,
        doc_date: cmd.doc_date,
        contract_amount_fen: cmd.contract_amount_fen,
        enterprise_size: cmd.enterprise_size,
        enterprise_ownership: cmd.enterprise_ownership,
        promised_content,
        promise_lawful: cmd.promise_lawful,
        pretext: cmd.pretext,
        policy_level: cmd.policy_level,
    }
}

/// Whether the caller may change the facts: whoever may edit the problem's description, and
/// whoever may record its payments.
pub fn may_edit(conn: &mut DbConnection, cx: &Context, issue: &Issue) -> Result<bool, ApiError> {
    let cooperating = store::issues::cooperating(conn, &issue.id)?;
    let facts = facts_of(issue, &cooperating, false);
    let caller = cx.caller();
    Ok(lifecycle::editable_fields(&caller, &facts).contains(&Field::Description)
        || repayment::may_record(&caller, &facts))
}

/// 修改欠款事实 (`If-Match` required: 428 without, 412 when stale).
pub fn put_facts(
    conn: &mut DbConnection,
    cx: &Context,
    id: &IssueId,
    cmd: SetFacts,
    if_match: IfMatch,
) -> Result<(Issue, FactsDto), ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    if if_match == IfMatch::Absent {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "if_match_required",
            "修改欠款事实需要 If-Match 请求头 (上次读取时的 ETag), 以免覆盖他人的修改",
        ));
    }
    let before = find_visible(conn, cx, id)?;
    if !may_edit(conn, cx, &before)? {
        return Err(ApiError::forbidden("当前状态下无权修改欠款事实"));
    }
    let now: NaiveDateTime = cx.clock.now();
    let mut v = Validator::default();
    let facts = checked(&mut v, "", &cmd, id.clone(), now);
    v.finish()?;
    if_match.check(before.version)?;
    let old = store::facts::find(conn, id)?;
    store::facts::put(conn, &facts)?;
    let mut issue = before.clone();
    issue.updated_at = now;
    save(conn, &mut issue, before.version)?;
    events::record(conn, EventKind::Updated, &issue)?;
    audit::append(
        conn,
        Entry::new(&cx.actor(), &cx.meta, "issue.facts", "issue").entity(id).before(json!(old)).after(&facts),
    )?;
    Ok((issue, FactsDto::of(facts, cx.clock.today())))
}
