//! Attachments (附件): upload (multipart), list, download, withdraw.
//!
//! An upload is checked before its body is read (scope, who may add files, the limits), then
//! each `file` part is streamed to a temporary file through a size-limited reader while its
//! SHA-256 is computed, recognised by its content, put into the object store under its
//! content-addressed key, and recorded in one transaction. A failed upload removes the objects
//! it created that no file names.

use std::io::{Read, Write};

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, post, web};
use futures_util::StreamExt;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::api::common::BadFields;
use crate::{
    api::{common::IssueErrors, state::AppState},
    db::{AttachmentId, IssueId, MilestoneId, PaymentId, TransitionId},
    domain::{
        attachments::{self as rules, AttachmentKind, FileType, Sniffed},
        image_location,
    },
    error::{ApiError, Problem},
    service::{
        Context,
        attachments::{self, AddAttachments, AttachmentDto, AttachmentList, StoredFile, UploadLimits},
    },
    storage::{self, BlobStore},
};

/// Files one request may carry.
pub const MAX_FILES: usize = 20;
/// A text part (`kind`, `transition_id`, `payment_id`) longer than this is refused.
const MAX_TEXT_PART: usize = 100;

/// The form of an upload (`multipart/form-data`).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// What the files are evidence of.
    pub kind: AttachmentKind,
    /// A step of the problem's record the files belong to.
    pub transition_id: Option<TransitionId>,
    /// A payment record (还款记录) of the problem the files document (its 付款凭证).
    pub payment_id: Option<PaymentId>,
    /// One or more files: PDF, OFD, JPEG, PNG, DOCX or XLSX, recognised by their content.
    #[schema(value_type = Vec<String>, format = Binary, min_items = 1, max_items = 20)]
    pub file: Vec<String>,
}

/// One file part, spooled to disk.
struct Spooled {
    name: String,
    file: tempfile::NamedTempFile,
    size: u64,
    sha256: String,
    file_type: FileType,
}

struct Form {
    kind: Option<String>,
    transition_id: Option<String>,
    payment_id: Option<String>,
    files: Vec<Spooled>,
}

/// An id sent as a text part. A part sent is a value: an empty one is not a UUID either (the
/// schema's `format: uuid`), and only the hyphenated form (36 characters) is the schema's uuid
/// although the parser takes others.
fn uuid_part<T: std::str::FromStr>(part: Option<&str>, field: &str) -> Result<Option<T>, ApiError> {
    match part {
        None => Ok(None),
        Some(t) if t.len() == 36 => t.parse::<T>().map(Some).map_err(|_| ApiError::field(field, "不是有效的 UUID")),
        Some(_) => Err(ApiError::field(field, "不是有效的 UUID")),
    }
}

fn bad_form(detail: impl Into<String>) -> ApiError {
    ApiError::bad_request("invalid_multipart", detail)
}

fn unsupported(name: &str) -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_file_type",
        format!("文件「{name}」的类型不受支持: 仅接受 PDF、OFD、JPEG、PNG、DOCX、XLSX (按文件内容识别)"),
    )
    .with_extra("file_name", name)
}

/// Reads a text part (bounded).
async fn text_part(field: &mut actix_multipart::Field, name: &str) -> Result<String, ApiError> {
    let mut buf = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| bad_form(format!("表单读取失败: {e}")))?;
        buf.extend_from_slice(&chunk);
        if buf.len() > MAX_TEXT_PART {
            return Err(ApiError::field(name, format!("不能超过 {MAX_TEXT_PART} 个字节")));
        }
    }
    String::from_utf8(buf).map_err(|_| ApiError::field(name, "应为 UTF-8 文本"))
}

/// Streams a file part to a temporary file: at most `limit` bytes (413 naming the file past
/// it), hashed as it goes; then recognised by its content (415 naming the file).
async fn file_part(field: &mut actix_multipart::Field, name: String, limit: u64) -> Result<Spooled, ApiError> {
    let mut file = tempfile::NamedTempFile::new().map_err(ApiError::internal)?;
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(8);
    let mut size: u64 = 0;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| bad_form(format!("文件「{name}」读取失败: {e}")))?;
        size += chunk.len() as u64;
        if size > limit {
            return Err(attachments::too_large(&name, format!("单个文件不能超过 {} MB", limit / (1024 * 1024))));
        }
        if head.len() < 8 {
            head.extend(chunk.iter().take(8 - head.len()));
        }
        hasher.update(&chunk);
        // A chunk at a time into the page cache: the body is never held whole in memory.
        file.write_all(&chunk).map_err(ApiError::internal)?;
    }
    file.flush().map_err(ApiError::internal)?;
    let file_type = match rules::sniff(&head) {
        Sniffed::Known(t) => t,
        Sniffed::Zip => {
            let reopened = file.reopen().map_err(ApiError::internal)?;
            web::block(move || zip_type(reopened)).await?.ok_or_else(|| unsupported(&name))?
        }
        Sniffed::Unknown => return Err(unsupported(&name)),
    };
    Ok(Spooled { name, file, size, sha256: hex::encode(hasher.finalize()), file_type })
}

