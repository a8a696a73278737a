//! Dictionaries (字典): categories, problem types, sources and arrear objects are data, edited by
//! the system administrator; roles and unit kinds are fixed by the code.

use actix_web::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::DbConnection,
    domain::permissions::Permission,
    error::ApiError,
    service::{Committed, Context, guarded, validate::Validator},
    store::{self, dictionaries::DictItem},
};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"label": "以审计结算为由拖欠", "parent_code": "agency_arrears", "sort_order": 5, "active": true}))]
pub struct DictItemInput {
    #[schema(max_length = 100, pattern = r"\S")]
    pub label: String,
    /// Required for a problem type: the category's code.
    pub parent_code: Option<String>,
    pub sort_order: Option<i32>,
    pub active: Option<bool>,
}

/// Saves one item: `kind/code`, created or replaced (`create_only`: `If-None-Match: *`).
pub struct PutItem {
    pub kind: String,
    pub code: String,
    pub create_only: bool,
    pub item: DictItemInput,
}

/// Every dictionary item, for every signed-in user and every API key (integrations use the
/// codes).
pub fn list(conn: &mut DbConnection, cx: &Context) -> Result<Vec<DictItem>, ApiError> {
    if !cx.principal.is_integration() {
        cx.principal.require(Permission::ReadOrganisation)?;
    }
    Ok(store::dictionaries::list(conn)?)
}

/// The parent an item may have: a problem type names its category; nothing else has one.
fn check_parent(conn: &mut DbConnection, kind: &str, parent: Option<&str>) -> Result<(), ApiError> {
    let mut v = Validator::default();
    match (kind, parent) {
        ("problem_type", None) => v.add("parent_code", "问题类型必须指定所属问题类别"),
        ("problem_type", Some(p)) if store::dictionaries::find(conn, "category", p)?.is_none() => {
            v.add("parent_code", "问题类别不存在");
        }
        ("problem_type", Some(_)) | (_, None) => {}
        (_, Some(_)) => v.add("parent_code", "只有问题类型可以指定所属类别"),
    }
    v.finish()
}

/// 新增或修改字典项, audited as `dictionary.create` or `dictionary.update`.
pub fn put_item(conn: &mut DbConnection, cx: &Context, cmd: PutItem) -> Result<Committed<DictItem>, ApiError> {
    guarded(conn, cx, Permission::ManageDictionaries, ("dictionary.update", "dictionary"), |conn| {
        let PutItem { kind, code, create_only, item: input } = cmd;
        if !store::dictionaries::KINDS.contains(&kind.as_str()) {
            return Err(ApiError::not_found(format!("字典类别 {kind} 不存在")));
        }
        let mut v = Validator::default();
        let code_ok = (2..=40).contains(&code.len())
            && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        v.check(code_ok, "code", "代码应为 2 到 40 个小写字母、数字或下划线");
        let label = v.text("label", &input.label, 100);
        v.finish()?;
        let parent = input.parent_code.filter(|p| !p.is_empty());
        check_parent(conn, &kind, parent.as_deref())?;
        let before = store::dictionaries::find(conn, &kind, &code)?;
        if create_only && before.is_some() {
            return Err(ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                "dictionary_item_exists",
                format!("字典项 {kind}/{code} 已存在, 未作修改"),
            ));
        }
        let item = DictItem {
            sort_order: input.sort_order.or(before.as_ref().map(|b| b.sort_order)).unwrap_or(1000),
            active: input.active.or(before.as_ref().map(|b| b.active)).unwrap_or(true),
            kind,
            code,
            label,
            parent_code: parent,
        };
        let action = if before.is_some() {
            store::dictionaries::save(conn, &item)?;
            "dictionary.update"
        } else {
            store::dictionaries::insert(conn, &item)?;
            "dictionary.create"
        };
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, action, "dictionary")
                .entity(format!("{}/{}", item.kind, item.code))
                .before(&before)
                .after(&item),
        )?;
        Ok(item)
    })
}
