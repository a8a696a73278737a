//! Webhooks of integration clients (sysadmin): a URL, the event kinds it wants and a secret.
//! The worker (`jobs::webhooks`) delivers each outbox event of the problems the client sees
//! (those any of its keys registered) to every active webhook of the client that wants its
//! kind, signed with the webhook's secret. The secret is never shown again after creation.
//!
//! Administrators manage webhooks as they manage clients (`manage_api_keys`, the system
//! administrator); every change is audited in its transaction.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    audit::{self, Entry},
    db::{DbConnection, DeliveryId, IntegrationClientId, IssueId, WebhookId},
    domain::{outbound::AllowList, permissions::Permission},
    error::ApiError,
    service::{Committed, Context, Page, accounts::utc, events::EventKind, guarded, validate::Validator},
    store::{
        self,
        webhooks::{self as hooks, Delivery, Webhook},
    },
};

/// At most this many webhooks per client.
pub const MAX_PER_CLIENT: usize = 10;

crate::coded_enum! {
    /// Where a delivery stands.
    pub enum DeliveryStatus("delivery status") {
        /// Waiting for its (next) attempt
        Pending = ("pending", "待投递"),
        /// The receiver answered 2xx
        Delivered = ("delivered", "已送达"),
        /// Retries for 24 hours did not succeed
        Failed = ("failed", "投递失败"),
    }
}

crate::coded_enum! {
    /// How a webhook's deliveries go.
    pub enum WebhookHealth("webhook health") {
        /// Nothing attempted yet
        Unknown = ("unknown", "尚无投递"),
        /// The last attempt succeeded
        Healthy = ("healthy", "正常"),
        /// The last attempt failed (retries continue)
        Failing = ("failing", "投递失败"),
        /// Disabled: nothing is sent
        Disabled = ("disabled", "已停用"),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDto {
    pub id: WebhookId,
    pub client_id: IntegrationClientId,
    #[schema(example = "https://portal.example.cn/lvyue/events")]
    pub url: String,
    /// The event kinds it receives; `["*"]`: all.
    #[schema(example = json!(["issue.closed", "issue.replied"]))]
    pub events: Vec<String>,
    pub active: bool,
    pub health: WebhookHealth,
    /// Failed attempts since the last success.
    pub consecutive_failures: i32,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_failure_at: Option<DateTime<Utc>>,
    /// The last failure's cause (HTTP status or connection error).
    pub last_error: Option<String>,
    /// Deliveries waiting for their (next) attempt.
    pub pending: i64,
    /// Deliveries given up after 24 hours of retries (redeliver them when the receiver is fixed).
    pub failed: i64,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    /// Where events are POSTed: `https://` (or `http://`) with a host; no user name or password.
    /// Internal addresses (loopback, private networks) only when the operator allowed them
    /// (`LVYUE_WEBHOOK_ALLOW`).
    #[schema(max_length = 2000, example = "https://portal.example.cn/lvyue/events")]
    pub url: String,
    /// Event kinds (`issue.registered`, `issue.closed`, …), each once, or `["*"]` for all.
    #[schema(schema_with = event_names, example = json!(["*"]))]
    pub events: Vec<String>,
    /// The HMAC-SHA256 key of the `X-Lvyue-Signature` header; the receiver keeps the same
    /// value. 16 to 200 characters; never shown again.
    #[schema(min_length = 16, max_length = 200, example = "whsec-0123456789abcdef")]
    pub secret: String,
}

/// The schema of `events`: the known kinds and `*`, each once (what [`check_events`] accepts).
fn event_names() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    let names = std::iter::once("*").chain(EventKind::ALL.iter().map(|k| k.code()));
    ArrayBuilder::new()
        .items(ObjectBuilder::new().schema_type(Type::String).enum_values(Some(names)))
        .min_items(Some(1))
        .max_items(Some(30))
        .unique_items(true)
        .build()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryDto {
    /// Also the `X-Lvyue-Delivery` header: the receiver's key for deduplication.
    pub id: DeliveryId,
    pub webhook_id: WebhookId,
    /// The event's position in the outbox (increasing).
    #[schema(example = 42)]
    pub event_seq: i64,
    #[schema(example = "issue.closed")]
    pub event: String,
    pub issue_id: Option<IssueId>,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// When the next attempt is due (pending deliveries).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Until when it is retried.
    pub retry_until: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's last HTTP status.
    pub response_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only deliveries in this status.
    pub status: Option<DeliveryStatus>,
}

fn opt(t: Option<NaiveDateTime>) -> Option<DateTime<Utc>> {
    t.map(utc)
}

fn dto(conn: &mut DbConnection, w: Webhook) -> Result<WebhookDto, ApiError> {
    let (pending, failed) = hooks::counts(conn, &w.id)?;
    let health = if !w.active {
        WebhookHealth::Disabled
    } else if w.consecutive_failures > 0 {
        WebhookHealth::Failing
    } else if w.last_success_at.is_some() {
        WebhookHealth::Healthy
    } else {
        WebhookHealth::Unknown
    };
    Ok(WebhookDto {
        events: w.events(),
        health,
        pending,
        failed,
        id: w.id,
        client_id: w.client_id,
        url: w.url,
        active: w.active,
        consecutive_failures: w.consecutive_failures,
        last_success_at: opt(w.last_success_at),
        last_failure_at: opt(w.last_failure_at),
        last_error: w.last_error,
        created_by: w.created_by,
        created_at: utc(w.created_at),
    })
}

fn delivery_dto(d: Delivery) -> DeliveryDto {
    let status = DeliveryStatus::from_code(&d.status).unwrap_or(DeliveryStatus::Pending);
    DeliveryDto {
        next_attempt_at: (status == DeliveryStatus::Pending).then(|| utc(d.next_attempt_at)),
        status,
        id: d.id,
        webhook_id: d.webhook_id,
        event_seq: d.event_seq,
        event: d.event_kind,
        issue_id: d.issue_id,
        attempts: d.attempts,
        retry_until: utc(d.retry_until),
        last_attempt_at: opt(d.last_attempt_at),
        response_status: d.response_status,
        last_error: d.last_error,
        delivered_at: opt(d.delivered_at),
        created_at: utc(d.created_at),
    }
}

/// What the audit trail keeps of a webhook (never its secret).
#[derive(Serialize)]
struct Audited<'a> {
    client_id: &'a IntegrationClientId,
    url: &'a str,
    events: Vec<String>,
    active: bool,
}

fn audited(w: &Webhook) -> Audited<'_> {
    Audited { client_id: &w.client_id, url: &w.url, events: w.events(), active: w.active }
}

