//! Exports of the ledger (XLSX, CSV). The rows are written as they are read and streamed to the
//! client as they are written: memory stays one page whatever the size. At most
//! `LVYUE_EXPORT_CONCURRENCY` run at once; beyond that, 503 with `Retry-After`.

use std::io::Write;

use actix_web::{HttpResponse, get, http::StatusCode, http::header, web};
use tokio::sync::mpsc;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    api::{
        common::FileBytes,
        issues::{IssueListQuery, list_filter},
        state::AppState,
    },
    error::ApiError,
    service::{
        Context,
        exports::{self, ExportFormat},
    },
    spreadsheet,
    store::issues::Sort,
};

/// Bytes handed to the response at a time; the channel holds a few such chunks, which bounds
/// what a slow client can make the server buffer.
const CHUNK: usize = 64 * 1024;

/// A `Write` that sends what is written to the response body, a chunk at a time, waiting while
/// the client is slow. Fails once the client has gone, which ends the export.
struct BodyWriter {
    tx: mpsc::Sender<Result<web::Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl BodyWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = web::Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for BodyWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

impl Drop for BodyWriter {
    fn drop(&mut self) {
        let _ = self.send();
    }
}

fn busy() -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "exports_busy", "导出任务较多, 请稍后重试")
        .with_header(header::RETRY_AFTER, "10")
}

async fn export(
    state: web::Data<AppState>,
    cx: Context,
    query: IssueListQuery,
    format: ExportFormat,
) -> Result<HttpResponse, ApiError> {
    let permit = state.exports.clone().try_acquire_owned().map_err(|_| busy())?;
    let filter = list_filter(&query)?;
    let sort = query.sort.unwrap_or(Sort::NumberAsc);
    let date = cx.clock.now_utc().with_timezone(&chrono_tz::Asia::Shanghai).format("%Y%m%d").to_string();
    let writer_cx = cx.clone();
    let plan = state.write(move |conn| exports::prepare(conn, &cx, filter, sort, format)).await?;
    let total = plan.total;
    let (tx, mut rx) = mpsc::channel(4);
    let pool = state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let failure = tx.clone();
        let result = pool
            .get()
            .map_err(ApiError::from)
            .and_then(|mut conn| exports::write(&mut conn, &plan, BodyWriter { tx, buf: Vec::with_capacity(CHUNK) }));
        if let Err(e) = result {
            // The body is already under way: the client sees a broken download, the log why.
            log::error!("export for {} failed: {e}", writer_cx.principal.username);
            let _ = failure.blocking_send(Err(std::io::Error::other("export failed")));
        }
    });
    let body = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let (mime, ext) = match format {
        ExportFormat::Xlsx => (spreadsheet::XLSX_MIME, "xlsx"),
        ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime))
        .insert_header(("X-Total-Count", total.to_string()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            spreadsheet::attachment(&format!("issues-{date}.{ext}"), &format!("问题排查及整改清单-{date}.{ext}")),
        ))
        .streaming(body))
}

crate::api::common::refusals! {
    /// What an export of the list can be refused with.
    ExportRefusals {
        Forbidden = (403, "角色无权导出"),
        BadQuery = (422, "查询参数有误"),
        Busy = (503, "导出任务较多, 稍后重试 (见 Retry-After)"),
    }
}

/// 导出问题清单 (XLSX)
///
/// The 问题排查及整改清单 with the list's filters, in the caller's data scope: a title row
/// (campaign, filters, export time), frozen header, money in yuan, red/yellow warning fills.
/// Text that a spreadsheet would take for a formula is neutralised. Audited. Streamed as it is
/// written; at most a few exports run at once (503 with `Retry-After` beyond).
#[utoipa::path(
    tag = "exports",
    operation_id = "exportIssuesXlsx",
    params(IssueListQuery),
    responses(
        (status = 200, description = "XLSX 工作簿", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes),
        ExportRefusals,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/exports/issues.xlsx")]
pub async fn export_xlsx(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<IssueListQuery>,
) -> Result<HttpResponse, ApiError> {
    export(state, cx, query.into_inner(), ExportFormat::Xlsx).await
}

/// 导出问题清单 (CSV)
///
/// The same columns as the workbook, UTF-8 with BOM so that Excel opens it.
#[utoipa::path(
    tag = "exports",
    operation_id = "exportIssuesCsv",
    params(IssueListQuery),
    responses(
        (status = 200, description = "CSV (UTF-8, 带 BOM)", content_type = "text/csv", body = String),
        ExportRefusals,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/exports/issues.csv")]
pub async fn export_csv(
    state: web::Data<AppState>,
    cx: Context,
    query: web::Query<IssueListQuery>,
) -> Result<HttpResponse, ApiError> {
    export(state, cx, query.into_inner(), ExportFormat::Csv).await
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(export_xlsx).service(export_csv);
}
