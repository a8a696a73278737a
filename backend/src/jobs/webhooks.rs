//! Webhook delivery, on every server at once. Each round:
//!
//! 1. **Fan-out**: the outbox events after each active webhook's position that concern a
//!    problem its client sees (registered by any of the client's keys) and that it wants become
//!    deliveries, one per (webhook, event); two servers doing it at once make the same rows
//!    (`ON CONFLICT DO NOTHING`). The outbox position is taken under a lock held to commit, so
//!    events appear in position order and none is skipped.
//! 2. **Claim**: the deliveries due are claimed row by row (a conditional update); a server
//!    sends only what it claimed, so each attempt is made by one server. Only the earliest
//!    pending delivery of a problem for a webhook is due: events of one problem arrive in order.
//! 3. **Send**: POST of the JSON body with `X-Lvyue-Event`, `X-Lvyue-Delivery`,
//!    `X-Lvyue-Timestamp` and `X-Lvyue-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">`,
//!    to the configured URL only: no proxy, no redirect followed, a timeout, and every address
//!    the host resolves to checked against `LVYUE_WEBHOOK_ALLOW`.
//! 4. **Record**: 2xx is delivered; anything else is retried with exponential backoff until
//!    24 hours after the event, then the delivery is failed. The webhook keeps its health.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use crate::{
    clock::Clock,
    config::WebhookSettings,
    db::{DbConnection, DeliveryId, Pool},
    domain::outbound::AllowList,
    store::{
        self,
        issues::Visibility,
        webhooks::{self as hooks, Attempt, Delivery, Webhook},
    },
};

/// Deliveries claimed per round per server.
const BATCH: i64 = 50;
/// Outbox events read per webhook per round.
const FAN_OUT_BATCH: i64 = 500;

/// The delivery worker of one server.
pub struct Worker {
    pool: Pool,
    clock: Clock,
    settings: WebhookSettings,
    holder: String,
    http: reqwest::Client,
    metrics: Arc<crate::ops::metrics::Metrics>,
}

impl Worker {
    pub fn new(
        pool: Pool,
        clock: Clock,
        settings: WebhookSettings,
        metrics: Arc<crate::ops::metrics::Metrics>,
    ) -> anyhow::Result<Self> {
        let http = client(&settings)?;
        Ok(Self { pool, clock, settings, holder: super::holder_id(), http, metrics })
    }

    /// Rounds forever: at once again after a round that sent something, else after the poll
    /// interval.
    pub async fn run_forever(self: Arc<Self>) {
        loop {
            match self.round().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => log::warn!("webhook delivery round failed: {e:#}"),
            }
            tokio::time::sleep(self.settings.poll_interval).await;
        }
    }

    /// One round: fan-out, claim, send, record. Answers how many deliveries were attempted.
    pub async fn round(&self) -> anyhow::Result<usize> {
        let (pool, clock, holder) = (self.pool.clone(), self.clock.clone(), self.holder.clone());
        let claim_for = chrono::Duration::from_std(self.settings.timeout * 3).unwrap_or(chrono::Duration::minutes(1));
        let retry_window = self.settings.retry_window;
        let claimed = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<Outgoing>> {
            let mut conn = pool.get()?;
            fan_out(&mut conn, clock.now(), retry_window)?;
            claim_due(&mut conn, &clock, &holder, claim_for)
        })
        .await??;
        let n = claimed.len();
        let sends = claimed.into_iter().map(|o| self.send(o));
        futures_util::future::join_all(sends).await;
        Ok(n)
    }

    async fn send(&self, o: Outgoing) {
        let started = self.clock.now();
        let (response_status, error) = match self.post(&o).await {
            Ok(status) if (200..300).contains(&status) => (Some(i32::from(status)), None),
            Ok(status) => (Some(i32::from(status)), Some(format!("HTTP {status}"))),
            Err(e) => (None, Some(e)),
        };
        let at = self.clock.now().max(started);
        let retry_at = error.as_ref().and_then(|_| {
            let next = at + backoff(&self.settings, o.delivery.attempts + 1);
            (next <= o.delivery.retry_until).then_some(next)
        });
        self.metrics.webhook_attempt(match (&error, retry_at) {
            (None, _) => "delivered",
            (Some(_), Some(_)) => "retry",
            (Some(_), None) => "failed",
        });
        let (pool, holder) = (self.pool.clone(), self.holder.clone());
        let recorded = tokio::task::spawn_blocking(move || -> anyhow::Result<bool> {
            let mut conn = pool.get()?;
            let attempt = Attempt { at, response_status, error: error.as_deref(), retry_at };
            Ok(conn.write_tx(|c| hooks::record_attempt(c, &o.delivery, &holder, &attempt))?)
        })
        .await;
        match recorded {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => log::warn!("webhook delivery attempt not recorded: its claim had expired"),
            Ok(Err(e)) => log::warn!("webhook delivery attempt not recorded: {e:#}"),
            Err(e) => log::warn!("webhook delivery task failed: {e}"),
        }
    }

    /// POSTs the delivery; the HTTP status, or why there was none.
    async fn post(&self, o: &Outgoing) -> Result<u16, String> {
        let url = reqwest::Url::parse(&o.url).map_err(|_| "网址无效".to_owned())?;
        // A literal address is not resolved (the resolver below does not see it): checked here.
        if let Some(ip) = url.host_str().and_then(|h| h.trim_matches(['[', ']']).parse().ok())
            && !self.settings.allow.allows_ip(ip)
        {
            return Err(format!("地址 {ip} 不在允许范围 (LVYUE_WEBHOOK_ALLOW)"));
        }
        let timestamp = self.clock.now_utc().timestamp().to_string();
        let signature = sign(&o.secret, &timestamp, &o.body);
        let res = self
            .http
            .post(url)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Lvyue-Webhook/1")
            .header("X-Lvyue-Event", &o.delivery.event_kind)
            .header("X-Lvyue-Delivery", o.delivery.id.as_str())
            .header("X-Lvyue-Timestamp", &timestamp)
            .header("X-Lvyue-Signature", format!("sha256={signature}"))
            .body(o.body.clone())
            .send()
            .await
            .map_err(describe)?;
        Ok(res.status().as_u16())
    }
}

