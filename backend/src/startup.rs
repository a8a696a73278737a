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
    jobs,
};

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
}

impl Application {
    /// Binds the configured address (port 0 picks a free one) and builds the server; every use
    /// case and job reads time from `clock`.
    pub fn build(config: Config, pool: Pool, workers: Option<usize>, clock: Clock) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.bind)?;
        let port = listener.local_addr()?.port();
        let config = Arc::new(config);
        let (server_pool, server_config, server_clock) = (pool.clone(), config.clone(), clock.clone());
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
            });
            app.app_data(state)
                .app_data(web::PayloadConfig::new(extract::JSON_LIMIT))
                .app_data(web::QueryConfig::default().error_handler(extract::query_error))
                .app_data(web::PathConfig::default().error_handler(extract::path_error))
                .service(SwaggerUi::new("/api-docs/{_:.*}").url("/api-docs/openapi.json", spec))
                .default_service(web::to(api::fallback::fallback))
                .wrap(middleware::from_fn(crate::middleware::request_context))
                .wrap(
                    middleware::DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "same-origin")),
                )
                .wrap(middleware::Compress::default())
                .wrap(middleware::Logger::new("%{r}a \"%r\" %s %b %Dms rid=%{x-request-id}o"))
        })
        .shutdown_timeout(30)
        .client_request_timeout(Duration::from_secs(30))
        .listen(listener)?;
        if let Some(n) = workers {
            server = server.workers(n);
        }
        Ok(Self { port, server: server.run(), pool, config, clock })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM / SIGINT, then finishes in-flight requests (graceful shutdown).
    /// Alongside, runs the periodic jobs (`jobs::all`), each once-only across servers.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let runners: Vec<_> = jobs::all(&self.config)
            .into_iter()
            .map(|job| tokio::spawn(jobs::run_forever(job, self.pool.clone(), self.clock.clone())))
            .collect();
        let result = self.server.await;
        runners.iter().for_each(tokio::task::JoinHandle::abort);
        result
    }
}
