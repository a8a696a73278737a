//! Builds the actix-web application, for `lvyue serve` and for the tests alike.

use std::{net::TcpListener, sync::Arc, time::Duration};

use actix_web::{App, HttpServer, dev::Server, middleware, web};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::{
    api::{self, ApiDoc, extract, fallback::RouteTable, state::AppState},
    clock::Clock,
    config::Config,
    db::Pool,
    error::ApiError,
    jobs,
    ops::metrics::{self as ops_metrics, Metrics},
};

/// How long a stopping server waits for requests in flight, and then for the jobs' runs.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// The OpenAPI document as the routes declare it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut spec = App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(api::routes).split_for_parts().1;
    api::complete_document(&mut spec);
    spec
}

pub struct Application {
    port: u16,
    server: Server,
    pool: Pool,
    config: Arc<Config>,
    clock: Clock,
    metrics: Arc<Metrics>,
    /// `/metrics` on a listener of its own (`LVYUE_METRICS_BIND`), and its port.
    metrics_server: Option<(Server, u16)>,
    refusals: Arc<crate::audit::refusals::RefusalLog>,
}

/// The webhook deliveries' gauges, read from the database at each scrape.
fn add_webhook_gauges(metrics: &Metrics) -> std::io::Result<()> {
    for (name, help, status) in [
        ("lvyue_webhook_deliveries_pending", "Webhook deliveries waiting for their (next) attempt", "pending"),
        ("lvyue_webhook_deliveries_failed", "Webhook deliveries given up after 24 hours of retries", "failed"),
    ] {
        let probe = move |c: &mut crate::db::DbConnection| -> anyhow::Result<i64> {
            Ok(crate::store::webhooks::count_with_status(c, status)?)
        };
        metrics.add_db_gauge(name, help, Box::new(probe)).map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// `/metrics` alone on a listener of its own (`LVYUE_METRICS_BIND`); answers it and its port.
fn metrics_server(
    addr: std::net::SocketAddr,
    endpoint: web::Data<ops_metrics::Endpoint>,
) -> std::io::Result<(Server, u16)> {
    let listener = TcpListener::bind(addr)?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(move || {
        App::new().app_data(endpoint.clone()).route("/metrics", web::get().to(ops_metrics::endpoint)).default_service(
            web::to(|| async { Err::<actix_web::HttpResponse, _>(ApiError::not_found("只提供 /metrics")) }),
        )
    })
    .workers(1)
    .listen(listener)?
    .run();
    Ok((server, port))
}

impl Application {
    /// Binds the configured address (port 0 picks a free one) and builds the server.
    pub fn build(config: Config, pool: Pool, workers: Option<usize>, clock: Clock) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.bind)?;
        let port = listener.local_addr()?.port();
        crate::audit::key::install(config.audit_key.clone());
        let config = Arc::new(config);
        let metrics = Metrics::new();
        add_webhook_gauges(&metrics)?;
        let endpoint = web::Data::new(ops_metrics::Endpoint {
            metrics: metrics.clone(),
            pool: pool.clone(),
            token: config.metrics_token.clone(),
        });
        // On the main listener only behind a token; otherwise on its own listener or not at all.
        let metrics_on_main = config.metrics_token.is_some() && config.metrics_bind.is_none();
        let (server_pool, server_config, server_metrics, server_endpoint, server_clock) =
            (pool.clone(), config.clone(), metrics.clone(), endpoint.clone(), clock.clone());
        let exports = Arc::new(tokio::sync::Semaphore::new(config.export_concurrency));
        let login_rate = Arc::new(crate::auth::rate_limit::RequestRate::default());
        let warning_window = Arc::new(crate::api::state::WarningWindow::default());
        let refusals = Arc::new(crate::audit::refusals::RefusalLog::default());
        let caches = Arc::new(crate::service::read_cache::ReadCaches::default());
        let server_refusals = refusals.clone();
        let storage =
            crate::storage::open_with(&config.storage, &config.storage_options).map_err(std::io::Error::other)?;
        let mut server = HttpServer::new(move || {
            let (pool, config) = (&server_pool, &server_config);
            let (app, mut spec) =
                App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(api::routes).split_for_parts();
            api::complete_document(&mut spec);
            let state = web::Data::new(AppState {
                pool: pool.clone(),
                config: config.clone(),
                routes: RouteTable::from_openapi(&spec),
                clock: server_clock.clone(),
                exports: exports.clone(),
                login_rate: login_rate.clone(),
                refusals: server_refusals.clone(),
                warning_window: warning_window.clone(),
                caches: caches.clone(),
                storage: storage.clone(),
            });
            let app = if metrics_on_main {
                app.app_data(server_endpoint.clone()).route("/metrics", web::get().to(ops_metrics::endpoint))
            } else {
                app
            };
            app.app_data(state)
                .app_data(web::Data::new(server_metrics.clone()))
                .app_data(web::Data::new(config.trusted_proxies.clone()))
                .app_data(web::PayloadConfig::new(extract::JSON_LIMIT))
                .app_data(web::QueryConfig::default().error_handler(extract::query_error))
                .app_data(web::PathConfig::default().error_handler(extract::path_error))
                .service(SwaggerUi::new("/api-docs/{_:.*}").url("/api-docs/openapi.json", spec))
                .default_service(web::to(api::fallback::fallback))
                .wrap(middleware::from_fn(api::refusals::audit_refusals))
                .wrap(middleware::from_fn(ops_metrics::observe))
                .wrap(middleware::from_fn(crate::middleware::request_context))
                .wrap(
                    middleware::DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "same-origin")),
                )
                .wrap(middleware::Compress::default())
        })
        .shutdown_timeout(SHUTDOWN_TIMEOUT.as_secs())
        // Small responses leave in one segment at once: with Nagle's algorithm a response
        // written in two parts waited for the client's delayed ACK (~40 ms on keep-alive).
        .tcp_nodelay(true)
        .client_request_timeout(Duration::from_secs(30))
        .listen(listener)?;
        if let Some(n) = workers {
            server = server.workers(n);
        }
        let metrics_server = config.metrics_bind.map(|addr| metrics_server(addr, endpoint)).transpose()?;
        Ok(Self { port, server: server.run(), pool, config, clock, metrics, metrics_server, refusals })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server (and with it the jobs `run_until_stopped` started) from outside: for a
    /// benchmark that drops its database afterwards.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// The port of the separate metrics listener, when `LVYUE_METRICS_BIND` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(_, p)| *p)
    }

    /// This server's metrics (for jobs that report their runs).
    pub fn metrics(&self) -> Arc<Metrics> {
        self.metrics.clone()
    }

    /// Serves until SIGTERM / SIGINT, then finishes in-flight requests (graceful shutdown).
    /// Alongside, runs the periodic jobs (`jobs::all`), each once-only across servers.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let stop = jobs::Stop::default();
        let jobs: Vec<_> = jobs::all(&self.config)
            .into_iter()
            .map(|job| {
                let (pool, clock, metrics) = (self.pool.clone(), self.clock.clone(), self.metrics.clone());
                tokio::spawn(jobs::run_forever(job, pool, clock, metrics, stop.clone()))
            })
            .collect();
        let mut runners = Vec::new();
        // Webhook delivery runs on every server: deliveries are claimed row by row.
        match jobs::webhooks::Worker::new(
            self.pool.clone(),
            self.clock.clone(),
            self.config.webhooks.clone(),
            self.metrics.clone(),
        ) {
            Ok(worker) => runners.push(tokio::spawn(Arc::new(worker).run_forever())),
            Err(e) => log::error!("webhook delivery cannot start: {e:#}"),
        }
        runners.push(tokio::spawn(summarise_refusals(self.refusals.clone(), self.pool.clone(), self.clock.clone())));
        let metrics_server = self.metrics_server.map(|(server, _)| {
            let handle = server.handle();
            (tokio::spawn(server), handle)
        });
        let result = self.server.await;
        runners.iter().for_each(tokio::task::JoinHandle::abort);
        // The jobs' runs in progress end at their next transaction's boundary; the process
        // waits for them (as long as for requests in flight), so that none outlives the server.
        stop.set();
        let ended = tokio::time::timeout(SHUTDOWN_TIMEOUT, async {
            for job in jobs {
                let _ = job.await;
            }
        })
        .await;
        if ended.is_err() {
            log::warn!("a job's run did not end within {} s of the server's stop", SHUTDOWN_TIMEOUT.as_secs());
        }
        if let Some((task, handle)) = metrics_server {
            handle.stop(true).await;
            let _ = task.await;
        }
        result
    }
}

/// Every 30 seconds, records the repeats of refused requests whose minute is over (this
/// server's own count: `audit::refusals`).
async fn summarise_refusals(refusals: Arc<crate::audit::refusals::RefusalLog>, pool: Pool, clock: Clock) {
    let mut tick = tokio::time::interval(Duration::from_secs(30));
    loop {
        tick.tick().await;
        let ended = refusals.ended(clock.now());
        if ended.is_empty() {
            continue;
        }
        let pool = pool.clone();
        let written = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut conn = pool.get()?;
            conn.write_tx(|c| crate::audit::refusals::summarise(c, &ended))?;
            Ok(())
        })
        .await;
        if let Ok(Err(e)) = written {
            log::warn!("refused requests could not be summarised in the audit trail: {e:#}");
        }
    }
}