/// Checks a webhook URL: http(s), a host, no credentials, and no internal address the operator
/// did not allow (a literal address or `localhost`; names are checked again at each connection).
pub fn check_url(v: &mut Validator, raw: &str, allow: &AllowList) -> Option<reqwest::Url> {
    if raw.chars().count() > 2000 {
        v.add("url", "不能超过 2000 个字符");
        return None;
    }
    let raw = raw.trim();
    if raw.is_empty() {
        v.add("url", "不能为空");
        return None;
    }
    let Ok(url) = reqwest::Url::parse(raw) else {
        v.add("url", "不是有效的网址");
        return None;
    };
    if !matches!(url.scheme(), "https" | "http") {
        v.add("url", "只支持 https:// 或 http:// 网址");
        return None;
    }
    if !url.username().is_empty() || url.password().is_some() {
        v.add("url", "网址中不能包含用户名或密码 (用签名密钥验证来源)");
        return None;
    }
    let Some(host) = url.host_str().map(|h| h.trim_matches(['[', ']']).trim_end_matches('.').to_ascii_lowercase())
    else {
        v.add("url", "网址缺少主机名");
        return None;
    };
    let refused = match host.parse::<std::net::IpAddr>() {
        Ok(ip) => !allow.allows_ip(ip),
        Err(_) => {
            (host == "localhost" || host.ends_with(".localhost"))
                && !allow.allows_host(&host)
                && !allow.allows_ip(std::net::Ipv4Addr::LOCALHOST.into())
        }
    };
    if refused {
        v.add("url", "不允许推送到本机或内网地址 (运维人员可在 LVYUE_WEBHOOK_ALLOW 中放行)");
        return None;
    }
    Some(url)
}

