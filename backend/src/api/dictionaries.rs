//! Dictionaries for the SPA's drop-downs: codes with Chinese labels. Categories, problem types,
//! sources and arrear objects are data (editable by the sysadmin); roles and unit kinds are
//! fixed by the code.

use actix_web::{HttpRequest, HttpResponse, get, http::header, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::state::AppState,
    api::{
        common::{Labelled, Validator},
        extract::ApiJson,
    },
    audit::RequestMeta,
    audit::{self, Entry},
    auth::Principal,
    domain::org::UnitKind,
    domain::{permissions::Permission, roles::Role},
    error::{ApiError, Problem},
    store::{self, dictionaries::DictItem},
};

#[derive(Debug, Serialize, ToSchema)]
pub struct DictEntry {
    #[schema(example = "agency_delay")]
    pub code: String,
    #[schema(example = "延迟支付")]
    pub label: String,
    /// For a problem type: its category.
    #[schema(example = "agency_arrears")]
    pub parent_code: Option<String>,
    pub active: bool,
}

impl From<DictItem> for DictEntry {
    fn from(d: DictItem) -> Self {
        Self { code: d.code, label: d.label, parent_code: d.parent_code, active: d.active }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Dictionaries {
    pub roles: Vec<Labelled>,
    pub unit_kinds: Vec<Labelled>,
    pub categories: Vec<DictEntry>,
    pub problem_types: Vec<DictEntry>,
    pub sources: Vec<DictEntry>,
    /// What an arrear is owed for: goods, services, works.
    pub arrear_objects: Vec<DictEntry>,
}

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

fn build(items: Vec<DictItem>) -> Dictionaries {
    let of = |kind: &str| -> Vec<DictEntry> {
        items.iter().filter(|d| d.kind == kind).cloned().map(DictEntry::from).collect()
    };
    Dictionaries {
        roles: Role::ALL.iter().map(|r| Labelled { code: r.code().into(), label: r.label().into() }).collect(),
        unit_kinds: UnitKind::ALL.iter().map(|k| Labelled { code: k.code().into(), label: k.label().into() }).collect(),
        categories: of("category"),
        problem_types: of("problem_type"),
        sources: of("source"),
        arrear_objects: of("arrear_object"),
    }
}

/// 数据字典
///
/// Categories, problem types, sources and arrear objects with their Chinese labels, for pickers
/// and for checking codes before an import.
#[utoipa::path(
    tag = "dictionaries",
    operation_id = "getDictionaries",
    responses(
        (status = 200, description = "各类代码及中文名称", body = Dictionaries),
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/dictionaries")]
pub async fn get_dictionaries(state: web::Data<AppState>, principal: Principal) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ReadOrganisation)?;
    let items = state.db(|conn| Ok(store::dictionaries::list(conn)?)).await?;
    Ok(HttpResponse::Ok().json(build(items)))
}

/// 新增或修改字典项
///
/// `kind` is `category`, `problem_type`, `source` or `arrear_object`. Codes are permanent
/// (problems refer to them); deactivate an item instead of removing it. With
/// `If-None-Match: *` the call only creates: an existing code answers 412 and is left as it is
/// (two administrators adding the same code cannot overwrite each other).
#[utoipa::path(
    tag = "dictionaries",
    operation_id = "putDictionaryItem",
    params(
        ("kind" = String, Path, description = "字典类别: category, problem_type, source, arrear_object"),
        ("code" = String, Path, description = "代码: 小写字母、数字、下划线"),
        ("If-None-Match" = Option<String>, Header, description = "`*`: 只新增, 代码已存在时 412"),
    ),
    request_body = DictItemInput,
    responses(
        (status = 200, description = "已保存", body = DictEntry),
        (status = 403, description = "仅系统管理员", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "字典类别不存在", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-None-Match: * 而代码已存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[put("/dictionaries/{kind}/{code}")]
pub async fn put_dictionary_item(
    req: HttpRequest,
    state: web::Data<AppState>,
    principal: Principal,
    meta: RequestMeta,
    path: web::Path<(String, String)>,
    body: ApiJson<DictItemInput>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ManageDictionaries)?;
    let (kind, code) = path.into_inner();
    let create_only =
        req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim() == "*");
    if !store::dictionaries::KINDS.contains(&kind.as_str()) {
        return Err(ApiError::not_found(format!("字典类别 {kind} 不存在")));
    }
    let body = body.0;
    let mut v = Validator::default();
    let code_ok = (2..=40).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    v.check(code_ok, "code", "代码应为 2 到 40 个小写字母、数字或下划线");
    let label = v.text("label", &body.label, 100);
    v.finish()?;
    let item = state
        .write(move |conn| {
            let mut v = Validator::default();
            let parent = body.parent_code.filter(|p| !p.is_empty());
            match (&*kind, &parent) {
                ("problem_type", None) => v.add("parent_code", "问题类型必须指定所属问题类别"),
                ("problem_type", Some(p)) if store::dictionaries::find(conn, "category", p)?.is_none() => {
                    v.add("parent_code", "问题类别不存在")
                }
                ("problem_type", Some(_)) => {}
                (_, Some(_)) => v.add("parent_code", "只有问题类型可以指定所属类别"),
                _ => {}
            }
            v.finish()?;
            let before = store::dictionaries::find(conn, &kind, &code)?;
            if create_only && before.is_some() {
                return Err(ApiError::new(
                    actix_web::http::StatusCode::PRECONDITION_FAILED,
                    "dictionary_item_exists",
                    format!("字典项 {kind}/{code} 已存在, 未作修改"),
                ));
            }
            let item = DictItem {
                kind: kind.clone(),
                code: code.clone(),
                label,
                parent_code: parent,
                sort_order: body.sort_order.or(before.as_ref().map(|b| b.sort_order)).unwrap_or(1000),
                active: body.active.or(before.as_ref().map(|b| b.active)).unwrap_or(true),
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
                Entry::new(&principal.actor(), &meta, action, "dictionary")
                    .entity(format!("{kind}/{code}"))
                    .before(&before)
                    .after(&item),
            )?;
            Ok(item)
        })
        .await?;
    Ok(HttpResponse::Ok().json(DictEntry::from(item)))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_dictionaries).service(put_dictionary_item);
}