/// The photo rewritten without where it was taken (`domain::image_location`), its size and
/// SHA-256 those of what is stored; unchanged when it carries no location. A photo whose
/// structure cannot be followed is refused (415): its location could not be removed.
fn without_location(spooled: Spooled) -> Result<Spooled, ApiError> {
    let input = std::io::BufReader::new(spooled.file.reopen().map_err(ApiError::internal)?);
    let out = tempfile::NamedTempFile::new().map_err(ApiError::internal)?;
    let mut writer = HashingWriter { inner: std::io::BufWriter::new(out), hasher: Sha256::new(), size: 0 };
    let stripped = match spooled.file_type {
        FileType::Jpeg => image_location::strip_jpeg(input, &mut writer),
        _ => image_location::strip_png(input, &mut writer),
    };
    let stripped = match stripped {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData || e.kind() == std::io::ErrorKind::UnexpectedEof => {
            return Err(ApiError::new(
                actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unreadable_image",
                format!(
                    "文件「{}」的图片结构无法识别, 无法去除其中的拍摄位置: 请另存为 JPEG 或 PNG 后重新上传",
                    spooled.name
                ),
            )
            .with_extra("file_name", spooled.name.as_str()));
        }
        Err(e) => return Err(ApiError::internal(e)),
    };
    if !stripped.any() {
        return Ok(spooled);
    }
    let HashingWriter { inner, hasher, size } = writer;
    let file = inner.into_inner().map_err(|e| ApiError::internal(e.into_error()))?;
    Ok(Spooled { file, size, sha256: hex::encode(hasher.finalize()), ..spooled })
}

/// Hashes and counts what passes through to a file.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// OFD, DOCX or XLSX from a ZIP package's directory (its entries are not read).
fn zip_type(file: std::fs::File) -> Option<FileType> {
    let archive = zip::ZipArchive::new(file).ok()?;
    let names: Vec<String> = archive.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
    rules::zip_type(names.iter().map(String::as_str))
}

async fn read_form(req: &HttpRequest, payload: web::Payload, limits: UploadLimits) -> Result<Form, ApiError> {
    let mut multipart = Multipart::new(req.headers(), payload);
    let mut form = Form { kind: None, transition_id: None, payment_id: None, files: Vec::new() };
    let mut total: u64 = 0;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| bad_form(format!("请求应为 multipart/form-data 表单: {e}")))?;
        let part = field.name().unwrap_or_default().to_owned();
        match part.as_str() {
            "kind" => form.kind = Some(text_part(&mut field, "kind").await?),
            "transition_id" => form.transition_id = Some(text_part(&mut field, "transition_id").await?),
            "payment_id" => form.payment_id = Some(text_part(&mut field, "payment_id").await?),
            "file" => {
                if form.files.len() == MAX_FILES {
                    return Err(ApiError::field("file", format!("一次最多上传 {MAX_FILES} 个文件")));
                }
                let raw = field.content_disposition().and_then(|d| d.get_filename()).unwrap_or_default();
                let name = rules::clean_file_name(raw).ok_or_else(|| ApiError::field("file", "文件缺少文件名"))?;
                let mut spooled = file_part(&mut field, name, limits.max_file_bytes).await?;
                if limits.strip_image_location && matches!(spooled.file_type, FileType::Jpeg | FileType::Png) {
                    spooled = web::block(move || without_location(spooled)).await??;
                }
                total += spooled.size;
                if total > limits.remaining_bytes {
                    return Err(attachments::too_large(&spooled.name, "附件总量将超过上限".to_owned()));
                }
                form.files.push(spooled);
            }
            other => return Err(ApiError::field(other, "未知的表单字段")),
        }
    }
    Ok(form)
}

/// Puts the spooled files into the store; answers them as recorded files and the keys this
/// upload created.
fn store_files(store: &dyn BlobStore, files: &[Spooled]) -> Result<(Vec<StoredFile>, Vec<String>), ApiError> {
    let mut stored = Vec::new();
    let mut created = Vec::new();
    for f in files {
        let key = storage::object_key(&f.sha256);
        match store.put_file(&key, f.file.path()) {
            Ok(true) => created.push(key.clone()),
            Ok(false) => {}
            Err(e) => {
                remove_objects(store, &created);
                return Err(ApiError::internal(format!("storing {key}: {e}")));
            }
        }
        stored.push(StoredFile {
            file_name: f.name.clone(),
            file_type: f.file_type,
            size_bytes: f.size as i64,
            sha256: f.sha256.clone(),
            object_key: key,
        });
    }
    Ok((stored, created))
}