/// The signature of a body sent at `timestamp` (seconds since the epoch): hex HMAC-SHA256 of
/// `"{timestamp}." + body` under the webhook's secret.
pub fn sign(secret: &str, timestamp: &str, body: &str) -> String {
    let mut message = Vec::with_capacity(timestamp.len() + 1 + body.len());
    message.extend_from_slice(timestamp.as_bytes());
    message.push(b'.');
    message.extend_from_slice(body.as_bytes());
    crate::audit::key::hmac_sha256(secret.as_bytes(), &message)
}

/// The delay before attempt `attempt + 1`: the base doubled per failed attempt, capped.
pub fn backoff(s: &WebhookSettings, failed_attempts: i32) -> chrono::Duration {
    let factor = 2u32.saturating_pow(u32::try_from(failed_attempts.saturating_sub(1)).unwrap_or(0).min(20));
    let delay = s.retry_base.saturating_mul(factor).min(s.retry_max);
    chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1))
}

/// A claimed delivery with what is needed to send it.
struct Outgoing {
    delivery: Delivery,
    url: String,
    secret: String,
    body: String,
}

/// Makes the deliveries of the events after each active webhook's position.
pub fn fan_out(conn: &mut DbConnection, now: NaiveDateTime, retry_window: chrono::Duration) -> anyhow::Result<usize> {
    let mut made = 0;
    for w in hooks::active(conn)? {
        // A write transaction only when there is something to fan out (SQLite has one writer).
        if store::outbox::after(conn, w.after_seq, 1)?.is_empty() {
            continue;
        }
        made += conn.write_tx(|c| fan_out_one(c, &w, now, retry_window))?;
    }
    Ok(made)
}

fn fan_out_one(
    conn: &mut DbConnection,
    w: &Webhook,
    now: NaiveDateTime,
    retry_window: chrono::Duration,
) -> anyhow::Result<usize> {
    let events = store::outbox::after(conn, w.after_seq, FAN_OUT_BATCH)?;
    let Some(last) = events.last().map(|e| e.seq) else { return Ok(0) };
    let ids: Vec<_> = events.iter().filter(|e| w.wants(&e.kind)).filter_map(|e| e.issue_id.clone()).collect();
    let seen = store::issues::visible_among(conn, &Visibility::RegisteredByClient(w.client_id.clone()), &ids)?;
    let mut made = 0;
    for e in events.iter().filter(|e| w.wants(&e.kind)) {
        let Some(issue) = e.issue_id.as_ref().filter(|i| seen.contains(i)) else { continue };
        made += hooks::insert_delivery_once(
            conn,
            &DeliveryId::new(),
            &w.id,
            e.seq,
            &e.kind,
            Some(issue),
            now,
            now + retry_window,
        )?;
    }
    hooks::advance(conn, &w.id, last)?;
    Ok(made)
}

