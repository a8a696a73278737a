//! Prometheus metrics (text exposition format) and the access log.
//!
//! One [`Metrics`] per running server (not a process-wide registry), so that several servers
//! in one process (the tests) count apart. `/metrics` is exposed only when protected: with a
//! bearer token (`LVYUE_METRICS_TOKEN`) on the main listener, or on a listener of its own
//! (`LVYUE_METRICS_BIND`); otherwise it answers 404 like any unknown path.
//!
//! Hooks for later parts: periodic jobs report through [`Metrics::job_finished`]; a gauge read
//! from the database at scrape time (e.g. the outbox backlog) is added with
//! [`Metrics::add_db_gauge`] when its table exists.

use crate::audit::context::{TrustedProxies, client_address};
use std::{
    sync::{Arc, Mutex},
    time::Instant,
};

use actix_web::{
    HttpMessage, HttpRequest, HttpResponse,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::{Method, header},
    middleware::Next,
    web,
};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
    core::Collector,
};

use crate::{
    db::{DbConnection, Pool},
    error::ApiError,
    middleware::RequestId,
};

/// Answers one value from the database at scrape time.
pub type DbProbe = Box<dyn Fn(&mut DbConnection) -> anyhow::Result<i64> + Send + Sync>;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    login_failures: IntCounterVec,
    job_runs: IntCounterVec,
    job_last_success: IntGaugeVec,
    webhook_attempts: IntCounterVec,
    pool_connections: IntGauge,
    pool_idle: IntGauge,
    pool_max: IntGauge,
    db_gauges: Mutex<Vec<(IntGauge, DbProbe)>>,
}

/// The label for requests that matched no route: unknown paths must not create series.
pub const UNMATCHED_ROUTE: &str = "<unmatched>";

const LOGIN_ROUTE: &str = "/api/v1/auth/login";

