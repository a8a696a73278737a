//! What a caller asks of a problem, as typed commands (and their wire format).
//!
//! A transition is a union tagged by `action`: each action carries exactly its own fields.
//! [`TransitionRequest::from_json`] reads `action` first and then that action's struct, so that
//! a field of another action is named in a 422 ("「提交核查」操作不使用此字段"), while an unknown
//! field or a wrong type is a 400 naming it, like every other body.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use utoipa::ToSchema;

use crate::{
    db::{AttachmentId, CampaignId, GroupId, UnitId},
    domain::{
        attachments::{Satisfaction, VerificationMethod},
        lifecycle::{Action, ClosureKind},
    },
    error::{ApiError, FieldError},
    service::issues::facts::SetFacts,
};

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateIssue {
    #[schema(max_length = 200, example = "区教育局拖欠某建筑公司校舍维修工程款", pattern = r"\S")]
    pub title: String,
    #[schema(max_length = 5000, pattern = r"\S")]
    pub description: String,
    /// A category code (see `/dictionaries`).
    #[schema(example = "agency_arrears")]
    pub category: String,
    /// A problem type of that category.
    #[schema(example = "agency_delay")]
    pub problem_type: String,
    #[schema(example = "works")]
    pub arrear_object: Option<String>,
    /// 线索来源, required (a code of the `source` dictionary): where the problem came from. A
    /// unit registers only what it found itself (`self_inspection`).
    #[schema(example = "complaint", min_length = 1, max_length = 40)]
    pub source: String,
    /// The caller's own reference; a second registration of it answers 409 with the existing id.
    #[schema(max_length = 100, example = "TS-2024-0815")]
    pub source_ref: Option<String>,
    #[schema(max_length = 200, example = "随州市鑫源建筑工程有限公司", pattern = r"\S")]
    pub enterprise_name: String,
    /// 统一社会信用代码, GB 32100-2015: 18 characters, the last a check character over the
    /// first 17 (`format: uscc`; the server checks it).
    #[schema(format = "uscc", pattern = "^[0-9A-HJ-NPQRTUWXY]{18}$", example = "91421300MA4900000M")]
    pub enterprise_uscc: Option<String>,
    #[schema(max_length = 50)]
    pub enterprise_contact: Option<String>,
    #[schema(max_length = 30, example = "13871234567")]
    pub enterprise_phone: Option<String>,
    /// Money involved in fen; default 0.
    #[schema(minimum = 0, maximum = 100000000000000_i64)]
    pub amount_involved_fen: Option<i64>,
    /// Default: the current campaign.
    pub campaign_id: Option<CampaignId>,
    /// Default: the group of the category. Office only; the category's group or the 综合办公室.
    pub group_id: Option<GroupId>,
    /// 发现单位, for a self-inspection (`self_inspection`) the office registers on a unit's
    /// behalf. Default: the registering unit for a self-inspection, none for a clue from a
    /// channel. It decides the self-report exemption (docs/scoring.md).
    #[serde(default)]
    pub found_by_unit_id: Option<UnitId>,
    /// 问题事实 (应付金额, 欠款主体, 合同, 约定付款日期 …), registered with the problem; later
    /// changed by `PUT /issues/{id}/facts`. A re-pushed known reference does not change them.
    #[serde(default)]
    pub facts: Option<SetFacts>,
}

