//! The public view of a problem: what an integration client (an API key) sees and may show the
//! enterprise — number, state, dates, category, the responsible unit's name. Never staff names,
//! measures, comments, the work group or other units' involvement.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    db::{DbConnection, IssueId},
    domain::{
        lifecycle::{ClosureKind, State},
        permissions::Permission,
    },
    error::ApiError,
    service::{Context, Page, issues::find_visible, validate::Dicts},
    store::{
        self,
        issues::{Issue, ListFilter, Sort},
    },
};

/// Marks the public view (so that it is told apart from the staff's read model).
#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ViewKind {
    Public,
}

/// A problem as an integration client sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicIssue {
    /// Always `public`.
    pub view: ViewKind,
    pub id: IssueId,
    #[schema(example = "LY2024-00042")]
    pub number: String,
    pub title: String,
    #[schema(example = "agency_arrears")]
    pub category: String,
    #[schema(example = "拖欠企业账款")]
    pub category_label: String,
    pub source: String,
    pub source_ref: Option<String>,
    pub enterprise_name: String,
    pub state: State,
    #[schema(example = "整改")]
    pub state_label: String,
    /// Set exactly when closed: `rectified`, `duplicate` or `unfounded`.
    pub closure_kind: Option<ClosureKind>,
    /// The responsible unit's name, once assigned.
    #[schema(example = "区教育局")]
    pub responsible_unit_name: Option<String>,
    /// The rectification deadline (Asia/Shanghai date).
    pub deadline: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag carries it.
    pub version: i32,
    /// The reply to the enterprise (答复意见), once written.
    pub reply: Option<PublicReply>,
}

/// The reply to the enterprise as the public view carries it (no author: staff names are
/// internal).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct PublicReply {
    #[schema(example = "经核查, 区教育局已于 6 月 30 日支付全部工程款。")]
    pub body: String,
    pub at: DateTime<Utc>,
}

struct Labels {
    units: std::collections::HashMap<crate::db::UnitId, String>,
    dicts: Dicts,
}

impl Labels {
    fn load(conn: &mut DbConnection) -> Result<Self, ApiError> {
        Ok(Self {
            units: store::units::list(conn, true)?.into_iter().map(|u| (u.id, u.name)).collect(),
            dicts: Dicts::load(conn)?,
        })
    }

    fn public(&self, issue: Issue, reply: Option<store::replies::Reply>) -> PublicIssue {
        PublicIssue {
            reply: reply.map(|r| PublicReply { body: r.body, at: r.created_at.and_utc() }),
            view: ViewKind::Public,
            category_label: self
                .dicts
                .find("category", &issue.category)
                .map(|d| d.label.clone())
                .unwrap_or_else(|| issue.category.clone()),
            state_label: issue.state.label().to_owned(),
            responsible_unit_name: issue.responsible_unit_id.as_ref().and_then(|u| self.units.get(u).cloned()),
            id: issue.id,
            number: issue.number,
            title: issue.title,
            category: issue.category,
            source: issue.source,
            source_ref: issue.source_ref,
            enterprise_name: issue.enterprise_name,
            state: issue.state,
            closure_kind: issue.closure_kind,
            deadline: issue.deadline,
            created_at: issue.created_at.and_utc(),
            updated_at: issue.updated_at.and_utc(),
            closed_at: issue.closed_at.map(|t| t.and_utc()),
            version: issue.version,
        }
    }
}

/// One problem's public view (after a registration or a read).
pub fn public_view(conn: &mut DbConnection, issue: Issue) -> Result<PublicIssue, ApiError> {
    let reply = store::replies::latest(conn, &issue.id)?;
    Ok(Labels::load(conn)?.public(issue, reply))
}

/// 问题公开视图: by id, within what the client registered (404 otherwise).
pub fn public_get(conn: &mut DbConnection, cx: &Context, id: &IssueId) -> Result<PublicIssue, ApiError> {
    cx.principal.require(Permission::ReadIssues)?;
    let issue = find_visible(conn, cx, id)?;
    public_view(conn, issue)
}

