//! 节点报送: the milestone board, filing a submission (with its files), and the office's review.
//! The use cases are `service::milestones`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::api::common::{BadFields, MilestoneNotFound};
use crate::{
    api::{
        attachments::{self as files, Owner, UploadForm},
        extract::ApiJson,
        state::AppState,
    },
    db::{MilestoneId, SubmissionId},
    error::{ApiError, Problem},
    service::{
        Context,
        attachments::AttachmentList,
        milestones::{
            self, AcceptSubmission, MilestoneBoard, ReturnSubmission, Review, SubmissionDto, SubmitMilestone,
        },
    },
};

/// 报送情况
///
/// The milestone board: each unit the milestone asks (each work group's lead unit, or its member
/// units too) with its status from its latest submission — `missing`, `submitted`, `late`
/// (filed after the due date, waiting), `returned` or `accepted` — whether it is overdue, the
/// reminders it was sent, and its submissions. The office and leaders see every unit; a group
/// lead its groups; a unit itself.
#[utoipa::path(
    tag = "reports",
    operation_id = "milestoneBoard",
    params(("id" = MilestoneId, Path, description = "节点 id")),
    responses(
        (status = 200, description = "报送情况", body = MilestoneBoard),
        (status = 403, description = "角色无权查看", body = Problem, content_type = "application/problem+json"),
        MilestoneNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/milestones/{id}/submissions")]
pub async fn milestone_board(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<MilestoneId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let board = state.db(move |conn| milestones::board(conn, &cx, &id)).await?;
    Ok(HttpResponse::Ok().json(board))
}

/// 报送
///
/// Files the caller's unit's submission: a summary, the problems it covers (each one the caller
/// may see; a 自查清单 lists at least one unless it is a 零报告, which lists none) and files
/// uploaded for it first (`POST /milestones/{id}/attachments`). Filed after the due date it is
/// `late`. Only while the campaign is open (409), once unless the office returned it (409).
/// Audited; the office is notified.
#[utoipa::path(
    tag = "reports",
    operation_id = "submitMilestone",
    params(("id" = MilestoneId, Path, description = "节点 id")),
    request_body = SubmitMilestone,
    responses(
        (status = 201, description = "已报送", body = SubmissionDto),
        (status = 403, description = "该节点不需要您报送", body = Problem, content_type = "application/problem+json"),
        MilestoneNotFound,
        (status = 409, description = "专项行动未开启或已结束; 已报送待审核或已通过", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段有误 (指明字段)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/milestones/{id}/submissions")]
pub async fn submit_milestone(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<MilestoneId>,
    body: ApiJson<SubmitMilestone>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let filed = state.write(move |conn| milestones::submit(conn, &cx, &id, body.0)).await??;
    Ok(HttpResponse::Created().json(filed))
}

/// 上传报送附件
///
/// Files for the caller's unit's coming submission (the same form as a problem's upload, without
/// `transition_id` and `payment_id`): they wait, readable by the unit, until a submission names
/// them in `attachment_ids`.
#[utoipa::path(
    tag = "reports",
    operation_id = "uploadMilestoneAttachments",
    params(("id" = MilestoneId, Path, description = "节点 id")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "已上传", body = AttachmentList),
        (status = 400, description = "表单有误", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "该节点不需要您报送", body = Problem, content_type = "application/problem+json"),
        MilestoneNotFound,
        (status = 409, description = "专项行动未开启或已结束", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "文件过大 (指明文件)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "文件类型不受支持 (指明文件)", body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/milestones/{id}/attachments")]
pub async fn upload_milestone_attachments(
    req: HttpRequest,
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<MilestoneId>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    files::upload(req, state, cx, Owner::Milestone(id.into_inner()), payload).await
}

/// 待报送附件
///
/// The files the caller's unit uploaded for the milestone that no submission names yet.
#[utoipa::path(
    tag = "reports",
    operation_id = "listMilestoneAttachments",
    params(("id" = MilestoneId, Path, description = "节点 id")),
    responses(
        (status = 200, description = "待报送附件", body = AttachmentList),
        (status = 403, description = "角色无权报送", body = Problem, content_type = "application/problem+json"),
        MilestoneNotFound,
    ),
    security(("bearer_jwt" = [])),
)]
#[get("/milestones/{id}/attachments")]
pub async fn list_milestone_attachments(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<MilestoneId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let items = state.db(move |conn| milestones::waiting_files(conn, &cx, &id)).await?;
    Ok(HttpResponse::Ok().json(AttachmentList { items }))
}

/// 报送通过
///
/// Office only: accepts a waiting submission (409 once reviewed). Audited; the unit is told.
#[utoipa::path(
    tag = "reports",
    operation_id = "acceptSubmission",
    params(("id" = SubmissionId, Path, description = "报送 id")),
    request_body = AcceptSubmission,
    responses(
        (status = 200, description = "已通过", body = SubmissionDto),
        (status = 403, description = "只有综合办公室可以审核报送", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "报送不存在", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "已审核", body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/milestone-submissions/{id}/accept")]
pub async fn accept_submission(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<SubmissionId>,
    body: ApiJson<AcceptSubmission>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let cmd = Review::Accept(body.0);
    let reviewed = state.write(move |conn| milestones::review(conn, &cx, &id, cmd)).await??;
    Ok(HttpResponse::Ok().json(reviewed))
}

/// 报送退回
///
/// Office only: returns a waiting submission with the reason; the unit files again. Audited; the
/// unit is told.
#[utoipa::path(
    tag = "reports",
    operation_id = "returnSubmission",
    params(("id" = SubmissionId, Path, description = "报送 id")),
    request_body = ReturnSubmission,
    responses(
        (status = 200, description = "已退回", body = SubmissionDto),
        (status = 403, description = "只有综合办公室可以审核报送", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "报送不存在", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "已审核", body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/milestone-submissions/{id}/return")]
pub async fn return_submission(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<SubmissionId>,
    body: ApiJson<ReturnSubmission>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let cmd = Review::Return(body.0);
    let reviewed = state.write(move |conn| milestones::review(conn, &cx, &id, cmd)).await??;
    Ok(HttpResponse::Ok().json(reviewed))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(milestone_board)
        .service(submit_milestone)
        .service(upload_milestone_attachments)
        .service(list_milestone_attachments)
        .service(accept_submission)
        .service(return_submission);
}