/// Fields to change; each must be editable by the caller in the problem's state
/// (`editable_fields`). An empty string clears an optional text.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "区教育局拖欠某建筑公司校舍维修工程款 (二期)", "amount_involved_fen": 12_800_000}))]
pub struct UpdateIssue {
    #[schema(max_length = 200, pattern = r"\S")]
    pub title: Option<String>,
    #[schema(max_length = 5000, pattern = r"\S")]
    pub description: Option<String>,
    pub category: Option<String>,
    pub problem_type: Option<String>,
    pub arrear_object: Option<String>,
    #[schema(max_length = 200, pattern = r"\S")]
    pub enterprise_name: Option<String>,
    /// 统一社会信用代码 (`format: uscc`, check character validated); an empty string clears it.
    #[schema(format = "uscc", pattern = "^([0-9A-HJ-NPQRTUWXY]{18})?$")]
    pub enterprise_uscc: Option<String>,
    #[schema(max_length = 50)]
    pub enterprise_contact: Option<String>,
    #[schema(max_length = 30)]
    pub enterprise_phone: Option<String>,
    #[schema(minimum = 0, maximum = 100000000000000_i64)]
    pub amount_involved_fen: Option<i64>,
    #[schema(max_length = 5000)]
    pub measures: Option<String>,
    #[schema(max_length = 50)]
    pub responsible_leader: Option<String>,
    #[schema(max_length = 50)]
    pub responsible_person: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressRequest {
    #[schema(max_length = 5000, example = "已支付第一笔工程款 50 万元, 余款列入下月资金计划", pattern = r"\S")]
    pub note: String,
}

/// Fields that requests no longer carry, with why: sending one answers 422 naming it (a client
/// of the previous release learns what to do instead), not a 400 for an unknown field.
pub const RETIRED_FIELDS: &[(&str, &str)] = &[(
    "amount_resolved_fen",
    "已化解金额不再填报, 而是还款记录的合计: 请登记还款记录 (POST /api/v1/issues/{id}/payments)",
)];

/// 422 naming each retired field the body carries.
pub fn refuse_retired_fields(value: &serde_json::Value) -> Result<(), ApiError> {
    let Some(map) = value.as_object() else { return Ok(()) };
    let found: Vec<FieldError> = RETIRED_FIELDS
        .iter()
        .filter(|(name, _)| map.contains_key(*name))
        .map(|(name, why)| FieldError::new(*name, *why))
        .collect();
    if found.is_empty() { Ok(()) } else { Err(ApiError::validation(found)) }
}

/// The tag of one action's request: a one-value enum, so that each member of the union names
/// its `action` exactly.
macro_rules! action_tag {
    ($($tag:ident = $code:tt),+ $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
        pub enum $tag {
            #[serde(rename = $code)]
            Tag,
        }
    )+};
}

action_tag!(
    AssignTag = "assign",
    ReturnTag = "return",
    AcceptTag = "accept",
    SubmitTag = "submit",
    ApproveTag = "approve",
    RejectTag = "reject",
    ReopenTag = "reopen",
    DismissTag = "dismiss",
);

/// 交办: to a responsible unit with a deadline.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    pub action: AssignTag,
    /// Required.
    #[schema(required = true)]
    pub responsible_unit_id: Option<UnitId>,
    /// Required; not before today (Asia/Shanghai).
    #[schema(required = true)]
    pub deadline: Option<NaiveDate>,
    /// Office only: another group (the category's or the 综合办公室).
    pub group_id: Option<GroupId>,
    pub cooperating_unit_ids: Option<Vec<UnitId>>,
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// An action that only says why (退回, 核查通过·销号, 核查不通过, 重新整改).
macro_rules! comment_request {
    ($($name:ident($tag:ident): $doc:literal),+ $(,)?) => {$(
        #[doc = $doc]
        #[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            pub action: $tag,
            /// Required: why.
            #[schema(max_length = 2000, required = true)]
            pub comment: Option<String>,
        }
    )+};
}

comment_request!(
    ReturnRequest(ReturnTag): "退回: the responsible unit gives the problem back, saying why.",
    ReopenRequest(ReopenTag): "重新整改: a problem closed as rectified is reopened.",
);

/// 核查记录: how the office verified the rectification and, for a problem raised by an
/// enterprise (投诉, 网上, 平台转办, 信访), what the enterprise said when asked (回访).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationInput {
    /// Required: 实地核查 `on_site`, 电话核实 `phone`, 书面核查 `written`, 系统比对 `system_check`.
    #[schema(required = true)]
    pub method: Option<VerificationMethod>,
    /// Required; not after today (Asia/Shanghai).
    #[schema(required = true)]
    pub verified_on: Option<NaiveDate>,
    /// Required: the verifiers' names, 1 to 10, each at most 50 characters.
    #[schema(required = true, min_items = 1, max_items = 10)]
    pub verifiers: Option<Vec<String>>,
    /// Required: what the verification found.
    #[schema(required = true, max_length = 2000)]
    pub findings: Option<String>,
    /// Whether the enterprise was asked.
    pub enterprise_contacted: Option<bool>,
    /// Whether the enterprise confirmed the problem resolved (是/否); required for a problem it
    /// raised when it was asked.
    pub enterprise_confirmed: Option<bool>,
    /// 满意 `satisfied`, 基本满意 `basically_satisfied`, 不满意 `dissatisfied`.
    pub satisfaction: Option<Satisfaction>,
    /// The enterprise's words.
    #[schema(max_length = 500)]
    pub enterprise_words: Option<String>,
    /// Files of this problem already uploaded (核查照片) that belong to this verification.
    #[schema(max_items = 20)]
    pub attachment_ids: Option<Vec<AttachmentId>>,
}

