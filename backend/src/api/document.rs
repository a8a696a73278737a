//! What the OpenAPI document says beyond what each handler declares, added once the routes have
//! added their paths: protocol responses, links, `Page_X` items as references, and the rule that
//! no text holds U+0000.

use utoipa::openapi::{
    ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder, Schema,
    extensions::Extensions,
    link::LinkBuilder,
    schema::{ArrayBuilder, ArrayItems, KnownFormat, SchemaFormat, SchemaType, Type},
};

/// (source operation, status, target operations, whether the source answers an ETag).
type LinkTable = [(&'static str, &'static str, &'static [&'static str], bool)];
const ISSUE_OPERATIONS: &[&str] = &[
    "getIssue",
    "getIssueTimeline",
    "updateIssue",
    "transitionIssue",
    "addIssueProgress",
    "urgeIssue",
    "requestExtension",
    "decideExtension",
];
const LINKS: &LinkTable = &[
    ("createIssue", "201", ISSUE_OPERATIONS, true),
    ("getIssue", "200", &["updateIssue", "transitionIssue", "getIssueTimeline"], true),
    ("transitionIssue", "200", &["getIssue", "transitionIssue", "addIssueProgress"], true),
    ("createUnit", "201", &["updateUnit", "deleteUnit"], false),
    ("createUser", "201", &["getUser", "updateUser", "resetUserPassword", "unlockUser"], false),
    ("createApiKey", "201", &["revokeApiKey"], false),
    (
        "createWebhook",
        "201",
        &["getWebhook", "disableWebhook", "enableWebhook", "deleteWebhook", "listWebhookDeliveries"],
        false,
    ),
];

/// Completes the document once the routes have added their paths (the `#[openapi]` modifiers
/// run before that): declares on every operation the answers the HTTP layer gives before a
/// handler runs, so that no handler has to repeat them: 400 for a malformed query, path or
/// body, 401 on secured operations, 413 and 415 for request bodies, 422 for JSON bodies.
pub fn complete_document(openapi: &mut OpenApi) {
    if let Some(components) = openapi.components.as_mut() {
        complete_schemas(components);
    }
    for item in openapi.paths.paths.values_mut() {
        let ops = [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for op in ops.into_iter().flatten() {
            add_common_answers(op);
            add_links(op);
        }
    }
}

fn complete_schemas(components: &mut utoipa::openapi::Components) {
    // utoipa inlines a generic's argument: `Page_X.items` refers to `X` instead, so that a
    // client generator sees one type per resource.
    let names: Vec<String> = components.schemas.keys().cloned().collect();
    for name in &names {
        let Some(item) = name.strip_prefix("Page_").filter(|item| names.iter().any(|n| n == item)) else {
            continue;
        };
        if let Some(RefOr::T(Schema::Object(page))) = components.schemas.get_mut(name) {
            page.properties.insert(
                "items".to_owned(),
                RefOr::T(Schema::Array(ArrayBuilder::new().items(Ref::from_schema_name(item)).build())),
            );
        }
    }
    components.schemas.values_mut().for_each(forbid_nul);
    // What a caller gets depends on who it is, not on a tag in the body: the staff's and the
    // public views (and an empty page of either) can look alike, so the union is `anyOf`.
    for name in ["IssueView", "IssuePageView"] {
        if let Some(RefOr::T(Schema::OneOf(one))) = components.schemas.get(name) {
            let mut any = utoipa::openapi::schema::AnyOf::new();
            any.items = one.items.clone();
            any.description = one.description.clone();
            components.schemas.insert(name.to_owned(), RefOr::T(Schema::AnyOf(any)));
        }
    }
}

/// The answers the HTTP layer gives before a handler runs, and the NUL exclusion of the
/// operation's own parameters and bodies.
fn add_common_answers(op: &mut utoipa::openapi::path::Operation) {
    for parameter in op.parameters.iter_mut().flatten() {
        parameter.schema.iter_mut().for_each(forbid_nul);
    }
    for content in op.request_body.iter_mut().flat_map(|b| b.content.values_mut()) {
        content.schema.iter_mut().for_each(forbid_nul);
    }
    let body = op.request_body.as_ref();
    let json_body = body.is_some_and(|b| b.content.contains_key("application/json"));
    let has_body = body.is_some();
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut add = |status: &str, description: &str| {
        op.responses.responses.entry(status.to_owned()).or_insert_with(|| problem(description).into());
    };
    // Every operation refuses an unknown query parameter (`api::query`).
    add("400", "请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析)");
    if secured {
        add("401", "未登录或令牌无效");
    }
    if has_body {
        add("413", "请求体过大");
    }
    if json_body {
        add("415", "请求体须为 JSON (Content-Type: application/json)");
        add("422", "字段有误 (如文本含空字符 U+0000)");
    }
}

fn problem(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
        )
        .build()
}

/// Links tell clients (and fuzzers) where a created resource's id leads.
fn add_links(op: &mut utoipa::openapi::path::Operation) {
    let source = op.operation_id.as_deref().unwrap_or_default().to_owned();
    for (from, status, targets, with_version) in LINKS {
        if *from != source {
            continue;
        }
        let Some(RefOr::T(response)) = op.responses.responses.get_mut(*status) else { continue };
        for target in *targets {
            // utoipa 5.5 serialises `Link::operation_id` as `operation_id`; OpenAPI says
            // `operationId`, so it is written through the flattened extensions instead.
            let mut link = LinkBuilder::new()
                .extensions(Some(Extensions::from_iter([("operationId", *target)])))
                .parameter("id", "$response.body#/id");
            if *with_version && matches!(*target, "updateIssue" | "transitionIssue") {
                link = link.parameter("If-Match", "$response.header.ETag");
            }
            response.links.insert((*target).to_owned(), link.build().into());
        }
    }
}

/// No stored text may contain U+0000 (PostgreSQL refuses it; `extract::parse_json` and the query
/// check answer 422/400): every free-text string says so with a pattern. Strings with a format
/// (ids, dates) or an enum are narrower already; `\S` ("not blank") keeps its meaning.
const NO_NUL: &str = "^[^\\u0000]*$";
// (`\S` alone would match U+0000 itself: the one required character is neither blank nor NUL.)
const NOT_BLANK_NO_NUL: &str = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$";

fn forbid_nul(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => {
            let is_string = match &object.schema_type {
                SchemaType::Type(t) => *t == Type::String,
                SchemaType::Array(types) => types.contains(&Type::String),
                SchemaType::AnyValue => false,
            };
            let free_text = matches!(object.format, None | Some(SchemaFormat::KnownFormat(KnownFormat::Password)))
                && object.enum_values.is_none();
            if is_string && free_text {
                match object.pattern.as_deref() {
                    None => object.pattern = Some(NO_NUL.to_owned()),
                    Some("\\S") => object.pattern = Some(NOT_BLANK_NO_NUL.to_owned()),
                    Some(_) => {}
                }
            }
            object.properties.values_mut().for_each(forbid_nul);
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                forbid_nul(items);
            }
        }
        Schema::OneOf(one) => one.items.iter_mut().for_each(forbid_nul),
        Schema::AllOf(all) => all.items.iter_mut().for_each(forbid_nul),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(forbid_nul),
        _ => {}
    }
}