/// 按来源编号查询 (public view).
pub fn public_by_ref(
    conn: &mut DbConnection,
    cx: &Context,
    source: &str,
    source_ref: &str,
) -> Result<PublicIssue, ApiError> {
    let issue = super::view::visible_by_ref(conn, cx, source, source_ref)?;
    public_view(conn, issue)
}

/// One page of the client's problems, public view.
pub fn public_list(
    conn: &mut DbConnection,
    cx: &Context,
    filter: ListFilter,
    sort: Sort,
    page: i64,
    page_size: i64,
) -> Result<Page<PublicIssue>, ApiError> {
    let (rows, total, total_exact) = super::view::visible_page(conn, cx, filter, sort, page, page_size)?;
    let labels = Labels::load(conn)?;
    let ids: Vec<IssueId> = rows.iter().map(|i| i.id.clone()).collect();
    let mut replies: std::collections::HashMap<IssueId, store::replies::Reply> =
        store::replies::latest_of(conn, &ids)?.into_iter().map(|r| (r.issue_id.clone(), r)).collect();
    let items = rows
        .into_iter()
        .map(|i| {
            let reply = replies.remove(&i.id);
            labels.public(i, reply)
        })
        .collect();
    Ok(Page { items, total, total_exact, page, page_size })
}

/// The public views of `rows`, in their order.
pub fn public_views(conn: &mut DbConnection, rows: Vec<Issue>) -> Result<Vec<PublicIssue>, ApiError> {
    let labels = Labels::load(conn)?;
    let ids: Vec<IssueId> = rows.iter().map(|i| i.id.clone()).collect();
    let mut replies: std::collections::HashMap<IssueId, store::replies::Reply> =
        store::replies::latest_of(conn, &ids)?.into_iter().map(|r| (r.issue_id.clone(), r)).collect();
    Ok(rows
        .into_iter()
        .map(|i| {
            let reply = replies.remove(&i.id);
            labels.public(i, reply)
        })
        .collect())
}

/// A service of the catalogue (服务目录): a category with what it covers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CatalogueService {
    #[schema(example = "agency_arrears")]
    pub code: String,
    #[schema(example = "拖欠企业账款")]
    pub label: String,
    /// The work group that handles it.
    pub group_name: Option<String>,
    /// What it covers, in Chinese: the group and the problem types.
    pub description: String,
    /// The problem types of the category (codes for `problem_type`).
    pub problem_types: Vec<ProblemTypeLabel>,
}

/// A problem type of a catalogue service.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProblemTypeLabel {
    #[schema(example = "agency_delay")]
    pub code: String,
    pub label: String,
}

/// 服务目录: the active categories with their problem types and the group handling each, for
/// every signed-in caller and every API key.
pub fn catalogue(conn: &mut DbConnection, cx: &Context) -> Result<Vec<CatalogueService>, ApiError> {
    if !cx.principal.is_integration() {
        cx.principal.require(Permission::ReadOrganisation)?;
    }
    let dicts = Dicts::load(conn)?;
    let groups = store::groups::list(conn)?;
    let mut items: Vec<_> = dicts.items.iter().filter(|d| d.kind == "category" && d.active).collect();
    items.sort_by_key(|d| (d.sort_order, d.code.clone()));
    Ok(items
        .into_iter()
        .map(|c| {
            let mut types: Vec<_> = dicts
                .items
                .iter()
                .filter(|d| d.kind == "problem_type" && d.active && d.parent_code.as_deref() == Some(&c.code))
                .collect();
            types.sort_by_key(|d| (d.sort_order, d.code.clone()));
            let group_name = groups.iter().find(|g| g.category.as_deref() == Some(&c.code)).map(|g| g.name.clone());
            let type_labels: Vec<&str> = types.iter().map(|t| t.label.as_str()).collect();
            let description = match &group_name {
                Some(g) => format!("由{g}办理。问题类型: {}", type_labels.join("、")),
                None => format!("问题类型: {}", type_labels.join("、")),
            };
            CatalogueService {
                code: c.code.clone(),
                label: c.label.clone(),
                group_name,
                description,
                problem_types: types
                    .into_iter()
                    .map(|t| ProblemTypeLabel { code: t.code.clone(), label: t.label.clone() })
                    .collect(),
            }
        })
        .collect())
}
