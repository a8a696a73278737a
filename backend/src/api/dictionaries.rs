//! Dictionaries for the SPA's drop-downs: codes with Chinese labels. Categories, problem types,
//! sources and arrear objects are data (editable by the sysadmin); roles and unit kinds are
//! fixed by the code.

use actix_web::{HttpRequest, HttpResponse, get, http::header, put, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{common::AdminOnly, common::Labelled, extract::ApiJson, state::AppState},
    domain::{org::UnitKind, roles::Role},
    error::{ApiError, Problem},
    service::{
        Context,
        dictionaries::{self, DictItemInput, PutItem},
    },
    store::dictionaries::DictItem,
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
    security(("bearer_jwt" = []), ("api_key" = [])),
)]
#[get("/dictionaries")]
pub async fn get_dictionaries(state: web::Data<AppState>, cx: Context) -> Result<HttpResponse, ApiError> {
    let items = state.db(move |conn| dictionaries::list(conn, &cx)).await?;
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
        AdminOnly,
        (status = 404, description = "字典类别不存在", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-None-Match: * 而代码已存在", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[put("/dictionaries/{kind}/{code}")]
pub async fn put_dictionary_item(
    req: HttpRequest,
    state: web::Data<AppState>,
    cx: Context,
    path: web::Path<(String, String)>,
    body: ApiJson<DictItemInput>,
) -> Result<HttpResponse, ApiError> {
    let (kind, code) = path.into_inner();
    let create_only =
        req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim() == "*");
    let cmd = PutItem { kind, code, create_only, item: body.0 };
    let item = state.write(move |conn| dictionaries::put_item(conn, &cx, cmd)).await??;
    Ok(HttpResponse::Ok().json(DictEntry::from(item)))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(get_dictionaries).service(put_dictionary_item);
}