impl VerificationInput {
    /// A verification without the enterprise's word (for callers in Rust: the seed, tests).
    pub fn new(method: VerificationMethod, verified_on: NaiveDate, verifiers: &[&str], findings: &str) -> Self {
        Self {
            method: Some(method),
            verified_on: Some(verified_on),
            verifiers: Some(verifiers.iter().map(|v| (*v).to_owned()).collect()),
            findings: Some(findings.to_owned()),
            ..Self::default()
        }
    }

    /// The enterprise asked: confirmed resolved or not, and how satisfied.
    pub fn enterprise(mut self, confirmed: bool, satisfaction: Satisfaction) -> Self {
        self.enterprise_contacted = Some(true);
        self.enterprise_confirmed = Some(confirmed);
        self.satisfaction = Some(satisfaction);
        self
    }
}

/// 核查通过·销号: the office signs the problem off, with its 核查 record.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveRequest {
    pub action: ApproveTag,
    /// Required: why.
    #[schema(max_length = 2000, required = true)]
    pub comment: Option<String>,
    /// Required: the 核查 record. Signing off a problem whose enterprise is dissatisfied, or
    /// (for a problem it raised) has not confirmed it resolved, needs an `override_reason`.
    #[schema(required = true)]
    pub verification: Option<VerificationInput>,
    /// Why the problem is signed off nonetheless (recorded with the verification).
    #[schema(max_length = 500)]
    pub override_reason: Option<String>,
}

/// 核查不通过: back to rectification, saying what is missing. With a verification recording the
/// enterprise as dissatisfied it is 重办.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    pub action: RejectTag,
    /// Required: why.
    #[schema(max_length = 2000, required = true)]
    pub comment: Option<String>,
    /// The 核查 record, when the office verified on site, by phone, …
    pub verification: Option<VerificationInput>,
}

/// 签收整改: the responsible unit accepts and states its measures.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptRequest {
    pub action: AcceptTag,
    /// Required: 整改措施.
    #[schema(max_length = 5000, required = true)]
    pub measures: Option<String>,
    #[schema(max_length = 50)]
    pub responsible_leader: Option<String>,
    #[schema(max_length = 50)]
    pub responsible_person: Option<String>,
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// 提交核查: the responsible unit reports completion.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    pub action: SubmitTag,
    /// Required: what was done.
    #[schema(max_length = 2000, required = true)]
    pub comment: Option<String>,
}

/// 不予立项: the office closes a clue without rectification.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissRequest {
    pub action: DismissTag,
    /// Required: `duplicate` (重复问题) or `unfounded` (查无实据).
    #[schema(required = true)]
    pub closure_kind: Option<ClosureKind>,
    /// Required: why.
    #[schema(max_length = 2000, required = true)]
    pub comment: Option<String>,
}

/// A transition (流转): one member per action, chosen by `action`; each carries exactly its
/// own fields. A field of another action is refused with 422 naming it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
#[schema(discriminator(property_name = "action", mapping(
    ("assign" = "#/components/schemas/AssignRequest"),
    ("return" = "#/components/schemas/ReturnRequest"),
    ("accept" = "#/components/schemas/AcceptRequest"),
    ("submit" = "#/components/schemas/SubmitRequest"),
    ("approve" = "#/components/schemas/ApproveRequest"),
    ("reject" = "#/components/schemas/RejectRequest"),
    ("reopen" = "#/components/schemas/ReopenRequest"),
    ("dismiss" = "#/components/schemas/DismissRequest"),
)))]
pub enum TransitionRequest {
    Assign(AssignRequest),
    Return(ReturnRequest),
    Accept(AcceptRequest),
    Submit(SubmitRequest),
    Approve(ApproveRequest),
    Reject(RejectRequest),
    Reopen(ReopenRequest),
    Dismiss(DismissRequest),
}

/// Constructors for callers in Rust (the demo seed, tests): each builds one member of the union.
impl TransitionRequest {
    pub fn assign(unit: UnitId, deadline: NaiveDate, cooperating: Vec<UnitId>, comment: Option<String>) -> Self {
        Self::Assign(AssignRequest {
            action: AssignTag::Tag,
            responsible_unit_id: Some(unit),
            deadline: Some(deadline),
            group_id: None,
            cooperating_unit_ids: Some(cooperating),
            comment,
        })
    }