impl Metrics {
    pub fn new() -> Arc<Self> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("lvyue_http_requests_total", "HTTP requests by method, route template and status"),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        // Time to the response head (a streamed export's body is not included).
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "lvyue_http_request_duration_seconds",
                "Time to answer, by method, route template and status",
            )
            .buckets(vec![0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0]),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let login_failures = IntCounterVec::new(
            Opts::new(
                "lvyue_login_failures_total",
                "Refused sign-ins by HTTP status (401 wrong credentials, 429 throttled)",
            ),
            &["status"],
        )
        .expect("valid metric");
        let job_runs = IntCounterVec::new(
            Opts::new("lvyue_job_runs_total", "Runs of periodic jobs by outcome (ok, error)"),
            &["job", "outcome"],
        )
        .expect("valid metric");
        let job_last_success = IntGaugeVec::new(
            Opts::new("lvyue_job_last_success_timestamp_seconds", "Unix time of the last successful run of a job"),
            &["job"],
        )
        .expect("valid metric");
        let webhook_attempts = IntCounterVec::new(
            Opts::new(
                "lvyue_webhook_attempts_total",
                "Webhook delivery attempts of this server by outcome (delivered, retry, failed)",
            ),
            &["outcome"],
        )
        .expect("valid metric");
        let pool_connections = IntGauge::new("lvyue_db_pool_connections", "Open database connections of this server")
            .expect("valid metric");
        let pool_idle = IntGauge::new("lvyue_db_pool_idle_connections", "Idle database connections of this server")
            .expect("valid metric");
        let pool_max =
            IntGauge::new("lvyue_db_pool_max_connections", "Size limit of the database pool").expect("valid metric");
        let build =
            IntGaugeVec::new(Opts::new("lvyue_build_info", "The running version"), &["version"]).expect("valid");
        build.with_label_values(&[env!("CARGO_PKG_VERSION")]).set(1);
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(login_failures.clone()),
            Box::new(job_runs.clone()),
            Box::new(job_last_success.clone()),
            Box::new(webhook_attempts.clone()),
            Box::new(pool_connections.clone()),
            Box::new(pool_idle.clone()),
            Box::new(pool_max.clone()),
            Box::new(build),
        ] {
            registry.register(c).expect("metric names are unique");
        }
        Arc::new(Self {
            registry,
            requests,
            latency,
            login_failures,
            job_runs,
            job_last_success,
            webhook_attempts,
            pool_connections,
            pool_idle,
            pool_max,
            db_gauges: Mutex::new(Vec::new()),
        })
    }

    /// Counts one answered request.
    pub fn observe_request(&self, method: &Method, route: &str, status: u16, seconds: f64) {
        let method = method_label(method);
        let status_text = status.to_string();
        let labels = [method, route, status_text.as_str()];
        self.requests.with_label_values(&labels).inc();
        self.latency.with_label_values(&labels).observe(seconds);
        if route == LOGIN_ROUTE && matches!(status, 401 | 423 | 429) {
            self.login_failures.with_label_values(&[status_text.as_str()]).inc();
        }
    }

    /// Records the end of a periodic job's run (whether or not this server held its lease).
    pub fn job_finished(&self, job: &str, ok: bool) {
        self.job_runs.with_label_values(&[job, if ok { "ok" } else { "error" }]).inc();
        if ok {
            self.job_last_success.with_label_values(&[job]).set(chrono::Utc::now().timestamp());
        }
    }

    /// Counts one webhook delivery attempt: `delivered`, `retry` (failed, tried again later) or
    /// `failed` (given up).
    pub fn webhook_attempt(&self, outcome: &str) {
        self.webhook_attempts.with_label_values(&[outcome]).inc();
    }

    /// Adds a gauge whose value is read from the database at each scrape, e.g.
    /// `metrics.add_db_gauge("lvyue_outbox_backlog", "Undelivered outbox events", Box::new(store::outbox::backlog))`.
    /// A probe that fails leaves the gauge at its last value and logs a warning.
    pub fn add_db_gauge(&self, name: &str, help: &str, probe: DbProbe) -> prometheus::Result<()> {
        let gauge = IntGauge::new(name, help)?;
        self.registry.register(Box::new(gauge.clone()))?;
        self.db_gauges.lock().expect("metrics lock").push((gauge, probe));
        Ok(())
    }

    /// The exposition text, with the pool's state and the database gauges read now. Blocking
    /// (the probes query the database): run it off the async workers.
    pub fn render(&self, pool: &Pool) -> String {
        let state = pool.state();
        self.pool_connections.set(state.connections.into());
        self.pool_idle.set(state.idle_connections.into());
        self.pool_max.set(pool.max_size().into());
        let gauges = self.db_gauges.lock().expect("metrics lock");
        if !gauges.is_empty() {
            match pool.get() {
                Ok(mut conn) => {
                    for (gauge, probe) in gauges.iter() {
                        match probe(&mut conn) {
                            Ok(v) => gauge.set(v),
                            Err(e) => log::warn!("metrics: reading {} failed: {e:#}", gauge.desc()[0].fq_name),
                        }
                    }
                }
                Err(e) => log::warn!("metrics: no database connection for the gauges: {e}"),
            }
        }
        drop(gauges);
        let mut buf = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buf).expect("text encoding cannot fail");
        String::from_utf8(buf).expect("the text format is UTF-8")
    }
}