fn remove_objects(store: &dyn BlobStore, keys: &[String]) {
    for k in keys {
        if let Err(e) = store.delete(k) {
            log::warn!(key = k.as_str(); "could not remove an unused attachment object: {e}");
        }
    }
}

/// 上传附件
///
/// `multipart/form-data` with a `kind` and one or more `file` parts (at most 20), optionally a
/// `transition_id` of this problem and a `payment_id` of one of its payment records (the 付款凭证
/// of that 还款记录; 422 naming the field when it is another problem's). Files are recognised by their content: PDF, OFD, JPEG, PNG,
/// DOCX, XLSX; another type answers 415 naming the file, one over the size limits (per file,
/// per problem; 系统设置) 413 naming it. Identical content is stored once.
#[utoipa::path(
    tag = "issues",
    operation_id = "uploadAttachments",
    params(("id" = IssueId, Path, description = "问题 id")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "已上传", body = AttachmentList),
        (status = 400, description = "表单有误", body = Problem, content_type = "application/problem+json"),
        IssueErrors,
        (status = 413, description = "文件过大 (指明文件)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "文件类型不受支持 (指明文件)", body = Problem, content_type = "application/problem+json"),
        BadFields,
    ),
    security(("bearer_jwt" = [])),
)]
#[post("/issues/{id}/attachments")]
pub async fn upload_attachments(
    req: HttpRequest,
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    upload(req, state, cx, Owner::Issue(id.into_inner()), payload).await
}

/// What an upload adds files to.
pub enum Owner {
    Issue(IssueId),
    /// The caller's unit's coming submission for a milestone.
    Milestone(MilestoneId),
}

/// An upload: checked, streamed to the store, recorded; a failed one leaves no object behind.
pub async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    cx: Context,
    owner: Owner,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let owner = std::sync::Arc::new(owner);
    let limits = {
        let (cx, owner) = (cx.clone(), owner.clone());
        state
            .db(move |conn| match owner.as_ref() {
                Owner::Issue(id) => attachments::prepare_upload(conn, &cx, id),
                Owner::Milestone(id) => attachments::prepare_milestone_upload(conn, &cx, id),
            })
            .await?
    };
    let form = read_form(&req, payload, limits).await?;
    let kind = match form.kind.as_deref() {
        None => return Err(ApiError::field("kind", "请选择附件类别")),
        Some(k) => AttachmentKind::from_code(k).ok_or_else(|| {
            let codes: Vec<&str> = AttachmentKind::ALL.iter().map(|k| k.code()).collect();
            ApiError::field("kind", format!("取值不在允许范围内: {k:?}, 应为 {}", codes.join(", ")))
        })?,
    };
    let transition_id = uuid_part::<TransitionId>(form.transition_id.as_deref(), "transition_id")?;
    let payment_id = uuid_part::<PaymentId>(form.payment_id.as_deref(), "payment_id")?;
    if form.files.is_empty() {
        return Err(ApiError::field("file", "请选择要上传的文件"));
    }
    let store = state.storage.clone();
    let files = form.files;
    let (stored, created) = web::block(move || store_files(store.as_ref(), &files)).await??;
    let command = AddAttachments { kind, transition_id, payment_id, files: stored };
    let recorded = state
        .write(move |conn| match owner.as_ref() {
            Owner::Issue(id) => attachments::add(conn, &cx, id, command),
            Owner::Milestone(id) => attachments::add_to_milestone(conn, &cx, id, command),
        })
        .await;
    match recorded {
        Ok(items) => Ok(HttpResponse::Created().json(AttachmentList { items })),
        Err(e) => {
            // Nothing names the objects this upload created unless a concurrent upload of the
            // same content committed meanwhile: remove the others.
            if !created.is_empty() {
                let store = state.storage.clone();
                let orphans = state.db(move |conn| attachments::unreferenced(conn, &created)).await;
                if let Ok(orphans) = orphans {
                    let _ = web::block(move || remove_objects(store.as_ref(), &orphans)).await;
                }
            }
            Err(e)
        }
    }
}

/// 附件列表
///
/// The problem's files, oldest first; withdrawn files are listed with `withdrawn_at`.
#[utoipa::path(
    tag = "issues",
    operation_id = "listAttachments",
    params(("id" = IssueId, Path, description = "问题 id")),
    responses((status = 200, description = "附件", body = AttachmentList), IssueErrors),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/issues/{id}/attachments")]