    pub fn accept(measures: String, leader: Option<String>, person: Option<String>) -> Self {
        Self::Accept(AcceptRequest {
            action: AcceptTag::Tag,
            measures: Some(measures),
            responsible_leader: leader,
            responsible_person: person,
            comment: None,
        })
    }

    pub fn submit(comment: &str) -> Self {
        Self::Submit(SubmitRequest { action: SubmitTag::Tag, comment: Some(comment.into()) })
    }

    pub fn return_to_office(comment: &str) -> Self {
        Self::Return(ReturnRequest { action: ReturnTag::Tag, comment: Some(comment.into()) })
    }

    pub fn approve(comment: &str, verification: VerificationInput) -> Self {
        Self::Approve(ApproveRequest {
            action: ApproveTag::Tag,
            comment: Some(comment.into()),
            verification: Some(verification),
            override_reason: None,
        })
    }

    pub fn reject(comment: &str) -> Self {
        Self::Reject(RejectRequest { action: RejectTag::Tag, comment: Some(comment.into()), verification: None })
    }

    pub fn reject_verified(comment: &str, verification: VerificationInput) -> Self {
        Self::Reject(RejectRequest {
            action: RejectTag::Tag,
            comment: Some(comment.into()),
            verification: Some(verification),
        })
    }

    pub fn reopen(comment: &str) -> Self {
        Self::Reopen(ReopenRequest { action: ReopenTag::Tag, comment: Some(comment.into()) })
    }

    pub fn dismiss(kind: ClosureKind, comment: &str) -> Self {
        Self::Dismiss(DismissRequest {
            action: DismissTag::Tag,
            closure_kind: Some(kind),
            comment: Some(comment.into()),
        })
    }
}

impl TransitionRequest {
    pub fn action(&self) -> Action {
        match self {
            Self::Assign(_) => Action::Assign,
            Self::Return(_) => Action::Return,
            Self::Accept(_) => Action::Accept,
            Self::Submit(_) => Action::Submit,
            Self::Approve(_) => Action::Approve,
            Self::Reject(_) => Action::Reject,
            Self::Reopen(_) => Action::Reopen,
            Self::Dismiss(_) => Action::Dismiss,
        }
    }

    /// The comment, whichever the action.
    pub fn comment(&self) -> Option<&str> {
        match self {
            Self::Assign(r) => r.comment.as_deref(),
            Self::Return(r) => r.comment.as_deref(),
            Self::Accept(r) => r.comment.as_deref(),
            Self::Submit(r) => r.comment.as_deref(),
            Self::Approve(r) => r.comment.as_deref(),
            Self::Reject(r) => r.comment.as_deref(),
            Self::Reopen(r) => r.comment.as_deref(),
            Self::Dismiss(r) => r.comment.as_deref(),
        }
    }

    /// The fields each action's request may carry (besides `action`), from the structs.
    pub fn fields_of(action: Action) -> &'static [&'static str] {
        match action {
            Action::Assign => field_names::<AssignRequest>(),
            Action::Return => field_names::<ReturnRequest>(),
            Action::Accept => field_names::<AcceptRequest>(),
            Action::Submit => field_names::<SubmitRequest>(),
            Action::Approve => field_names::<ApproveRequest>(),
            Action::Reject => field_names::<RejectRequest>(),
            Action::Reopen => field_names::<ReopenRequest>(),
            Action::Dismiss => field_names::<DismissRequest>(),
        }
    }

    /// Reads a transition from a JSON body: `action` first (400 when missing or unknown), then
    /// 422 for fields that belong to another action, then that action's struct (400 naming an
    /// unknown field or a wrong type).
    pub fn from_json(value: serde_json::Value) -> Result<Self, ApiError> {
        let serde_json::Value::Object(map) = &value else {
            return Err(ApiError::bad_request("invalid_json", "请求体应为 JSON 对象"));
        };
        let action = match map.get("action") {
            None => return Err(bad_field("action", "缺少必填字段 action")),
            Some(serde_json::Value::String(s)) => Action::from_code(s).ok_or_else(|| {
                let codes: Vec<&str> = Action::ALL.iter().map(|a| a.code()).collect();
                bad_field("action", format!("取值不在允许范围内: {s:?}, 应为 {}", codes.join(", ")))
            })?,
            Some(_) => return Err(bad_field("action", "类型错误: 应为字符串")),
        };
        refuse_retired_fields(&value)?;
        let own = Self::fields_of(action);
        let foreign: Vec<FieldError> = map
            .keys()
            .filter(|k| !own.contains(&k.as_str()))
            .filter(|k| Action::ALL.iter().any(|a| Self::fields_of(*a).contains(&k.as_str())))
            .map(|k| FieldError::new(k.clone(), format!("「{}」操作不使用此字段", action.label())))
            .collect();
        if !foreign.is_empty() {
            return Err(ApiError::validation(foreign));
        }
        Ok(match action {
            Action::Assign => Self::Assign(member(value)?),
            Action::Return => Self::Return(member(value)?),
            Action::Accept => Self::Accept(member(value)?),
            Action::Submit => Self::Submit(member(value)?),
            Action::Approve => Self::Approve(member(value)?),
            Action::Reject => Self::Reject(member(value)?),
            Action::Reopen => Self::Reopen(member(value)?),
            Action::Dismiss => Self::Dismiss(member(value)?),
        })
    }
}

