//! The HTTP API: one module per resource, each with its handlers and their DTOs.

pub mod api_keys;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod calendar;
pub mod common;
pub mod dictionaries;
mod document;
pub mod exports;
pub mod extract;
pub mod fallback;
pub mod groups;
pub mod health;
pub mod imports;
pub mod integration_clients;
pub mod issues;
pub mod milestones;
pub mod query;
pub mod refusals;
pub mod reports;
pub mod settings;
pub mod state;
pub mod stats;
pub mod supervision;
pub mod units;
pub mod users;
pub mod webhooks;

use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

pub use document::complete_document;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "履约 Lvyue API",
        description = "强化政府履约专项行动管理系统的接口: 问题台账 (自查→交办→整改→核查→销号), 组织与账号, 审计。\n\n\
            错误统一为 application/problem+json (RFC 9457), 含稳定的 `code` 与中文 `detail`; 校验错误在 `errors` 中逐项指明字段。",
        version = "1.0.0",
        license(name = "MIT", identifier = "MIT"),
        contact(name = "区营商办 (综合办公室) 信息化组", email = "lvyue@zengdu.gov.cn"),
    ),
    servers((url = "/", description = "本服务")),
    modifiers(&SecuritySchemes),
    // Enums used only as query parameters are not collected from the handlers.
    components(schemas(crate::store::issues::Sort, crate::service::stats::Interval, crate::service::stats::UnitsOf, crate::domain::warning::Warning, crate::domain::lifecycle::State)),
    tags(
        (name = "health", description = "运行状态"),
        (name = "auth", description = "登录与会话"),
        (name = "units", description = "单位"),
        (name = "groups", description = "工作组 (一办五组)"),
        (name = "dictionaries", description = "数据字典"),
        (name = "calendar", description = "节假日日历 (工作日)"),
        (name = "users", description = "账号管理 (系统管理员)"),
        (name = "api_keys", description = "API 密钥 (系统管理员)"),
        (name = "settings", description = "系统设置"),
        (name = "audit", description = "审计日志 (安全审计员)"),
        (name = "issues", description = "问题台账: 登记、交办、整改、核查、销号"),
        (name = "supervision", description = "督办: 催办、延期申请、通知"),
        (name = "stats", description = "统计与履约评分"),
        (name = "reports", description = "专项行动与调度会报表"),
        (name = "imports", description = "批量导入与导入模板"),
        (name = "exports", description = "导出问题清单"),
        (name = "integration_clients", description = "集成客户端与其密钥 (系统管理员)"),
        (name = "webhooks", description = "集成客户端的 Webhook 与投递记录 (系统管理员)"),
    ),
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer_jwt",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("登录 (POST /api/v1/auth/login) 取得的访问令牌, 有效期 15 分钟"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("lvk_…")
                    .description(Some("系统管理员签发的 API 密钥, 以 lvk_ 开头, 用于门户与脚本集成"))
                    .build(),
            ),
        );
    }
}

/// Registers every documented route.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz).service(
        scope::scope("/api/v1")
            .configure(auth::routes)
            .configure(units::routes)
            .configure(groups::routes)
            .configure(dictionaries::routes)
            .configure(calendar::routes)
            .configure(users::routes)
            .configure(audit::routes)
            .configure(batch::routes)
            .configure(issues::routes)
            .configure(supervision::routes)
            .configure(stats::routes)
            .configure(reports::routes)
            .configure(milestones::routes)
            .configure(api_keys::routes)
            .configure(settings::routes)
            .configure(imports::routes)
            .configure(exports::routes)
            .configure(integration_clients::routes)
            .configure(webhooks::routes)
            .configure(attachments::routes),
    );
}