/// Claims the deliveries due for `holder`, with their bodies.
fn claim_due(
    conn: &mut DbConnection,
    clock: &Clock,
    holder: &str,
    claim_for: chrono::Duration,
) -> anyhow::Result<Vec<Outgoing>> {
    let now = clock.now();
    let due = hooks::due(conn, now, BATCH)?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    // One short transaction claims them all; a row another server claimed first is skipped
    // (on PostgreSQL the update waits for that server's commit, then finds the row taken).
    let claimed: Vec<Delivery> = conn.write_tx(|c| -> diesel::QueryResult<Vec<Delivery>> {
        let mut mine = Vec::new();
        for d in due {
            if hooks::claim(c, &d.id, holder, now, now + claim_for)? {
                mine.push(d);
            }
        }
        Ok(mine)
    })?;
    let mut out = Vec::new();
    let mut webhooks: Vec<Webhook> = Vec::new();
    for d in claimed {
        if !webhooks.iter().any(|w| w.id == d.webhook_id)
            && let Some(w) = hooks::find(conn, &d.webhook_id)?
        {
            webhooks.push(w);
        }
        let Some(w) = webhooks.iter().find(|w| w.id == d.webhook_id) else { continue };
        let event = store::outbox::find(conn, d.event_seq)?;
        let body = body(&d, event.as_ref().map(|e| (e.payload_json.as_str(), e.created_at)));
        out.push(Outgoing { url: w.url.clone(), secret: w.secret.clone(), body, delivery: d });
    }
    Ok(out)
}

/// The JSON a receiver gets: the delivery, the event and its data (the outbox payload: the
/// problem's public facts, never staff names).
fn body(d: &Delivery, event: Option<(&str, NaiveDateTime)>) -> String {
    let (data, occurred_at) = match event {
        Some((payload, at)) => (serde_json::from_str::<Value>(payload).unwrap_or(Value::Null), Some(at.and_utc())),
        None => (Value::Null, None),
    };
    json!({
        "delivery_id": d.id.as_str(),
        "event": d.event_kind,
        "seq": d.event_seq,
        "occurred_at": occurred_at,
        "data": data,
    })
    .to_string()
}

/// The HTTP client of the worker: no proxy, no redirects, timeouts, and a resolver that refuses
/// internal addresses the operator did not allow.
fn client(s: &WebhookSettings) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(s.timeout.min(Duration::from_secs(5)))
        .timeout(s.timeout)
        .pool_idle_timeout(Duration::from_secs(30))
        .dns_resolver(Arc::new(Guard(s.allow.clone())))
        .build()?)
}

/// Resolves host names and keeps only the addresses allowed; none left is an error.
struct Guard(AllowList);

impl reqwest::dns::Resolve for Guard {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.0.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let by_name = allow.allows_host(&host);
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> =
                addrs.iter().copied().filter(|a| by_name || allow.allows_ip(a.ip())).collect();
            if allowed.is_empty() {
                let msg = format!("{host} 解析到的地址不在允许范围 (LVYUE_WEBHOOK_ALLOW)");
                return Err(msg.into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// A short cause of a failed request, for the delivery's `last_error`.
fn describe(e: reqwest::Error) -> String {
    use std::error::Error;
    let mut cause = String::new();
    let mut source = e.source();
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    let what = if e.is_timeout() {
        "超时"
    } else if e.is_connect() {
        "无法连接"
    } else {
        "请求失败"
    };
    if cause.is_empty() { what.to_owned() } else { format!("{what}: {cause}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_timestamp_dot_body() {
        let sig = sign("secret-of-the-portal", "1700000000", r#"{"a":1}"#);
        assert_eq!(sig, crate::audit::key::hmac_sha256(b"secret-of-the-portal", br#"1700000000.{"a":1}"#));
        assert_eq!(sig.len(), 64);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let s = WebhookSettings::default();
        assert_eq!(backoff(&s, 1), chrono::Duration::seconds(30));
        assert_eq!(backoff(&s, 2), chrono::Duration::seconds(60));
        assert_eq!(backoff(&s, 5), chrono::Duration::seconds(480));
        assert_eq!(backoff(&s, 40), chrono::Duration::hours(1));
    }
}