/// The event kinds a webhook asks for: `*`, or known kinds (each once).
fn check_events(v: &mut Validator, events: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if events.is_empty() {
        v.add("events", "至少选择一种事件 (或 \"*\" 表示全部)");
    }
    if events.len() > 30 {
        v.add("events", "最多 30 项");
    }
    for (i, e) in events.iter().enumerate() {
        let e = e.as_str();
        if e != "*" && EventKind::from_code(e).is_none() {
            v.add(format!("events[{i}]"), format!("未知的事件类型 {e:?}"));
        } else if out.iter().any(|o| o == e) {
            v.add(format!("events[{i}]"), format!("事件类型 {e:?} 重复"));
        } else {
            out.push(e.to_owned());
        }
    }
    if out.iter().any(|e| e == "*") {
        out = vec!["*".to_owned()];
    }
    out
}

fn client(conn: &mut DbConnection, id: &IntegrationClientId) -> Result<(), ApiError> {
    store::integration_clients::find(conn, id)?.ok_or_else(|| ApiError::not_found("集成客户端不存在"))?;
    Ok(())
}

fn webhook(conn: &mut DbConnection, id: &WebhookId) -> Result<Webhook, ApiError> {
    hooks::find(conn, id)?.ok_or_else(|| ApiError::not_found("Webhook 不存在"))
}

/// The latest outbox position (a new or re-enabled webhook receives what happens after it).
fn latest_seq(conn: &mut DbConnection) -> Result<i64, ApiError> {
    use crate::db::schema::outbox_events;
    use diesel::dsl::max;
    use diesel::prelude::*;
    Ok(outbox_events::table.select(max(outbox_events::seq)).first::<Option<i64>>(conn)?.unwrap_or(0))
}

pub fn list(
    conn: &mut DbConnection,
    cx: &Context,
    client_id: &IntegrationClientId,
) -> Result<Vec<WebhookDto>, ApiError> {
    cx.principal.require(Permission::ManageApiKeys)?;
    client(conn, client_id)?;
    hooks::of_client(conn, client_id)?.into_iter().map(|w| dto(conn, w)).collect()
}

pub fn get(conn: &mut DbConnection, cx: &Context, id: &WebhookId) -> Result<WebhookDto, ApiError> {
    cx.principal.require(Permission::ManageApiKeys)?;
    let w = webhook(conn, id)?;
    dto(conn, w)
}

/// 新建 Webhook: receives the events that happen from now on.
pub fn create(
    conn: &mut DbConnection,
    cx: &Context,
    client_id: &IntegrationClientId,
    cmd: CreateWebhook,
    allow: &AllowList,
) -> Result<Committed<WebhookDto>, ApiError> {
    guarded(conn, cx, Permission::ManageApiKeys, ("webhook.create", "webhook"), |conn| {
        client(conn, client_id)?;
        let mut v = Validator::default();
        let url = check_url(&mut v, &cmd.url, allow);
        let events = check_events(&mut v, &cmd.events);
        let secret = cmd.secret.trim();
        let len = secret.chars().count();
        v.check(
            (16..=200).contains(&len) && cmd.secret.chars().count() <= 200,
            "secret",
            "签名密钥应为 16 到 200 个字符",
        );
        v.check(!secret.chars().any(char::is_control), "secret", "签名密钥不能包含控制字符");
        v.finish()?;
        if hooks::of_client(conn, client_id)?.len() >= MAX_PER_CLIENT {
            return Err(ApiError::conflict(
                "too_many_webhooks",
                format!("每个集成客户端最多 {MAX_PER_CLIENT} 个 Webhook, 请先删除不用的"),
            ));
        }
        let now = cx.clock.now();
        let w = Webhook {
            id: WebhookId::new(),
            client_id: client_id.clone(),
            url: url.map(String::from).unwrap_or_default(),
            events_json: serde_json::to_string(&events).unwrap_or_else(|_| "[]".into()),
            secret: secret.to_owned(),
            active: true,
            after_seq: latest_seq(conn)?,
            consecutive_failures: 0,
            last_success_at: None,
            last_failure_at: None,
            last_error: None,
            created_by: cx.principal.username.clone(),
            created_at: now,
            updated_at: now,
        };
        hooks::insert(conn, &w)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "webhook.create", "webhook").entity(&w.id).after(audited(&w)),
        )?;
        dto(conn, w)
    })
}