pub async fn list_attachments(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<IssueId>,
) -> Result<HttpResponse, ApiError> {
    let list = state.db(move |conn| attachments::list(conn, &cx, &id)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DownloadQuery {
    /// `true`: always as a download (`attachment`), also for images and PDFs.
    pub download: Option<bool>,
}

/// `Content-Disposition` with the original name: an ASCII fallback in `filename` and the exact
/// name in `filename*` (RFC 6266, RFC 5987), so that a Chinese name survives and no character
/// of it can break out of the header.
pub fn content_disposition(inline: bool, name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' && c != '%' || c == ' ' { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// 下载附件
///
/// The bytes, with the type detected at upload and the original name in `Content-Disposition`
/// (`inline` for images and PDFs, which the browser shows itself; `attachment` otherwise or with
/// `?download=true`). A withdrawn file answers 410.
#[utoipa::path(
    tag = "issues",
    operation_id = "downloadAttachment",
    params(("id" = AttachmentId, Path, description = "附件 id"), DownloadQuery),
    responses(
        (status = 200, description = "文件内容 (按内容识别的类型)", content(
            (Vec<u8> = "application/pdf"),
            (Vec<u8> = "application/ofd"),
            (Vec<u8> = "image/jpeg"),
            (Vec<u8> = "image/png"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (Vec<u8> = "application/octet-stream"),
        )),
        (status = 403, description = "角色无权查看", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "附件不存在或不在数据范围内", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "附件已撤回", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = []), ("api_key" = ["issues:read"])),
)]
#[get("/attachments/{id}")]
pub async fn download_attachment(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<AttachmentId>,
    query: web::Query<DownloadQuery>,
) -> Result<HttpResponse, ApiError> {
    let d = state.db(move |conn| attachments::download(conn, &cx, &id)).await?;
    let store = state.storage.clone();
    let key = d.object_key.clone();
    let reader = web::block(move || store.open(&key)).await?.map_err(ApiError::internal)?;
    let inline = d.file_type.shown_inline() && !query.download.unwrap_or(false);
    let body = futures_util::stream::unfold(Some(reader), |reader| async move {
        let mut reader = reader?;
        let read = web::block(move || {
            let mut buf = vec![0u8; 64 * 1024];
            let n = reader.read(&mut buf)?;
            buf.truncate(n);
            Ok::<_, std::io::Error>((buf, reader))
        })
        .await;
        match read {
            Ok(Ok((buf, _))) if buf.is_empty() => None,
            Ok(Ok((buf, reader))) => Some((Ok(web::Bytes::from(buf)), Some(reader))),
            Ok(Err(e)) => Some((Err(e), None)),
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
        }
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, d.file_type.mime()))
        .insert_header((header::CONTENT_DISPOSITION, content_disposition(inline, &d.file_name)))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header((header::ETAG, format!("\"{}\"", d.sha256)))
        .body(actix_web::body::SizedStream::new(d.size_bytes.max(0) as u64, body)))
}

/// 撤回附件
///
/// By its uploader while the problem is in their hands and before the file became part of a
/// step (a submission, a verification). The file stays listed as withdrawn; its bytes are no
/// longer served.
#[utoipa::path(
    tag = "issues",
    operation_id = "withdrawAttachment",
    params(("id" = AttachmentId, Path, description = "附件 id")),
    responses(
        (status = 200, description = "已撤回", body = AttachmentDto),
        (status = 403, description = "不能撤回", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "附件不存在或不在数据范围内", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "已撤回", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer_jwt" = [])),
)]
#[delete("/attachments/{id}")]
pub async fn withdraw_attachment(
    state: web::Data<AppState>,
    cx: Context,
    id: web::Path<AttachmentId>,
) -> Result<HttpResponse, ApiError> {
    let (dto, unused) = state.write(move |conn| attachments::withdraw(conn, &cx, &id)).await?;
    if let Some(key) = unused {
        let store = state.storage.clone();
        let _ = web::block(move || remove_objects(store.as_ref(), &[key])).await;
    }
    Ok(HttpResponse::Ok().json(dto))
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(upload_attachments).service(list_attachments).service(download_attachment).service(withdraw_attachment);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_encoded_safely() {
        assert_eq!(
            content_disposition(true, "回单.pdf"),
            "inline; filename=\"__.pdf\"; filename*=UTF-8''%E5%9B%9E%E5%8D%95.pdf"
        );
        let h = content_disposition(false, "a\"b\\c; x=%.pdf");
        assert_eq!(h, "attachment; filename=\"a_b_c; x=_.pdf\"; filename*=UTF-8''a%22b%5Cc%3B%20x%3D%25.pdf");
        assert!(actix_web::http::header::HeaderValue::from_str(&h).is_ok());
    }
}