fn bad_field(field: &str, message: impl Into<String>) -> ApiError {
    let message = message.into();
    ApiError::bad_request("invalid_json", format!("字段 {field} 有误: {message}"))
        .with_field_error(FieldError::new(field, message))
}

fn member<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    crate::error::deserialize_value(value)
}

/// The field names a struct deserialises (serde hands them to the deserializer it asks for a
/// struct), so that the field lists cannot drift from the structs.
fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Names(Option<&'static [&'static str]>);

    impl<'de> serde::Deserializer<'de> for &mut Names {
        type Error = serde::de::value::Error;

        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = Some(fields);
            Err(serde::de::Error::custom("fields read"))
        }

        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("not a struct"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
            unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    let mut names = Names(None);
    let _ = T::deserialize(&mut names);
    names.0.unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_action_has_exactly_its_fields() {
        assert_eq!(
            TransitionRequest::fields_of(Action::Assign),
            ["action", "responsible_unit_id", "deadline", "group_id", "cooperating_unit_ids", "comment"]
        );
        assert_eq!(TransitionRequest::fields_of(Action::Return), ["action", "comment"]);
        assert_eq!(TransitionRequest::fields_of(Action::Submit), ["action", "comment"]);
        assert_eq!(TransitionRequest::fields_of(Action::Dismiss), ["action", "closure_kind", "comment"]);
    }

    #[test]
    fn the_wire_format_is_kept() {
        let t = TransitionRequest::from_json(json!({"action": "submit", "comment": "已付清"})).unwrap();
        assert_eq!(t.action(), Action::Submit);
        assert_eq!(t.comment(), Some("已付清"));
        assert_eq!(serde_json::to_value(&t).unwrap()["action"], "submit");
    }

    #[test]
    fn another_actions_field_is_422_naming_it() {
        let e = TransitionRequest::from_json(json!({"action": "submit", "comment": "x", "measures": "m"})).unwrap_err();
        assert_eq!(e.status.as_u16(), 422);
        assert_eq!(e.errors[0].field, "measures");
        assert!(e.errors[0].message.contains("提交核查"));
    }

    #[test]
    fn the_retired_resolved_amount_is_422_naming_it() {
        let e = TransitionRequest::from_json(json!({"action": "submit", "comment": "x", "amount_resolved_fen": 1}))
            .unwrap_err();
        assert_eq!((e.status.as_u16(), e.errors[0].field.as_str()), (422, "amount_resolved_fen"));
        assert!(e.errors[0].message.contains("还款记录"));
    }

    #[test]
    fn unknown_fields_types_and_actions_are_400() {
        let e = TransitionRequest::from_json(json!({"action": "submit", "comment": "x", "colour": 1})).unwrap_err();
        assert_eq!((e.status.as_u16(), e.errors[0].field.as_str()), (400, "colour"));
        let e = TransitionRequest::from_json(json!({"action": "assign", "deadline": 5})).unwrap_err();
        assert_eq!((e.status.as_u16(), e.errors[0].field.as_str()), (400, "deadline"));
        let e = TransitionRequest::from_json(json!({"action": "fly"})).unwrap_err();
        assert_eq!((e.status.as_u16(), e.errors[0].field.as_str()), (400, "action"));
        let e = TransitionRequest::from_json(json!({"comment": "x"})).unwrap_err();
        assert_eq!((e.status.as_u16(), e.errors[0].field.as_str()), (400, "action"));
    }
}