/// A bounded set of method labels: a made-up method must not create series.
fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Middleware: counts every request by its route template and writes the access log line
/// (structured fields for `LVYUE_LOG_FORMAT=json`). Runs inside `request_context`, so the
/// request id is known, and log lines written while the handler runs carry it too.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let metrics = req.app_data::<web::Data<Arc<Metrics>>>().map(|m| m.get_ref().clone());
    let rid = req.extensions().get::<RequestId>().map(|r| r.0.clone()).unwrap_or_default();
    let method = req.method().clone();
    // The same client address the audit trail records (forwarding headers only from
    // `LVYUE_TRUSTED_PROXIES`).
    let trusted = req.app_data::<web::Data<TrustedProxies>>().map(|t| t.get_ref().clone()).unwrap_or_default();
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let peer =
        client_address(req.peer_addr().map(|a| a.ip()), header("forwarded"), header("x-forwarded-for"), &trusted)
            .map_or_else(|| "-".to_owned(), |ip| ip.to_string());
    let target = match req.query_string() {
        "" => req.path().to_owned(),
        q => format!("{}?{q}", req.path()),
    };
    let res = super::logging::with_request_id(rid.clone(), next.call(req)).await?;
    let elapsed = start.elapsed();
    let status = res.status().as_u16();
    let route = res.request().match_pattern().unwrap_or_else(|| UNMATCHED_ROUTE.to_owned());
    if let Some(m) = metrics {
        m.observe_request(&method, &route, status, elapsed.as_secs_f64());
    }
    let ms = elapsed.as_secs_f64() * 1000.0;
    log::info!(
        target: "lvyue::access",
        method = method.as_str(), path = target.as_str(), route = route.as_str(), status = status,
        duration_ms = (ms * 10.0).round() / 10.0, client = peer.as_str(), request_id = rid.as_str();
        "{peer} \"{method} {target}\" {status} {ms:.1}ms rid={rid}"
    );
    Ok(res)
}

/// What `/metrics` needs.
pub struct Endpoint {
    pub metrics: Arc<Metrics>,
    pub pool: Pool,
    /// When set, a request must carry `Authorization: Bearer <token>`.
    pub token: Option<String>,
}

/// `GET /metrics`: Prometheus text format, behind the bearer token when one is configured.
pub async fn endpoint(req: HttpRequest, ep: web::Data<Endpoint>) -> Result<HttpResponse, ApiError> {
    if let Some(token) = &ep.token {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .unwrap_or("");
        if !constant_time_eq(given.trim().as_bytes(), token.as_bytes()) {
            return Err(ApiError::new(
                actix_web::http::StatusCode::UNAUTHORIZED,
                "unauthorized",
                "访问指标须携带 LVYUE_METRICS_TOKEN 令牌 (Authorization: Bearer …)",
            )
            .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"lvyue-metrics\""));
        }
    }
    let ep = ep.into_inner();
    let text = web::block(move || ep.metrics.render(&ep.pool)).await.map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(text))
}

/// Compares without an early exit, so that the answer time does not tell how much matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    let (ha, hb) = (Sha256::digest(a), Sha256::digest(b));
    ha.iter().zip(hb.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"FOO").unwrap()), "OTHER");
    }

    #[test]
    fn login_refusals_are_counted_apart() {
        let m = Metrics::new();
        m.observe_request(&Method::POST, LOGIN_ROUTE, 401, 0.01);
        m.observe_request(&Method::POST, LOGIN_ROUTE, 200, 0.01);
        m.observe_request(&Method::GET, "/api/v1/issues/{id}", 404, 0.002);
        m.job_finished("deadline_scan", true);
        m.job_finished("deadline_scan", false);
        let mut buf = Vec::new();
        TextEncoder::new().encode(&m.registry.gather(), &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(text.contains("lvyue_login_failures_total{status=\"401\"} 1"), "{text}");
        assert!(!text.contains("lvyue_login_failures_total{status=\"200\"}"), "{text}");
        assert!(
            text.contains("lvyue_http_requests_total{method=\"GET\",route=\"/api/v1/issues/{id}\",status=\"404\"} 1"),
            "{text}"
        );
        assert!(text.contains("lvyue_job_runs_total{job=\"deadline_scan\",outcome=\"error\"} 1"), "{text}");
        assert!(text.contains("lvyue_job_runs_total{job=\"deadline_scan\",outcome=\"ok\"} 1"), "{text}");
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"", b"abc"));
    }
}