/// 停用 / 启用: a disabled webhook is sent nothing (its pending deliveries wait); enabled again,
/// it receives what happens from then on, and its pending deliveries resume.
pub fn set_active(
    conn: &mut DbConnection,
    cx: &Context,
    id: &WebhookId,
    active: bool,
) -> Result<Committed<WebhookDto>, ApiError> {
    let action = if active { "webhook.enable" } else { "webhook.disable" };
    guarded(conn, cx, Permission::ManageApiKeys, (action, "webhook"), |conn| {
        let before = webhook(conn, id)?;
        if before.active != active {
            let after_seq = if active { Some(latest_seq(conn)?) } else { None };
            hooks::set_active(conn, id, active, after_seq, cx.clock.now())?;
        }
        let after = webhook(conn, id)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, action, "webhook")
                .entity(id)
                .before(audited(&before))
                .after(audited(&after)),
        )?;
        dto(conn, after)
    })
}

/// 删除 Webhook, with its deliveries.
pub fn delete(conn: &mut DbConnection, cx: &Context, id: &WebhookId) -> Result<Committed<()>, ApiError> {
    guarded(conn, cx, Permission::ManageApiKeys, ("webhook.delete", "webhook"), |conn| {
        let before = webhook(conn, id)?;
        hooks::delete(conn, id)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "webhook.delete", "webhook").entity(id).before(audited(&before)),
        )?;
        Ok(())
    })
}

/// A webhook's deliveries, newest event first.
pub fn deliveries(
    conn: &mut DbConnection,
    cx: &Context,
    id: &WebhookId,
    status: Option<DeliveryStatus>,
    (page, page_size, offset): (i64, i64, i64),
) -> Result<Page<DeliveryDto>, ApiError> {
    cx.principal.require(Permission::ManageApiKeys)?;
    webhook(conn, id)?;
    let (rows, total) = hooks::deliveries(conn, id, status.map(DeliveryStatus::code), offset, page_size)?;
    Ok(Page { items: rows.into_iter().map(delivery_dto).collect(), total, total_exact: true, page, page_size })
}

/// 重新投递: a delivered or failed delivery is sent again (same delivery id, new retry window).
pub fn redeliver(
    conn: &mut DbConnection,
    cx: &Context,
    id: &WebhookId,
    delivery: &DeliveryId,
    retry_window: chrono::Duration,
) -> Result<Committed<DeliveryDto>, ApiError> {
    guarded(conn, cx, Permission::ManageApiKeys, ("webhook.redeliver", "webhook_delivery"), |conn| {
        webhook(conn, id)?;
        let d = hooks::find_delivery(conn, delivery)?
            .filter(|d| d.webhook_id == *id)
            .ok_or_else(|| ApiError::not_found("投递记录不存在"))?;
        if d.status == hooks::PENDING {
            return Err(ApiError::conflict("delivery_pending", "该投递尚在等待投递, 无需重新投递"));
        }
        let now = cx.clock.now();
        hooks::redeliver(conn, delivery, now, now + retry_window)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "webhook.redeliver", "webhook_delivery")
                .entity(delivery)
                .before(serde_json::json!({"status": d.status, "attempts": d.attempts, "event_seq": d.event_seq})),
        )?;
        let d = hooks::find_delivery(conn, delivery)?.ok_or_else(|| ApiError::not_found("投递记录不存在"))?;
        Ok(delivery_dto(d))
    })
}
