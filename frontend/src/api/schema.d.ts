/**
 * GENERATED from openapi/openapi.json by `npm run gen:api` (openapi-typescript). Do not edit:
 * change the backend, regenerate the spec (`make openapi`), then run `npm run gen:api`.
 * `npm run check:api` (part of `npm run test:unit`) fails when this file is stale.
 */

export interface paths {
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API 密钥列表
         * @description Every key issued, newest first, with its scopes and when it was last used; the secret itself is never shown again.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * 签发 API 密钥
         * @description The answer carries the secret once; it cannot be shown again.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 吊销 API 密钥
         * @description The key stops working at once; revoking is recorded in the audit trail and cannot be undone.
         */
        post: operations["revokeApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/attachments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 下载附件
         * @description The bytes, with the type detected at upload and the original name in `Content-Disposition`
         *     (`inline` for images and PDFs, which the browser shows itself; `attachment` otherwise or with
         *     `?download=true`). A withdrawn file answers 410.
         */
        get: operations["downloadAttachment"];
        put?: never;
        post?: never;
        /**
         * 撤回附件
         * @description By its uploader while the problem is in their hands and before the file became part of a
         *     step (a submission, a verification). The file stays listed as withdrawn; its bytes are no
         *     longer served.
         */
        delete: operations["withdrawAttachment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 审计日志
         * @description Newest first.
         */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 审计链完整性校验
         * @description Recomputes every record's chain value (HMAC-SHA256 under the audit key; plain SHA-256 for the
         *     records of earlier releases) and link, and compares them with the signed checkpoints; names
         *     the first record that was altered or removed. `checked_against` says whether the key was at
         *     hand (without it, keyed records are checked for structure only) and how many checkpoints.
         */
        get: operations["verifyAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 登录
         * @description Unknown users and wrong passwords answer identically and take the same time, at every
         *     count. Failed sign-ins are counted per client address and per (address, account name): past
         *     the limits (settings `auth.login_failures_per_account`, `auth.login_failures_per_address`)
         *     the address waits before it may try again, doubling with each further failure (429 with
         *     `Retry-After`; the password is not checked meanwhile). No account is ever locked, so nobody
         *     at another address is kept out. Requests per address per minute are limited too
         *     (`auth.login_requests_per_minute`, 429). An account created or reset by an administrator
         *     signs in with `must_change_password: true` and can do nothing but change its password.
         *
         *     An account with a second factor (TOTP) gets no tokens for the password alone: the answer is
         *     202 with a `challenge` (good for 5 minutes) to complete at `/auth/login/totp` with a code.
         *     An account whose roles require a second factor it has not set up (the three administrators
         *     always; business roles listed in `auth.totp_required_roles`) signs in with
         *     `must_enroll_totp: true` and can do nothing but enrol (`/auth/totp/enrollment`).
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 登录: 两步验证
         * @description Completes a sign-in that `/auth/login` answered with a challenge: `code` is the 6 digits the
         *     authenticator shows (each code is accepted once; one step of clock skew either way is
         *     allowed) or one of the account's recovery codes (each good once). A wrong, reused or spent
         *     code counts as a failed sign-in of the account at this address, with the same limits and
         *     waits as wrong passwords (429 with `Retry-After`), and is audited (`auth.login_totp`).
         */
        post: operations["loginTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 退出登录
         * @description Ends the session of the access token: its refresh token and every access token of the
         *     session stop working at once.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 当前用户
         * @description The signed-in user: unit, roles with their groups, and the permissions they give.
         */
        get: operations["me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 修改密码
         * @description Checks the current password and the password policy; clears the forced change after a reset.
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 刷新令牌 (轮换)
         * @description Exchanges a refresh token for a new access token and a new refresh token; the old one is
         *     used up. Presenting a used-up token again (a stolen copy) ends the whole session.
         */
        post: operations["refreshToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/totp/confirmation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 确认两步验证
         * @description Confirms the secret from `/auth/totp/enrollment` with the code the authenticator shows now;
         *     from then on the account signs in with a code after its password. Answers the ten one-time
         *     recovery codes, shown only this once (stored hashed).
         */
        post: operations["confirmTotpEnrollment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/totp/enrollment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 开始设置两步验证
         * @description A new TOTP secret for the caller, with the `otpauth://` URI an authenticator app reads (the
         *     SPA shows it as a QR code). Not in force until confirmed with a first code at
         *     `/auth/totp/confirmation`; asking again replaces an unconfirmed secret. Allowed while the
         *     account must still enrol or change its password. Refused once a factor is confirmed: the
         *     security administrator resets it first.
         */
        post: operations["startTotpEnrollment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 节假日日历
         * @description The year's exceptions to the Monday-to-Friday week, in date order: `holiday` (放假) and
         *     `workday` (调休上班). Deadline warnings count `LVYUE_WARNING_DAYS` in working days over them.
         */
        get: operations["listCalendar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendar/{day}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * 设置节假日或调休
         * @description Creates or replaces one day's exception (system administrator). A `workday` must be a
         *     Saturday or Sunday, a `holiday` a weekday. Audited (`calendar.set`).
         */
        put: operations["setCalendarDay"];
        post?: never;
        /**
         * 删除节假日或调休
         * @description The day follows the Monday-to-Friday week again (system administrator). Audited.
         */
        delete: operations["deleteCalendarDay"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 专项行动列表
         * @description Campaigns with their phases and milestones, newest first; the milestone due next is marked.
         */
        get: operations["listCampaigns"];
        put?: never;
        /**
         * 新建专项行动
         * @description Office only. Created in 筹备 (`draft`) with its phases and milestones; the code is used in
         *     problem numbers (`LY2025-00001`, a gap-free sequence per campaign). Audited.
         */
        post: operations["createCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 编辑专项行动
         * @description Office only. Name, dates and milestones of a campaign in 筹备 or 进行中 (the code never
         *     changes: numbers carry it). `milestones` is the whole list: items with an `id` keep that
         *     milestone and its submissions, items without are new, one left out is removed unless units
         *     have filed or uploaded for it (409 `milestone_in_use`). A closed campaign, or the standing one,
         *     is not edited (409 `campaign_state`). Audited.
         */
        patch: operations["updateCampaign"];
        trace?: never;
    };
    "/api/v1/campaigns/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 结束专项行动
         * @description Office only. Nothing new joins it (until a campaign is opened, new problems join the
         *     standing 常态化监测 campaign); today's figures are frozen in its snapshot; with `carry_over`
         *     its problems not yet closed move to the standing campaign, keeping their numbers and history.
         */
        post: operations["closeCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/milestones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 专项行动节点
         * @description The campaign's milestones by due date, each with what it asks for (`deliverable`) and whether
         *     it is past, next or upcoming.
         */
        get: operations["listCampaignMilestones"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/open": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 开启专项行动
         * @description Office only. From now on new problems join it (numbered in its sequence); only one campaign is
         *     open at a time (409 `campaign_open` names the open one), the standing 常态化监测 campaign aside.
         */
        post: operations["openCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns/{id}/summary.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 总结报表 (XLSX)
         * @description A closed campaign's workbook: the dispatch workbook's sheets (节点报送 included) for the day it
         *     closed, from the snapshot frozen at closing, so it never changes; rows of the caller's data
         *     scope. 409 until the campaign has closed. Audited.
         */
        get: operations["campaignSummaryReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 服务目录
         * @description The categories a problem may be registered under, with their problem types and the work
         *     group handling each (like Open311's `services`). Readable with any API key.
         */
        get: operations["getServiceCatalogue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dictionaries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 数据字典
         * @description Categories, problem types, sources and arrear objects with their Chinese labels, for pickers
         *     and for checking codes before an import.
         */
        get: operations["getDictionaries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dictionaries/{kind}/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * 新增或修改字典项
         * @description `kind` is `category`, `problem_type`, `source` or `arrear_object`. Codes are permanent
         *     (problems refer to them); deactivate an item instead of removing it. With
         *     `If-None-Match: *` the call only creates: an existing code answers 412 and is left as it is
         *     (two administrators adding the same code cannot overwrite each other).
         */
        put: operations["putDictionaryItem"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exports/issues.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 导出问题清单 (CSV)
         * @description The same columns as the workbook, UTF-8 with BOM so that Excel opens it.
         */
        get: operations["exportIssuesCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exports/issues.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 导出问题清单 (XLSX)
         * @description The 问题排查及整改清单 with the list's filters, in the caller's data scope: a title row
         *     (campaign, filters, export time), frozen header, money in yuan, red/yellow warning fills.
         *     Text that a spreadsheet would take for a formula is neutralised. Audited. Streamed as it is
         *     written; at most a few exports run at once (503 with `Retry-After` beyond).
         */
        get: operations["exportIssuesXlsx"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 工作组列表
         * @description The 综合办公室 and the five work groups (一办五组) with their lead and member units.
         */
        get: operations["listGroups"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改工作组 (名称、牵头单位、配合单位)
         * @description System administrators only; every change is audited with its before and after.
         */
        patch: operations["updateGroup"];
        trace?: never;
    };
    "/api/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 批量导入问题清单
         * @description The body is the file itself: `application/json` (an array of objects with the API field
         *     names), `text/csv` (UTF-8 with or without BOM, or GBK/GB18030 as WPS and Chinese Excel save
         *     it), an XLSX workbook or an Excel 97-2003 `.xls` (the first visible sheet).
         *
         *     Files are read as clerks make them: the header is found among the first 10 rows (titles,
         *     `填报单位：…` notes and blank rows above it are skipped and listed in `skipped_rows`; a header
         *     over two rows is read with its merged cells); column names are compared without spaces,
         *     line breaks, `*` markers or trailing colons and with full-width brackets folded, and known
         *     synonyms are accepted (`企业名称` for 涉及企业, `完成时限` for 整改时限…; `columns` says how each
         *     column was read). An amount column's unit comes from its header (`（元）`, `（千元）`,
         *     `（万元）`, or a `单位：万元` line above the table) and is converted exactly to fen; values may
         *     carry `¥`, thousands separators and `万`/`元` suffixes; a spreadsheet number with float noise
         *     is rounded to fen with a warning. An amount column in a unit that cannot be read is refused
         *     naming the column (422 `unknown_amount_unit`). 合计/小计 rows, notes under the table and the
         *     template's example row are skipped and listed; blank rows are counted. Columns the system
         *     knows but this import does not set (整改时限, 责任单位, 状态 … from an export) are listed as
         *     `not_applicable` with the reason; a row whose 编号 is a problem already registered is listed
         *     in `skipped_rows`, not imported again.
         *
         *     Limits, each answered 413 with `code` and `limit` naming it: 20 MB body, 50,000 data rows
         *     (the reading stops at row 50,001), 200 columns, and for workbooks the unzipped size (100 MB),
         *     the sheet's declared and real extent, the shared strings and the text copied (20 MB). At
         *     most `LVYUE_MAX_IMPORTS` files (default 2) are read at once: more answer 503 with
         *     `Retry-After`. A file that cannot be read answers 422 and writes nothing. Row problems are
         *     reported in `errors` with the row number as the file shows it and the offending cell's
         *     `value`; a real import lists the problems it created in `created_problems`.
         *
         *     `mode=migrate` (迁移导入, office only, all or nothing) brings in a ledger already in progress:
         *     each row carries its 状态 (自查/交办/整改/核查/销号 or the state codes) and the fields the
         *     lifecycle requires in that state (交办 and later: 责任单位 and 整改时限, which may lie in the
         *     past; 整改 and later: 整改措施; 销号: 销号日期), with 配合单位, 责任领导, 责任人 and 已化解金额
         *     optional. Each problem gets a new number in the campaign's sequence, its state directly, a
         *     timeline entry `migrate` (迁移导入) naming the importing user and `file_name`, and one audit
         *     record (`issue.migrate`, by a system actor naming the user); no notification or webhook is
         *     sent, and the problem is flagged as migrated (left out of event-based scores). The old 编号
         *     (else 来源编号, one of them required) becomes `source_ref`: re-importing the file creates
         *     nothing (changed rows are listed in `skipped_rows`, not applied). Other callers get 403,
         *     recorded in the audit trail.
         */
        post: operations["importIssues"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/columns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 导入模板的列
         * @description The template's columns in order, with the field names row errors use: what a client needs to
         *     build a file or to show a dry run's errors at their columns.
         */
        get: operations["importColumns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/template.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 导入模板 (XLSX)
         * @description The headers, drop-downs for category, problem type, source and reporting unit, one example
         *     row (skipped on import), and a second sheet explaining each column.
         */
        get: operations["importTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 集成客户端列表
         * @description Every client with its keys (without secrets), by name.
         */
        get: operations["listIntegrationClients"];
        put?: never;
        /**
         * 新建集成客户端
         * @description A named integration owning a source (a code of the `source` dictionary that no other client
         *     owns). Its keys see every problem any of its keys registered.
         */
        post: operations["createIntegrationClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration-clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 集成客户端详情
         * @description One integration client with its source and every key it has had (revoked ones included), so
         *     that a rotation can be followed.
         */
        get: operations["getIntegrationClient"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration-clients/{id}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 签发客户端密钥
         * @description A new key of the client; the answer carries the secret once. Rotation: issue a new key, then
         *     revoke the old one (`POST /api-keys/{id}/revoke`); the new key sees everything the old one
         *     registered.
         */
        post: operations["createIntegrationClientKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration-clients/{id}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 客户端的 Webhook
         * @description The client's webhooks, oldest first, each with its health (last success and failure, failed
         *     attempts since the last success, deliveries pending and failed). Secrets are never shown.
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * 新建 Webhook
         * @description From now on, every event of the problems the client's keys registered whose kind is in
         *     `events` (`["*"]`: all) is POSTed to `url` as JSON `{delivery_id, event, seq, occurred_at,
         *     data}` with the headers `X-Lvyue-Event`, `X-Lvyue-Delivery` (the receiver's deduplication
         *     key), `X-Lvyue-Timestamp` (seconds since the epoch) and `X-Lvyue-Signature: sha256=<hex
         *     HMAC-SHA256 of "{timestamp}." + body under the secret>`. Events of one problem arrive in
         *     order; a failed delivery (no 2xx answer within the timeout; redirects are not followed) is
         *     retried with exponential backoff for 24 hours. Internal addresses are refused unless the
         *     operator allowed them (`LVYUE_WEBHOOK_ALLOW`).
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 问题列表
         * @description Only the problems in the caller's data scope. Phones are masked.
         */
        get: operations["listIssues"];
        put?: never;
        /**
         * 登记问题 (自查登记 / 线索登记)
         * @description The office registers problems from any source; a unit registers the problems it found
         *     itself (`self_inspection`), for its own unit. The group defaults from the category. An
         *     integration's key re-pushing a reference its client registered answers 200: unchanged, or
         *     with a 补充材料 timeline entry naming the changed fields; a person's re-push answers 409.
         */
        post: operations["createIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/batch/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 批量交办
         * @description Assigns each listed problem (at most 200) as `POST /issues/{id}/transitions` with
         *     `action: assign` would, with the same fields for all, each in its own transaction: checked,
         *     notified and audited one by one. The answer is 200 with one row per problem, in the order
         *     asked — `ok`, the `status` the single action would have answered, the new `state` and
         *     `version`, or its problem document (`error`): 403 not the caller's to assign, 404 not
         *     visible to the caller (no number given), 409 wrong state, 412 the item's `version` is
         *     stale, 422 a field refused for that problem. One refused problem does not stop the others.
         */
        post: operations["batchAssignIssues"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/batch/urge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 批量催办
         * @description Urges each listed problem (at most 200) with the same message, as `POST /issues/{id}/urge`
         *     would, each in its own transaction: the responsible unit is notified once per problem and
         *     each urge is audited. The answer is 200 with one row per problem (`status` 201 when urged,
         *     else the single action's error: 403, 404 without the number, 409 not being handled, 422).
         */
        post: operations["batchUrgeIssues"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/by-ref": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 按来源编号查询问题
         * @description For integrations that registered a problem with their own reference.
         */
        get: operations["getIssueByRef"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 问题详情
         * @description 404 also when the problem exists outside the caller's scope. The ETag carries the version
         *     for `If-Match`.
         */
        get: operations["getIssue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改问题
         * @description Requires `If-Match` with the ETag of the last read: 428 without it, 412 when someone changed
         *     the problem since. Each field must be in the caller's `editable_fields` (403 naming it).
         */
        patch: operations["updateIssue"];
        trace?: never;
    };
    "/api/v1/issues/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 附件列表
         * @description The problem's files, oldest first; withdrawn files are listed with `withdrawn_at`.
         */
        get: operations["listAttachments"];
        put?: never;
        /**
         * 上传附件
         * @description `multipart/form-data` with a `kind` and one or more `file` parts (at most 20), optionally a
         *     `transition_id` of this problem and a `payment_id` of one of its payment records (the 付款凭证
         *     of that 还款记录; 422 naming the field when it is another problem's). Files are recognised by their content: PDF, OFD, JPEG, PNG,
         *     DOCX, XLSX; another type answers 415 naming the file, one over the size limits (per file,
         *     per problem; 系统设置) 413 naming it. Identical content is stored once.
         */
        post: operations["uploadAttachments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}/extension-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 申请延期
         * @description By the responsible unit while the problem is assigned or rectifying and before its deadline
         *     has passed; one open request at a time. The deadline changes only on approval.
         */
        post: operations["requestExtension"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}/extension-requests/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 审批延期申请
         * @description The office or the group's lead approves (the deadline becomes the requested one) or refuses.
         */
        post: operations["decideExtension"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}/facts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * 修改欠款事实
         * @description 应付金额, 欠款主体 and its nature, 约定付款日期 (账龄 counts from it), 有无分歧 (a note required
         *     when disputed); the contract, agreement, policy or fund (name, number or 文号, date), the
         *     contract amount, the enterprise's size and ownership, a promise's content, lawfulness (是否依法依规)
         *     and the pretext given, a policy's issuing level — replaced as a whole. Who: whoever may edit the description or record
         *     payments. Requires `If-Match` (428 without, 412 when stale); answers the problem with its
         *     `facts` and `amount_due_fen`.
         */
        put: operations["putIssueFacts"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 还款记录
         * @description Every record, oldest first, with the sums: resolved (the problem's `amount_resolved_fen`),
         *     paid and 协商减免 apart, and what is still outstanding.
         */
        get: operations["listIssuePayments"];
        put?: never;
        /**
         * 登记还款 / 冲正
         * @description By the responsible unit while rectifying, or by the office in any state but 不予立项 (also
         *     while verifying and after closure). A payment has a positive amount and a `method`; a
         *     correction (冲正) a negative one, `corrects` naming the record it reverses (once, at most its
         *     amount) and a `note` saying why. Taking the total over the amount due needs
         *     `confirm_overpayment: true`. Records are never changed or deleted (PUT/PATCH/DELETE: 405).
         */
        post: operations["recordIssuePayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 报送整改进展
         * @description By the responsible or a cooperating unit while rectifying; never changes the state. Money
         *     is recorded as payments (`POST …/payments`): an `amount_resolved_fen` here answers 422.
         */
        post: operations["addIssueProgress"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}/repayment-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 还款计划
         * @description The current version (or `version`), each instalment with what the payments under it gave
         *     it and its status (`paid`, `partly_paid`, `due`, `missed`), and the list of versions. 404
         *     when the problem has no plan.
         */
        get: operations["getRepaymentPlan"];
        /**
         * 制定/调整还款计划
         * @description Instalments in date order adding up to what is outstanding now (due less resolved). Each PUT
         *     makes a new current version; earlier versions stay readable (`GET …?version=N`). Payments
         *     recorded from now on meet the instalments in order. Who: as for payments.
         */
        put: operations["setRepaymentPlan"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}/reply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * 答复企业 (答复意见)
         * @description The reply the portal shows the enterprise: by the office at any time, or by the responsible
         *     unit while rectifying. Each write is kept on the timeline (`reply`); the latest is carried in
         *     the public view and the `issue.replied` / `issue.closed` events.
         */
        put: operations["replyToEnterprise"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 问题时间线
         * @description Registration, transitions and progress reports, newest first.
         */
        get: operations["getIssueTimeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 流转 (交办、退回、签收整改、提交核查、核查通过·销号、核查不通过、重新整改、不予立项)
         * @description The body is one member of the union chosen by `action`; a field of another action answers
         *     422 naming it. An action the state does not allow answers 409 with `allowed_actions` (what the
         *     caller may do now); one the caller's role does not allow answers 403. `If-Match` is optional
         *     here; when given, a stale version answers 412. Two simultaneous transitions: one wins, the
         *     other 409.
         */
        post: operations["transitionIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/issues/{id}/urge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 催办
         * @description Office and the problem's group lead; notifies the responsible unit and records the urge on the timeline.
         */
        post: operations["urgeIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/milestone-submissions/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 报送通过
         * @description Office only: accepts a waiting submission (409 once reviewed). Audited; the unit is told.
         */
        post: operations["acceptSubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/milestone-submissions/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 报送退回
         * @description Office only: returns a waiting submission with the reason; the unit files again. Audited; the
         *     unit is told.
         */
        post: operations["returnSubmission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/milestones/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 待报送附件
         * @description The files the caller's unit uploaded for the milestone that no submission names yet.
         */
        get: operations["listMilestoneAttachments"];
        put?: never;
        /**
         * 上传报送附件
         * @description Files for the caller's unit's coming submission (the same form as a problem's upload, without
         *     `transition_id` and `payment_id`): they wait, readable by the unit, until a submission names
         *     them in `attachment_ids`.
         */
        post: operations["uploadMilestoneAttachments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/milestones/{id}/submissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 报送情况
         * @description The milestone board: each unit the milestone asks (each work group's lead unit, or its member
         *     units too) with its status from its latest submission — `missing`, `submitted`, `late`
         *     (filed after the due date, waiting), `returned` or `accepted` — whether it is overdue, the
         *     reminders it was sent, and its submissions. The office and leaders see every unit; a group
         *     lead its groups; a unit itself.
         */
        get: operations["milestoneBoard"];
        put?: never;
        /**
         * 报送
         * @description Files the caller's unit's submission: a summary, the problems it covers (each one the caller
         *     may see; a 自查清单 lists at least one unless it is a 零报告, which lists none) and files
         *     uploaded for it first (`POST /milestones/{id}/attachments`). Filed after the due date it is
         *     `late`. Only while the campaign is open (409), once unless the office returned it (409).
         *     Audited; the office is notified.
         */
        post: operations["submitMilestone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 我的通知
         * @description Newest first, with the number of unread ones.
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 全部标记已读
         * @description Marks every unread notification of the caller as read.
         */
        post: operations["markAllNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 标记通知已读
         * @description Only the caller's own notifications; marking one already read changes nothing.
         */
        post: operations["markNotificationRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/dispatch.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 调度会报表 (XLSX)
         * @description Sheets 总体情况, 分组进展, 分单位进展 (totals, closed as rectified, rate, overdue, dismissed,
         *     change since the previous report date), 逾期清单 (with days overdue), 分期逾期 (problems
         *     behind their repayment plans: instalments missed, since when, what they lack), 节点安排
         *     (milestones, the next one marked) and 节点报送 (each unit asked, as it stood that day). Today's figures come from the ledger; a past date's and
         *     the previous date's from the daily snapshots (统计快照), never recomputed. Rows of the
         *     caller's data scope (work groups led, own unit). Audited.
         */
        get: operations["dispatchReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 系统设置
         * @description Every setting with its value in force (the default until one was stored), who manages it
         *     and whether the caller may change it. For the roles that manage a setting
         *     (`manage_settings`).
         */
        get: operations["listSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * 修改系统设置
         * @description Only the setting's managing administrator (`managed_by`); the value is checked against the
         *     setting's type and range (422 naming `value`). Audited, refusals too.
         */
        put: operations["updateSetting"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 统计总览
         * @description Counts by state and group, warnings, and the money rates from the payment records, within
         *     the caller's data scope and the filters: 清偿率 of the arrears categories
         *     (`repayment_rate`), 兑现率 of the promise and policy categories (`fulfilment_rate`) and 拨付率
         *     of the fund categories (`allocation_rate`), each `{value, numerator, denominator}` in fen
         *     against the amount due, with its amounts in `money` (paid, 协商减免 apart, outstanding) and per
         *     work group in `by_group[].money`. Dismissed problems (不予立项) are in no rate or amount.
         *
         *     `as_of` says how fresh the figures are: every change up to that time is in them. Answers are
         *     materialized per scope and filter; after a change an expensive answer may be served as it was
         *     (at most `LVYUE_STATS_MAX_AGE` seconds old) while it is recomputed (docs/performance.md).
         */
        get: operations["statsOverview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/trend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 登记与销号趋势
         * @description Problems registered and closed per week or month, and the money resolved in it from the
         *     payment records (`paid_fen`, 协商减免 apart in `negotiated_fen`, by the paid-on date, dismissed
         *     problems left out), empty periods included as zero.
         *
         *     `as_of` says how fresh the figures are: every change up to that time is in them. Answers are
         *     materialized per scope and filter; after a change an expensive answer may be served as it was
         *     (at most `LVYUE_STATS_MAX_AGE` seconds old) while it is recomputed (docs/performance.md).
         */
        get: operations["statsTrend"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 单位履约评分
         * @description Per responsible unit: assigned, closed, dismissed, open, overdue, days overdue, closed on
         *     time, rejections, reopenings, urges, 清偿率/兑现率/拨付率 of its problems (`money`), and the
         *     score with each deduction explained (see docs/scoring.md). Problems the responsible unit found itself bring no deductions. A unit's
         *     staff see their own unit's row (`unit=mine`), computed at once.
         *
         *     `as_of` says how fresh the figures are: every change up to that time is in them. Answers are
         *     materialized per scope and filter; after a change an expensive answer may be served as it was
         *     (at most `LVYUE_STATS_MAX_AGE` seconds old) while it is recomputed (docs/performance.md).
         */
        get: operations["statsUnits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 单位列表
         * @description Readable by every signed-in user (the SPA's pickers).
         */
        get: operations["listUnits"];
        put?: never;
        /**
         * 新建单位
         * @description System administrators only; the code is stable (used by imports), the name unique.
         */
        post: operations["createUnit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/units/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * 删除单位
         * @description Only a unit that nothing refers to (no account, group or problem) can be deleted;
         *     otherwise deactivate it.
         */
        delete: operations["deleteUnit"];
        options?: never;
        head?: never;
        /**
         * 修改单位 (改名、停用)
         * @description System administrators only; a deactivated unit keeps its problems but cannot be assigned new ones.
         */
        patch: operations["updateUnit"];
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 账号列表
         * @description System and security administrators; filter by unit, role, text or 三员分立 conflict, paged.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * 新建账号
         * @description System administrators; the account has no role until a security administrator grants one
         *     (三员分立). It must change the initial password at its first sign-in.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 账号详情
         * @description System and security administrators; roles with their groups, lock and activity state.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * 修改账号 (显示名、单位、启用/停用)
         * @description System administrators; deactivating an account ends its sessions. Roles are granted with
         *     `PUT /users/{id}/roles`. Audited with before and after.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/api/v1/users/{id}/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 重置密码
         * @description Security administrators, on another account; sets a new initial password, unlocks the
         *     account and ends its sessions; the account must change the password at its next sign-in.
         */
        post: operations["resetUserPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/reset-totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 重置两步验证
         * @description Security administrators, on another account (a security administrator's own factor is reset
         *     by another one, or on the server with `lvyue admin reset-totp`): removes the account's TOTP
         *     secret and recovery codes and ends its sessions. An account whose roles require a second
         *     factor enrols again at its next sign-in. Audited (`user.reset_totp`).
         */
        post: operations["resetUserTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * 授予角色
         * @description Security administrators, on another account: replaces its roles (empty revokes them all).
         *     At most one of 系统管理员, 安全管理员, 安全审计员, and then no business role (三员分立); the
         *     last active holder of each keeps it. Takes effect at once; audited with before and after.
         */
        put: operations["setUserRoles"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 解锁账号
         * @description Security administrators; clears the waits left by repeated failed sign-ins.
         */
        post: operations["unlockUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Webhook 详情
         * @description One webhook with its health.
         */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /**
         * 删除 Webhook
         * @description Removes the webhook and its deliveries; nothing more is sent. The audit trail keeps the record.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 投递记录
         * @description The webhook's deliveries, newest event first: status, attempts, the receiver's last HTTP
         *     status or the connection error, when the next attempt is due.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 重新投递
         * @description Sends a delivered or failed delivery again, at once, with the same delivery id (a receiver
         *     that had it recognises it) and a new 24-hour retry window.
         */
        post: operations["redeliverWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 停用 Webhook
         * @description Nothing is sent to a disabled webhook; its pending deliveries wait. Idempotent.
         */
        post: operations["disableWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 启用 Webhook
         * @description Enabled again, the webhook receives the events that happen from now on (not those of the
         *     time it was disabled); its pending deliveries resume. Idempotent.
         */
        post: operations["enableWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 进程存活检查
         * @description Answers 200 while the process runs, whatever the database does.
         */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * 就绪检查 (数据库可达)
         * @description Answers 200 when a database connection answers a query, 503 otherwise; it recovers by
         *     itself when the database returns.
         */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description 签收整改: the responsible unit accepts and states its measures. */
        AcceptRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "accept";
            /** @description Required: 整改措施. */
            measures: string | null;
            responsible_leader?: string | null;
            responsible_person?: string | null;
            comment?: string | null;
        };
        /** @description 通过, optionally with a remark. */
        AcceptSubmission: {
            comment?: string | null;
        };
        /** @enum {string} */
        AcceptTag: "accept";
        ActorDto: {
            kind: components["schemas"]["ActorKind"];
            id: string;
            /** @example office */
            name: string;
            unit_id?: string | null;
        };
        /**
         * @description Who did something, as timelines and the audit trail record it.
         * @enum {string}
         */
        ActorKind: "user" | "api_key" | "anonymous" | "system";
        /**
         * @description 账龄 bands, from the agreed payment date.
         * @enum {string}
         */
        AgeBand: "lt_6m" | "m6_12" | "y1_2" | "gt_2y";
        /**
         * @description The unit an amount column or value is written in.
         * @enum {string}
         */
        AmountUnit: "fen" | "yuan" | "thousand_yuan" | "ten_thousand_yuan" | "hundred_million_yuan";
        ApiKeyDto: {
            id: components["schemas"]["ApiKeyId"];
            /** @example 营商环境投诉平台 */
            name: string;
            /** @description The unit the key registers problems for. */
            unit_id: components["schemas"]["UnitId"];
            unit_name: string;
            scopes: components["schemas"]["ApiScope"][];
            /**
             * @description The first characters of the secret, to recognise it.
             * @example lvk_3f9a1c
             */
            prefix: string;
            created_by: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at?: string | null;
            /** Format: date-time */
            revoked_at?: string | null;
            /** Format: date-time */
            last_used_at?: string | null;
            /** @description Not revoked and not expired. */
            active: boolean;
            client_id?: null | components["schemas"]["IntegrationClientId"];
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        ApiKeyId: string;
        /**
         * @description A scope of an API key (an integration: the portal, complaint platforms, scripts).
         * @enum {string}
         */
        ApiScope: "issues:read" | "issues:write" | "imports:write";
        /** @description 核查通过·销号: the office signs the problem off, with its 核查 record. */
        ApproveRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "approve";
            /** @description Required: why. */
            comment: string | null;
            verification: null | components["schemas"]["VerificationInput"];
            /** @description Why the problem is signed off nonetheless (recorded with the verification). */
            override_reason?: string | null;
        };
        /** @enum {string} */
        ApproveTag: "approve";
        /** @description 账龄: days since the agreed payment date and the band. */
        ArrearsAge: {
            /** Format: int64 */
            days: number;
            band: components["schemas"]["AgeBand"];
        };
        /** @description 交办: to a responsible unit with a deadline. */
        AssignRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "assign";
            responsible_unit_id: null | components["schemas"]["UnitId"];
            /**
             * Format: date
             * @description Required; not before today (Asia/Shanghai).
             */
            deadline: string | null;
            group_id?: null | components["schemas"]["GroupId"];
            cooperating_unit_ids?: components["schemas"]["UnitId"][] | null;
            comment?: string | null;
        };
        /** @enum {string} */
        AssignTag: "assign";
        /** @description A file of a problem (metadata; the bytes at `url`). */
        AttachmentDto: {
            id: components["schemas"]["AttachmentId"];
            kind: components["schemas"]["AttachmentKind"];
            /** @example 付款凭证 */
            kind_label: string;
            /** @example 工商银行回单.pdf */
            file_name: string;
            /**
             * @description The type detected from the content.
             * @example application/pdf
             */
            content_type: string;
            /** Format: int64 */
            size_bytes: number;
            /**
             * @description SHA-256 of the bytes, lower-case hex.
             * @example 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
             */
            sha256: string;
            transition_id?: null | components["schemas"]["TransitionId"];
            payment_id?: null | components["schemas"]["PaymentId"];
            /** @example unit_education */
            uploaded_by: string;
            uploaded_by_unit_id?: string | null;
            /** Format: date-time */
            created_at: string;
            /**
             * Format: date-time
             * @description Withdrawn files stay listed (metadata only; the bytes are no longer served).
             */
            withdrawn_at?: string | null;
            /** @description Whether the caller may withdraw it now. */
            may_withdraw: boolean;
            /**
             * @description Where the bytes are (`GET`).
             * @example /api/v1/attachments/01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
             */
            url: string;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        AttachmentId: string;
        /**
         * @description What a file is evidence of.
         * @enum {string}
         */
        AttachmentKind: "contract" | "invoice" | "acceptance" | "payment_voucher" | "written_feedback" | "site_photo" | "other";
        /** @description A list of files. */
        AttachmentList: {
            items: components["schemas"]["AttachmentDto"][];
        };
        AuditRecordDto: {
            /**
             * Format: int64
             * @example 42
             */
            seq: number;
            /** Format: date-time */
            occurred_at: string;
            /**
             * @description `user`, `api_key`, `anonymous` or `system`.
             * @example user
             */
            actor_kind: string;
            actor_id?: string | null;
            /** @example office */
            actor_name?: string | null;
            /** @example office */
            actor_roles?: string | null;
            actor_unit_id?: string | null;
            /** @example auth.login */
            action: string;
            /** @example user */
            entity_type: string;
            entity_id?: string | null;
            /** @description The state before the change. */
            before?: Record<string, unknown> | null;
            /** @description The state after the change. */
            after?: Record<string, unknown> | null;
            /** @example success */
            result: string;
            client_ip?: string | null;
            user_agent?: string | null;
            request_id?: string | null;
            prev_hash: string;
            hash: string;
        };
        /** @description 批量交办: the fields of the single 交办 (`AssignRequest`), applied to every listed problem. */
        BatchAssignRequest: {
            /** @description The problems, at most 200, each once. */
            items: components["schemas"]["BatchItem"][];
            responsible_unit_id: null | components["schemas"]["UnitId"];
            /**
             * Format: date
             * @description Required; not before today (Asia/Shanghai).
             */
            deadline: string | null;
            group_id?: null | components["schemas"]["GroupId"];
            cooperating_unit_ids?: components["schemas"]["UnitId"][] | null;
            comment?: string | null;
        };
        /** @description One problem of a 批量交办. */
        BatchItem: {
            id: components["schemas"]["IssueId"];
            /**
             * Format: int32
             * @description The version the caller saw (like `If-Match`); the row answers 412 when the problem has
             *     changed since. Without it the current version is used.
             */
            version?: number | null;
        };
        /** @description What happened to one problem of a batch. */
        BatchOutcome: {
            id: components["schemas"]["IssueId"];
            /** @description The problem's number; null when the caller may not see the problem (or it does not exist). */
            number?: string | null;
            ok: boolean;
            /**
             * Format: int32
             * @description The status the single action would have answered (200 交办, 201 催办, or its error).
             * @example 200
             */
            status: number;
            state?: null | components["schemas"]["State"];
            /**
             * Format: int32
             * @description The problem's version after the action (successful rows).
             */
            version?: number | null;
            error?: null | components["schemas"]["Problem"];
        };
        /** @description The answer to a batch: one row per problem, in the order asked. */
        BatchReport: {
            total: number;
            succeeded: number;
            failed: number;
            results: components["schemas"]["BatchOutcome"][];
        };
        /** @description 批量催办: one message sent to the responsible unit of every listed problem. */
        BatchUrgeRequest: {
            /** @description The problems, at most 200, each once. */
            ids: components["schemas"]["IssueId"][];
            /** @example 请抓紧办理，并及时报送整改进展 */
            message: string;
        };
        /** @description One expected submitter on the board. */
        BoardItem: {
            group_id: components["schemas"]["GroupId"];
            group_name: string;
            unit_id: components["schemas"]["UnitId"];
            unit_name: string;
            /** @description Whether the unit is the group's lead unit (牵头单位) rather than a member. */
            lead: boolean;
            /** @description From its latest submission: `missing`, `submitted`, `late`, `returned` or `accepted`. */
            status: components["schemas"]["BoardStatus"];
            /** @description Its latest submission was filed after the due date. */
            late: boolean;
            /** @description Nothing accepted or waiting, and the due date has passed. */
            overdue: boolean;
            /** @description The reminders it was sent. */
            reminders: components["schemas"]["ReminderKind"][];
            /** @description The caller may file for it now. */
            may_submit: boolean;
            submission?: null | components["schemas"]["SubmissionDto"];
            /** @description Its earlier (returned) submissions, oldest first. */
            earlier: components["schemas"]["SubmissionDto"][];
        };
        /**
         * @description Where an expected unit stands on the milestone board (its latest submission).
         * @enum {string}
         */
        BoardStatus: "missing" | "submitted" | "late" | "returned" | "accepted";
        /** @description How many expected submitters stand where. */
        BoardTotals: {
            expected: number;
            missing: number;
            submitted: number;
            late: number;
            returned: number;
            accepted: number;
            /** @description Missing or returned after the due date. */
            overdue: number;
        };
        CalendarDay: {
            /** Format: date */
            day: string;
            kind: components["schemas"]["DayKind"];
            /** @example 国庆节 */
            name: string;
            /** Format: date-time */
            updated_at: string;
            /** @description Who set it (a user name, or `seed`). */
            updated_by?: string | null;
        };
        CampaignDto: {
            id: components["schemas"]["CampaignId"];
            /** @example 2024 */
            code: string;
            /** @example 2024年曾都区强化政府履约专项行动 */
            name: string;
            /** Format: int32 */
            year: number;
            /** Format: date */
            starts_on: string;
            /** Format: date */
            ends_on: string;
            /** @description Open for registration (the standing campaign aside): new problems join it. */
            active: boolean;
            /** @description `draft` 筹备, `open` 进行中 or `closed` 已结束. */
            state: components["schemas"]["CampaignState"];
            /** @description The permanent 常态化监测 campaign, which receives problems while no campaign is open. */
            standing: boolean;
            phases: components["schemas"]["PhaseDto"][];
            milestones: components["schemas"]["MilestoneDto"][];
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        CampaignId: string;
        /** @enum {string} */
        CampaignState: "draft" | "open" | "closed";
        /** @description A service of the catalogue (服务目录): a category with what it covers. */
        CatalogueService: {
            /** @example agency_arrears */
            code: string;
            /** @example 拖欠企业账款 */
            label: string;
            /** @description The work group that handles it. */
            group_name?: string | null;
            /** @description What it covers, in Chinese: the group and the problem types. */
            description: string;
            /** @description The problem types of the category (codes for `problem_type`). */
            problem_types: components["schemas"]["ProblemTypeLabel"][];
        };
        /** @description What a verification could check the records against. */
        CheckedAgainst: {
            /**
             * @description Whether the audit key was at hand. Without it, keyed records are checked for their
             *     structure only (numbering, links, checkpoints' positions), not their content.
             */
            key: boolean;
            /** @description The id of that key. */
            key_id?: string | null;
            /**
             * Format: int64
             * @description How many checkpoints the records were compared with.
             */
            checkpoints: number;
            /**
             * Format: int64
             * @description Records (and checkpoints) signed with a key not at hand: checked for structure only.
             */
            structure_only: number;
        };
        /** @description How a campaign is closed. */
        CloseCampaign: {
            /**
             * @description Move its problems not yet closed (销号) to the standing 常态化监测 campaign, numbers and
             *     history kept; `false` leaves them in the closed campaign.
             */
            carry_over: boolean;
        };
        /**
         * @description How a closed problem was closed.
         * @enum {string}
         */
        ClosureKind: "rectified" | "duplicate" | "unfounded";
        /** @description How a column of the file was understood, for the import report. */
        ColumnMapping: {
            /** @description The header as written in the file (the JSON key for JSON). */
            column: string;
            /** @description The column's letter in the sheet (`A`, `B`, …); absent for JSON. */
            letter?: string | null;
            /** @description The field it was read into (API field name), when recognised. */
            field?: string | null;
            status: components["schemas"]["MappingStatus"];
            unit?: null | components["schemas"]["AmountUnit"];
            /** @description Why the column is not read, or how it was read. */
            note?: string | null;
        };
        CountItem: {
            /** @example rectifying */
            code: string;
            /** @example 整改 */
            label: string;
            /** Format: int64 */
            count: number;
        };
        /** @description A problem a submission covers. */
        CoveredIssue: {
            id: components["schemas"]["IssueId"];
            /** @example LY2025-00001 */
            number: string;
            title: string;
        };
        CreateApiKey: {
            /** @example 营商环境投诉平台 */
            name: string;
            unit_id: components["schemas"]["UnitId"];
            scopes: components["schemas"]["ApiScope"][];
            /**
             * Format: date-time
             * @description Optional expiry; the key stops working then.
             */
            expires_at?: string | null;
        };
        /**
         * @description A new campaign, created in 筹备 (`draft`).
         * @example {
         *       "code": "2025",
         *       "ends_on": "2025-12-31",
         *       "milestones": [
         *         {
         *           "deliverable": "self_check_list",
         *           "due_on": "2025-04-26",
         *           "title": "各工作组牵头单位将自查问题清单报区营商办"
         *         }
         *       ],
         *       "name": "2025年曾都区强化政府履约专项行动",
         *       "starts_on": "2025-04-01"
         *     }
         */
        CreateCampaign: {
            /**
             * @description Used in problem numbers (`LY2025-00001`): 2 to 12 capital letters, digits or hyphens;
             *     `CT` is the standing campaign's.
             * @example 2025
             */
            code: string;
            name: string;
            /** Format: date */
            starts_on: string;
            /** Format: date */
            ends_on: string;
            phases?: components["schemas"]["NewPhase"][];
            milestones?: components["schemas"]["NewMilestone"][];
        };
        CreateClientKey: {
            scopes: components["schemas"]["ApiScope"][];
            /**
             * Format: date-time
             * @description Optional expiry; the key stops working then.
             */
            expires_at?: string | null;
        };
        CreateIntegrationClient: {
            /** @example 12345热线 */
            name: string;
            /**
             * @description A code of the `source` dictionary, owned by no other client.
             * @example complaint
             */
            source: string;
            unit_id?: null | components["schemas"]["UnitId"];
        };
        CreateIssue: {
            /** @example 区教育局拖欠某建筑公司校舍维修工程款 */
            title: string;
            description: string;
            /**
             * @description A category code (see `/dictionaries`).
             * @example agency_arrears
             */
            category: string;
            /**
             * @description A problem type of that category.
             * @example agency_delay
             */
            problem_type: string;
            /** @example works */
            arrear_object?: string | null;
            /**
             * @description 线索来源, required (a code of the `source` dictionary): where the problem came from. A
             *     unit registers only what it found itself (`self_inspection`).
             * @example complaint
             */
            source: string;
            /**
             * @description The caller's own reference; a second registration of it answers 409 with the existing id.
             * @example TS-2024-0815
             */
            source_ref?: string | null;
            /** @example 随州市鑫源建筑工程有限公司 */
            enterprise_name: string;
            /**
             * Format: uscc
             * @description 统一社会信用代码, GB 32100-2015: 18 characters, the last a check character over the
             *     first 17 (`format: uscc`; the server checks it).
             * @example 91421300MA4900000M
             */
            enterprise_uscc?: string | null;
            enterprise_contact?: string | null;
            /** @example 13871234567 */
            enterprise_phone?: string | null;
            /**
             * Format: int64
             * @description Money involved in fen; default 0.
             */
            amount_involved_fen?: number | null;
            campaign_id?: null | components["schemas"]["CampaignId"];
            group_id?: null | components["schemas"]["GroupId"];
            found_by_unit_id?: null | components["schemas"]["UnitId"];
            facts?: null | components["schemas"]["SetFacts"];
        };
        CreateUnit: {
            /**
             * @description A stable code: lower-case letters, digits and `_`.
             * @example soe_water
             */
            code: string;
            /** @example 区水务集团 */
            name: string;
            alias?: string | null;
            kind: components["schemas"]["UnitKind"];
            /** Format: int32 */
            sort_order?: number | null;
        };
        CreateUser: {
            /**
             * @description 3–32 characters: letters, digits, `_`, `.`, `-`.
             * @example unit_wandian
             */
            username: string;
            /** @example 万店镇·李华 */
            display_name: string;
            unit_id: components["schemas"]["UnitId"];
            /**
             * Format: password
             * @description The initial password; the account must change it at first sign-in.
             */
            password: string;
        };
        CreateWebhook: {
            /**
             * @description Where events are POSTed: `https://` (or `http://`) with a host; no user name or password.
             *     Internal addresses (loopback, private networks) only when the operator allowed them
             *     (`LVYUE_WEBHOOK_ALLOW`).
             * @example https://portal.example.cn/lvyue/events
             */
            url: string;
            events: ("*" | "issue.registered" | "issue.updated" | "issue.assigned" | "issue.returned" | "issue.accepted" | "issue.progress" | "issue.submitted" | "issue.rejected" | "issue.closed" | "issue.reopened" | "issue.dismissed" | "issue.deadline_changed" | "issue.supplemented" | "issue.replied" | "issue.payment_recorded" | "issue.repayment_plan_set" | "issue.attachment_added" | "issue.attachment_withdrawn")[];
            /**
             * @description The HMAC-SHA256 key of the `X-Lvyue-Signature` header; the receiver keeps the same
             *     value. 16 to 200 characters; never shown again.
             * @example whsec-0123456789abcdef
             */
            secret: string;
        };
        CreatedApiKey: {
            key: components["schemas"]["ApiKeyDto"];
            /**
             * @description The secret, shown this once: only its hash is kept. Send it as `Authorization: Bearer lvk_…`.
             * @example lvk_3f9a1c…
             */
            secret: string;
        };
        /** @description A problem an import created. */
        CreatedProblem: {
            row: number;
            id: components["schemas"]["IssueId"];
            /** @example LY2024-00042 */
            number: string;
        };
        /**
         * @description An exception to the Monday-to-Friday week.
         * @enum {string}
         */
        DayKind: "holiday" | "workday";
        /**
         * @description The nature of the debtor (欠款主体性质).
         * @enum {string}
         */
        DebtorNature: "agency" | "institution" | "soe";
        Deduction: {
            /**
             * @description `overdue`, `overdue_days`, `rejection`, `reopening`, `redo`.
             * @example overdue
             */
            reason: string;
            /** @example 逾期整改 */
            label: string;
            /** Format: int64 */
            count: number;
            /** Format: double */
            weight: number;
            /** Format: double */
            points: number;
        };
        /**
         * @description What a milestone asks each lead unit to submit.
         * @enum {string}
         */
        Deliverable: "self_check_list" | "measures" | "feedback" | "summary" | "other";
        DeliveryDto: {
            /** @description Also the `X-Lvyue-Delivery` header: the receiver's key for deduplication. */
            id: components["schemas"]["DeliveryId"];
            webhook_id: components["schemas"]["WebhookId"];
            /**
             * Format: int64
             * @description The event's position in the outbox (increasing).
             * @example 42
             */
            event_seq: number;
            /** @example issue.closed */
            event: string;
            issue_id?: null | components["schemas"]["IssueId"];
            status: components["schemas"]["DeliveryStatus"];
            /** Format: int32 */
            attempts: number;
            /**
             * Format: date-time
             * @description When the next attempt is due (pending deliveries).
             */
            next_attempt_at?: string | null;
            /**
             * Format: date-time
             * @description Until when it is retried.
             */
            retry_until: string;
            /** Format: date-time */
            last_attempt_at?: string | null;
            /**
             * Format: int32
             * @description The receiver's last HTTP status.
             */
            response_status?: number | null;
            last_error?: string | null;
            /** Format: date-time */
            delivered_at?: string | null;
            /** Format: date-time */
            created_at: string;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        DeliveryId: string;
        /**
         * @description Where a delivery stands.
         * @enum {string}
         */
        DeliveryStatus: "pending" | "delivered" | "failed";
        DictEntry: {
            /** @example agency_delay */
            code: string;
            /** @example 延迟支付 */
            label: string;
            /**
             * @description For a problem type: its category.
             * @example agency_arrears
             */
            parent_code?: string | null;
            active: boolean;
        };
        /**
         * @example {
         *       "active": true,
         *       "label": "以审计结算为由拖欠",
         *       "parent_code": "agency_arrears",
         *       "sort_order": 5
         *     }
         */
        DictItemInput: {
            label: string;
            /** @description Required for a problem type: the category's code. */
            parent_code?: string | null;
            /** Format: int32 */
            sort_order?: number | null;
            active?: boolean | null;
        };
        Dictionaries: {
            roles: components["schemas"]["Labelled"][];
            unit_kinds: components["schemas"]["Labelled"][];
            categories: components["schemas"]["DictEntry"][];
            problem_types: components["schemas"]["DictEntry"][];
            sources: components["schemas"]["DictEntry"][];
            /** @description What an arrear is owed for: goods, services, works. */
            arrear_objects: components["schemas"]["DictEntry"][];
        };
        /** @description 不予立项: the office closes a clue without rectification. */
        DismissRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "dismiss";
            closure_kind: null | components["schemas"]["ClosureKind"];
            /** @description Required: why. */
            comment: string | null;
        };
        /** @enum {string} */
        DismissTag: "dismiss";
        /** @description A milestone as edited. */
        EditMilestone: {
            id?: null | components["schemas"]["MilestoneId"];
            title: string;
            /** Format: date */
            due_on: string;
            deliverable?: null | components["schemas"]["Deliverable"];
            submitters?: null | components["schemas"]["Submitters"];
        };
        /**
         * @description The size of the enterprise owed (企业规模).
         * @enum {string}
         */
        EnterpriseSize: "large" | "medium" | "small" | "micro";
        /**
         * @example {
         *       "approve": true,
         *       "comment": "同意延期至下季度预算下达后"
         *     }
         */
        ExtensionDecisionBody: {
            /** @description `true` approves (the deadline becomes the requested one), `false` refuses. */
            approve: boolean;
            comment: string;
        };
        /** @description A deadline extension request (延期申请). */
        ExtensionDto: {
            id: components["schemas"]["ExtensionId"];
            issue_id: components["schemas"]["IssueId"];
            unit_id: components["schemas"]["UnitId"];
            /** @example unit_education */
            requested_by: string;
            /** Format: date */
            current_deadline: string;
            /** Format: date */
            requested_deadline: string;
            reason: string;
            status: components["schemas"]["ExtensionStatus"];
            decided_by?: string | null;
            decision_comment?: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            decided_at?: string | null;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        ExtensionId: string;
        ExtensionRequestBody: {
            /**
             * Format: date
             * @description The new deadline asked for; after the current one.
             */
            requested_deadline: string;
            /** @example 资金需列入下季度预算, 申请延期一个月 */
            reason: string;
        };
        /**
         * @description Where a deadline extension request stands.
         * @enum {string}
         */
        ExtensionStatus: "pending" | "approved" | "refused";
        /** @description The facts of an arrear as read. */
        FactsDto: {
            /**
             * Format: int64
             * @description 应付金额 as given (null: the amount involved).
             */
            amount_due_fen?: number | null;
            debtor_name?: string | null;
            debtor_nature?: null | components["schemas"]["DebtorNature"];
            /** Format: date */
            agreed_payment_on?: string | null;
            disputed: boolean;
            dispute_note?: string | null;
            arrears_age?: null | components["schemas"]["ArrearsAge"];
            doc_name?: string | null;
            doc_no?: string | null;
            /** Format: date */
            doc_date?: string | null;
            /** Format: int64 */
            contract_amount_fen?: number | null;
            enterprise_size?: null | components["schemas"]["EnterpriseSize"];
            enterprise_ownership?: null | components["schemas"]["Ownership"];
            promised_content?: string | null;
            promise_lawful?: boolean | null;
            pretext?: null | components["schemas"]["PromisePretext"];
            policy_level?: null | components["schemas"]["PolicyLevel"];
        };
        /**
         * @description A row that failed, as the file has it.
         * @example {
         *       "cells": {
         *         "enterprise_uscc": "91350100M000100Y44",
         *         "title": "拖欠工程款"
         *       },
         *       "row": 5
         *     }
         */
        FailedRow: {
            row: number;
            cells: {
                [key: string]: string;
            };
        };
        /** @description One invalid field of a request. */
        FieldError: {
            /** @description The field's name in the request (a JSON path such as `roles[0].group_id`). */
            field: string;
            /** @description What is wrong, in Chinese. */
            message: string;
        };
        /**
         * Format: binary
         * @description 文件内容
         */
        FileBytes: string;
        GroupDto: {
            id: components["schemas"]["GroupId"];
            /** @example funds */
            code: string;
            /** @example 涉企资金规范拨付组 */
            name: string;
            lead_unit_id: components["schemas"]["UnitId"];
            /** @example 区财政局 */
            lead_unit_name: string;
            /**
             * @description The problem category the group handles; none for the 综合办公室.
             * @example funds
             */
            category?: string | null;
            /** @description Member (配合) units. */
            member_unit_ids: components["schemas"]["UnitId"][];
            /** Format: int32 */
            sort_order: number;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        GroupId: string;
        GroupStat: {
            group_id: components["schemas"]["GroupId"];
            name: string;
            /**
             * Format: int64
             * @description Problems, dismissed ones (不予立项) not included.
             */
            total: number;
            /**
             * Format: int64
             * @description Closed as rectified (已销号).
             */
            closed: number;
            /**
             * Format: int64
             * @description 不予立项.
             */
            dismissed: number;
            /** Format: int64 */
            overdue: number;
            /**
             * Format: int64
             * @description Σ amounts involved of every category (a count, not for a rate: see `money`).
             */
            amount_involved_fen: number;
            /** Format: int64 */
            amount_resolved_fen: number;
            /** @description 清偿率, 兑现率, 拨付率 of the group's problems. */
            money: components["schemas"]["MoneyRates"];
            /**
             * Format: int64
             * @description 重办 (rejections at 核查 with the enterprise dissatisfied) of the group's problems.
             */
            redo: number;
            /** @description 重办率: 重办 of the 核查 records (approvals and rejections). */
            redo_rate: components["schemas"]["Rate"];
            /**
             * @description 满意率: records with the enterprise satisfied or basically satisfied, of those recording
             *     its satisfaction.
             */
            satisfaction_rate: components["schemas"]["Rate"];
        };
        Health: {
            /**
             * @description Always `ok` when the answer is 200.
             * @example ok
             */
            status: string;
            /**
             * @description The database backend, on `/readyz`.
             * @example sqlite
             */
            database?: string | null;
        };
        /**
         * @description A column of the import template.
         * @example {
         *       "field": "amount_involved",
         *       "header": "涉及金额(元)",
         *       "hint": "以元为单位, 最多两位小数, 如 12345.67",
         *       "required": false
         *     }
         */
        ImportColumn: {
            /** @description The Chinese header of the template (and of exports). */
            header: string;
            /** @description The API field name a file may use instead, and that `errors[].field` names. */
            field: string;
            required: boolean;
            /** @description How to fill it in. */
            hint: string;
        };
        /** @enum {string} */
        ImportMode: "all_or_nothing" | "skip_invalid" | "migrate";
        /**
         * @example {
         *       "blank_rows": 0,
         *       "columns": [
         *         {
         *           "column": "问题标题",
         *           "field": "title",
         *           "letter": "A",
         *           "status": "recognised"
         *         },
         *         {
         *           "column": "企业名称",
         *           "field": "enterprise_name",
         *           "letter": "B",
         *           "status": "synonym"
         *         },
         *         {
         *           "column": "涉及金额（万元）",
         *           "field": "amount_involved",
         *           "letter": "C",
         *           "status": "synonym",
         *           "unit": "ten_thousand_yuan"
         *         },
         *         {
         *           "column": "整改时限",
         *           "field": "deadline",
         *           "letter": "D",
         *           "note": "整改时限在交办时确定, 自查登记的问题还没有时限: 本列已识别, 但不导入",
         *           "status": "not_applicable"
         *         },
         *         {
         *           "column": "备注",
         *           "field": null,
         *           "letter": "E",
         *           "status": "ignored"
         *         }
         *       ],
         *       "committed": false,
         *       "created": 0,
         *       "created_problems": [],
         *       "dry_run": true,
         *       "errors": [
         *         {
         *           "field": "enterprise_uscc",
         *           "message": "统一社会信用代码校验位不正确",
         *           "row": 5,
         *           "value": "91350100M000100Y44"
         *         }
         *       ],
         *       "failed": 1,
         *       "failed_rows": [
         *         {
         *           "cells": {
         *             "enterprise_uscc": "91350100M000100Y44",
         *             "title": "拖欠工程款"
         *           },
         *           "row": 5
         *         }
         *       ],
         *       "header_rows": [
         *         2
         *       ],
         *       "ignored_columns": [
         *         "备注"
         *       ],
         *       "mode": "all_or_nothing",
         *       "sheet": "问题清单",
         *       "skipped_rows": [
         *         {
         *           "message": "曾都区政府履约问题排查及整改清单（区财政局）",
         *           "reason": "above_header",
         *           "row": 1
         *         },
         *         {
         *           "message": "合计行, 已跳过: 合计 138.5",
         *           "reason": "total",
         *           "row": 6
         *         }
         *       ],
         *       "total": 3,
         *       "unchanged": 0,
         *       "updated": 0,
         *       "warnings": [
         *         {
         *           "existing_id": null,
         *           "field": "amount_involved",
         *           "message": "金额 128000.00000001 按四舍五入到分计为 128000.00 元",
         *           "row": 4,
         *           "value": "128000.00000001"
         *         }
         *       ]
         *     }
         */
        ImportReport: {
            dry_run: boolean;
            mode: components["schemas"]["ImportMode"];
            /** @description Whether anything was written. */
            committed: boolean;
            total: number;
            created: number;
            updated: number;
            unchanged: number;
            failed: number;
            errors: components["schemas"]["RowError"][];
            /** @description Rows without a reference that look like an existing problem (same USCC, category, title). */
            warnings: components["schemas"]["RowWarning"][];
            /** @description Columns of the file that are not template columns (ignored). */
            ignored_columns: string[];
            /** @description The sheet read (the first visible one), for workbooks. */
            sheet?: string | null;
            /**
             * @description The row(s) found to hold the header among the first ten (two when the header spans two
             *     rows); empty for JSON.
             */
            header_rows: number[];
            /**
             * @description How each column of the file was read: recognised, mapped by synonym (with the unit of an
             *     amount column), recognised but not applicable to this import, or ignored.
             */
            columns: components["schemas"]["ColumnMapping"][];
            /**
             * @description Rows not read as problems, with the reason: above the header (titles, notes), 合计 rows,
             *     notes under the table, the template's example, problems already registered (编号).
             */
            skipped_rows: components["schemas"]["SkippedRow"][];
            /** @description Blank rows between the data (skipped). */
            blank_rows: number;
            /** @description The problems this import created, with the row each came from (empty unless committed). */
            created_problems: components["schemas"]["CreatedProblem"][];
            /**
             * @description The rows in `errors` with their cells as written in the file, by field name: what a
             *     下载错误行 file holds, to be corrected and imported again.
             */
            failed_rows: components["schemas"]["FailedRow"][];
        };
        /** @description An instalment with what the payments gave it. */
        InstalmentDto: {
            /**
             * Format: int32
             * @description 1-based.
             */
            seq: number;
            /** Format: date */
            due_on: string;
            /** Format: int64 */
            amount_fen: number;
            /** Format: int64 */
            paid_fen: number;
            status: components["schemas"]["InstalmentStatus"];
        };
        /** @description One instalment as asked. */
        InstalmentInput: {
            /**
             * Format: date
             * @description 约定还款日 (may lie in the past: a plan agreed earlier).
             */
            due_on: string;
            /** Format: int64 */
            amount_fen: number;
        };
        /**
         * @description One instalment of a repayment plan, as the payments meet it.
         * @enum {string}
         */
        InstalmentStatus: "paid" | "partly_paid" | "due" | "missed";
        IntegrationClientDto: {
            id: components["schemas"]["IntegrationClientId"];
            /** @example 12345热线 */
            name: string;
            /**
             * @description The source its keys register with (the `source` dictionary's code). Absent only for a
             *     client carried forward from a key that registered several sources: it registers any.
             * @example complaint
             */
            source?: string | null;
            /** @description The unit its keys act for (the reporting unit of what they register). */
            unit_id: components["schemas"]["UnitId"];
            unit_name: string;
            created_by: string;
            /** Format: date-time */
            created_at: string;
            /**
             * Format: int64
             * @description Keys neither revoked nor expired.
             */
            active_keys: number;
            /** @description Every key of the client, newest first (without secrets). */
            keys: components["schemas"]["ApiKeyDto"][];
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        IntegrationClientId: string;
        /** @enum {string} */
        Interval: "week" | "month";
        /** @description A problem as the caller may see it. */
        IssueDto: {
            id: components["schemas"]["IssueId"];
            /**
             * @description Human-readable number, unique and gap-free per year.
             * @example LY2024-00042
             */
            number: string;
            campaign_id: components["schemas"]["CampaignId"];
            /** @example 区教育局拖欠某建筑公司校舍维修工程款 */
            title: string;
            description: string;
            /** @example agency_arrears */
            category: string;
            /** @example agency_delay */
            problem_type: string;
            /** @description What an arrear is owed for: `goods`, `services`, `works`. */
            arrear_object?: string | null;
            /** @example complaint */
            source: string;
            /** @description The registering system's own reference, unique per source. */
            source_ref?: string | null;
            /** @example 随州市鑫源建筑工程有限公司 */
            enterprise_name: string;
            /** @example 91421300MA4900000M */
            enterprise_uscc?: string | null;
            enterprise_contact?: string | null;
            /** @description Masked in lists (`138****5678`), in full on a single read. */
            enterprise_phone?: string | null;
            /**
             * Format: int64
             * @description Money involved, in fen (分).
             * @example 12800000
             */
            amount_involved_fen: number;
            /**
             * Format: int64
             * @description Money resolved so far, in fen: the sum of the payment records (协商减免 included); above
             *     the amount due only when an overpayment was confirmed.
             * @example 0
             */
            amount_resolved_fen: number;
            group_id: components["schemas"]["GroupId"];
            /** @example 机关事业单位拖欠企业账款清理组 */
            group_name: string;
            responsible_unit_id?: null | components["schemas"]["UnitId"];
            /** @example 区教育局 */
            responsible_unit_name?: string | null;
            cooperating_unit_ids: components["schemas"]["UnitId"][];
            reporting_unit_id: components["schemas"]["UnitId"];
            found_by_unit_id?: null | components["schemas"]["UnitId"];
            reporting_unit_name: string;
            /**
             * Format: date
             * @description The rectification deadline (Asia/Shanghai date).
             */
            deadline?: string | null;
            measures?: string | null;
            responsible_leader?: string | null;
            responsible_person?: string | null;
            state: components["schemas"]["State"];
            closure_kind?: null | components["schemas"]["ClosureKind"];
            /** @description Deadline warning, computed at read time on the Asia/Shanghai date. */
            warning: components["schemas"]["Warning"];
            /**
             * Format: int32
             * @description Increases with every change; the ETag carries it.
             */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /** Format: date-time */
            closed_at?: string | null;
            /**
             * @description What this caller may do now: transition actions, and `edit` / `progress` /
             *     `record_payment` … when allowed.
             * @example [
             *       "assign",
             *       "dismiss",
             *       "edit"
             *     ]
             */
            allowed_actions: string[];
            /** @description The fields this caller may change with PATCH now. */
            editable_fields: string[];
            open_extension_request?: null | components["schemas"]["ExtensionDto"];
            repayment?: null | components["schemas"]["RepaymentSummary"];
            /**
             * Format: int64
             * @description 应付金额, in fen: the fact when given, else the amount involved.
             */
            amount_due_fen: number;
            facts?: null | components["schemas"]["FactsDto"];
        };
        /** @description One page of the change feed (staff's read model). */
        IssueFeed: {
            items: components["schemas"]["IssueDto"][];
            /** @description Pass as `cursor` to continue after this page (also when it is empty: nothing new yet). */
            next_cursor: string;
            /** @description More changes are waiting: ask again at once with `next_cursor`. */
            has_more: boolean;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        IssueId: string;
        /**
         * @description A page of problems as the caller sees them: a list page, or a page of the change feed
         *     (with `updated_since` or `cursor`).
         */
        IssuePageView: components["schemas"]["Page_IssueDto"] | components["schemas"]["Page_PublicIssue"] | components["schemas"]["IssueFeed"] | components["schemas"]["PublicIssueFeed"];
        /**
         * @description A problem as the caller sees it: the staff's read model for a person, the public view
         *     (`view: "public"`) for an integration's API key.
         */
        IssueView: components["schemas"]["IssueDto"] | components["schemas"]["PublicIssue"];
        /** @description A code with its Chinese label. */
        Labelled: {
            /** @example rectifying */
            code: string;
            /** @example 整改 */
            label: string;
        };
        LoginRequest: {
            /** @example office */
            username: string;
            /**
             * Format: password
             * @example Lvyue#Demo2024
             */
            password: string;
        };
        /** @enum {string} */
        MappingStatus: "recognised" | "synonym" | "not_applicable" | "ignored";
        /** @description The signed-in user. */
        Me: {
            id: components["schemas"]["UserId"];
            /** @example office */
            username: string;
            /** @example 综合办公室·王敏 */
            display_name: string;
            unit: components["schemas"]["UnitRef"];
            roles: components["schemas"]["RoleDto"][];
            /** @description What the roles allow, for the SPA's menus. */
            permissions: components["schemas"]["Permission"][];
            /** @description The account must change its password before anything else. */
            must_change_password: boolean;
            /** @description The account signs in with a second factor (TOTP). */
            totp_enabled: boolean;
            /**
             * @description The account's roles require a second factor it has not set up yet: it must enrol
             *     (`POST /auth/totp/enrollment`, then `/auth/totp/confirmation`) before anything else.
             */
            must_enroll_totp: boolean;
            /** @description 灰色模式 (setting `display.grayscale`): the SPA shows everything in grey, for everyone. */
            grayscale: boolean;
        };
        /** @description 报送情况: a milestone's board. */
        MilestoneBoard: {
            milestone: components["schemas"]["MilestoneDto"];
            campaign_id: components["schemas"]["CampaignId"];
            campaign_name: string;
            campaign_state: components["schemas"]["CampaignState"];
            /** @description Over the items the caller sees. */
            totals: components["schemas"]["BoardTotals"];
            items: components["schemas"]["BoardItem"][];
        };
        MilestoneDto: {
            id: components["schemas"]["MilestoneId"];
            phase_id?: null | components["schemas"]["PhaseId"];
            /** @example 各工作组整改措施报区营商办 */
            title: string;
            /** Format: date */
            due_on: string;
            /** @description What the milestone asks each lead unit to submit. */
            deliverable: components["schemas"]["Deliverable"];
            /** @description Who is asked: each work group's lead unit, or its member units as well. */
            submitters: components["schemas"]["Submitters"];
            /**
             * @description `past`, `next` (the first one due from today) or `upcoming`.
             * @example next
             */
            status: string;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        MilestoneId: string;
        /**
         * @description 清偿率, 兑现率 and 拨付率, each of its own categories: arrears (`agency_arrears`,
         *     `soe_arrears`), promises and policies (`investment_promise`, `policy`), funds (`funds`).
         */
        MoneyRates: {
            /** @description 清偿率: arrears repaid. */
            arrears: components["schemas"]["MoneyStat"];
            /** @description 兑现率: promised incentives and policy entitlements honoured. */
            promises: components["schemas"]["MoneyStat"];
            /** @description 拨付率: funds allocated. */
            funds: components["schemas"]["MoneyStat"];
        };
        /**
         * @description The money of one rate's categories, from the payment records (#17). Dismissed problems
         *     (不予立项) are in none of it.
         */
        MoneyStat: {
            /**
             * Format: int64
             * @description Problems of these categories counted.
             */
            problems: number;
            /**
             * Format: int64
             * @description 应付 / 应兑现 / 应拨: Σ amount due (the fact when given, else the amount involved), in fen.
             */
            due_fen: number;
            /**
             * Format: int64
             * @description Paid: Σ records other than 协商减免 (corrections included), in fen.
             */
            paid_fen: number;
            /**
             * Format: int64
             * @description 协商减免: counts as resolved (化解) but is shown apart; it does not shrink `due_fen`.
             */
            negotiated_fen: number;
            /**
             * Format: int64
             * @description 未化解: Σ per problem of what is still due (never below 0), in fen; `due_fen − rate.numerator`.
             */
            outstanding_fen: number;
            /**
             * @description resolved / due: the numerator is Σ per problem of paid + 协商减免 up to its amount due (an
             *     overpayment does not make up for another problem), the denominator `due_fen`.
             */
            rate: components["schemas"]["Rate"];
        };
        NewMilestone: {
            /** @example 各工作组牵头单位将自查问题清单报区营商办 */
            title: string;
            /** Format: date */
            due_on: string;
            deliverable?: null | components["schemas"]["Deliverable"];
            submitters?: null | components["schemas"]["Submitters"];
        };
        NewPhase: {
            /** @example 整改落实和核查销号 */
            name: string;
            /** Format: date */
            starts_on: string;
            /** Format: date */
            ends_on: string;
        };
        NotificationDto: {
            id: components["schemas"]["NotificationId"];
            issue_id?: null | components["schemas"]["IssueId"];
            kind: components["schemas"]["NotificationKind"];
            /** @example 催办: LY2024-00042 */
            title: string;
            body: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            read_at?: string | null;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        NotificationId: string;
        /**
         * @description What a notification is about.
         * @enum {string}
         */
        NotificationKind: "assigned" | "returned" | "rejected" | "urged" | "extension_requested" | "extension_decided" | "deadline_yellow" | "deadline_red" | "submitted" | "closed" | "reopened" | "red_digest" | "supplemented" | "instalment_missed" | "milestone_submitted" | "milestone_reviewed" | "milestone_due";
        NotificationPage: {
            items: components["schemas"]["NotificationDto"][];
            /** Format: int64 */
            total: number;
            /**
             * Format: int64
             * @description Unread notifications of the caller in all.
             */
            unread: number;
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            page_size: number;
        };
        /**
         * @description 未化解欠款 of the arrears categories, dismissed problems (不予立项) left out; each list has
         *     every class in a fixed order (empty ones as zero) and `not_given` last.
         */
        OutstandingArrears: {
            /** @description By 账龄 on the statistics' date, from the agreed payment date. */
            by_age_band: components["schemas"]["OutstandingItem"][];
            /** @description By 欠款主体性质. */
            by_debtor_nature: components["schemas"]["OutstandingItem"][];
            /** @description By 企业规模 of the enterprise owed. */
            by_enterprise_size: components["schemas"]["OutstandingItem"][];
        };
        /** @description One class of the arrears still owed. */
        OutstandingItem: {
            /**
             * @description The class's code (`lt_6m`, `agency`, `small`, …), or `not_given` for problems whose fact
             *     was not recorded.
             * @example m6_12
             */
            code: string;
            /** @example 6–12个月 */
            label: string;
            /**
             * Format: int64
             * @description Arrears problems with something still outstanding in the class.
             */
            problems: number;
            /**
             * Format: int64
             * @description 未化解: Σ amount due − resolved, in fen.
             */
            outstanding_fen: number;
        };
        Overview: {
            /**
             * Format: date-time
             * @description The figures include every change up to this time (see docs/performance.md, "Statistics").
             */
            as_of: string;
            /**
             * Format: int64
             * @description Every problem the filter matches, as the ledger list counts them.
             */
            total: number;
            by_state: components["schemas"]["CountItem"][];
            by_group: components["schemas"]["GroupStat"][];
            by_category: components["schemas"]["CountItem"][];
            by_source: components["schemas"]["CountItem"][];
            /** @description `none`, `yellow`, `red`. */
            by_warning: components["schemas"]["CountItem"][];
            /**
             * Format: int64
             * @description Money of the problems not dismissed, every category summed: a total to show, never the
             *     base of a rate (arrears and promises are different money; see `money`).
             */
            amount_involved_fen: number;
            /** Format: int64 */
            amount_resolved_fen: number;
            /** @description 清偿率 of the arrears categories only: `money.arrears.rate`. */
            repayment_rate: components["schemas"]["Rate"];
            /** @description 兑现率 of the promise and policy categories: `money.promises.rate`. */
            fulfilment_rate: components["schemas"]["Rate"];
            /** @description 拨付率 of the fund categories: `money.funds.rate`. */
            allocation_rate: components["schemas"]["Rate"];
            /** @description Each rate with its amounts: due, paid, 协商减免 apart, outstanding. */
            money: components["schemas"]["MoneyRates"];
            /**
             * @description 未化解欠款 by 账龄, debtor nature and enterprise size; each list sums to
             *     `money.arrears.outstanding_fen`.
             */
            outstanding_arrears: components["schemas"]["OutstandingArrears"];
            /**
             * Format: int64
             * @description 已销号: closed as rectified (after verification).
             */
            closed: number;
            /**
             * Format: int64
             * @description 不予立项: closed as a duplicate or an unfounded clue; in no rate or amount.
             */
            dismissed: number;
            /** @description 销号率: closed / (total − dismissed). */
            closure_rate: components["schemas"]["Rate"];
            /**
             * Format: int64
             * @description Of those closed here (not brought in by a migration import), closed on or before the
             *     deadline (Asia/Shanghai date).
             */
            closed_on_time: number;
            /** @description 按期销号率: closed_on_time / rectified closures made here. */
            on_time_rate: components["schemas"]["Rate"];
            /**
             * Format: double
             * @description Mean days from registration to closure of rectified problems closed here.
             */
            average_days_to_close?: number | null;
        };
        /**
         * @description The ownership of the enterprise owed (所有制).
         * @enum {string}
         */
        Ownership: "private" | "other";
        /** @description One page of a list. */
        Page_AuditRecordDto: {
            items: components["schemas"]["AuditRecordDto"][];
            /**
             * Format: int64
             * @description How many items match in all.
             */
            total: number;
            /**
             * @description False when `total` is a lower bound: a problem list searched by a keyword of one or two
             *     characters that is in more problems than are counted (then "more than `total`").
             */
            total_exact: boolean;
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            page_size: number;
        };
        /** @description One page of a list. */
        Page_DeliveryDto: {
            items: components["schemas"]["DeliveryDto"][];
            /**
             * Format: int64
             * @description How many items match in all.
             */
            total: number;
            /**
             * @description False when `total` is a lower bound: a problem list searched by a keyword of one or two
             *     characters that is in more problems than are counted (then "more than `total`").
             */
            total_exact: boolean;
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            page_size: number;
        };
        /** @description One page of a list. */
        Page_IssueDto: {
            items: components["schemas"]["IssueDto"][];
            /**
             * Format: int64
             * @description How many items match in all.
             */
            total: number;
            /**
             * @description False when `total` is a lower bound: a problem list searched by a keyword of one or two
             *     characters that is in more problems than are counted (then "more than `total`").
             */
            total_exact: boolean;
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            page_size: number;
        };
        /** @description One page of a list. */
        Page_PublicIssue: {
            items: components["schemas"]["PublicIssue"][];
            /**
             * Format: int64
             * @description How many items match in all.
             */
            total: number;
            /**
             * @description False when `total` is a lower bound: a problem list searched by a keyword of one or two
             *     characters that is in more problems than are counted (then "more than `total`").
             */
            total_exact: boolean;
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            page_size: number;
        };
        /** @description One page of a list. */
        Page_UserDto: {
            items: components["schemas"]["UserDto"][];
            /**
             * Format: int64
             * @description How many items match in all.
             */
            total: number;
            /**
             * @description False when `total` is a lower bound: a problem list searched by a keyword of one or two
             *     characters that is in more problems than are counted (then "more than `total`").
             */
            total_exact: boolean;
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            page_size: number;
        };
        /**
         * @example {
         *       "current_password": "Lvyue#Demo2024",
         *       "new_password": "Zengdu#Lvyue2025"
         *     }
         */
        PasswordChangeRequest: {
            /** Format: password */
            current_password: string;
            /**
             * Format: password
             * @description At least 8 characters, three of: upper case, lower case, digits, other; not containing the username.
             */
            new_password: string;
        };
        /** @description A payment record (还款记录). */
        PaymentDto: {
            id: components["schemas"]["PaymentId"];
            issue_id: components["schemas"]["IssueId"];
            kind: components["schemas"]["PaymentKind"];
            /** Format: date */
            paid_on: string;
            /**
             * Format: int64
             * @description In fen; negative for a correction.
             * @example 3000000
             */
            amount_fen: number;
            method: components["schemas"]["PaymentMethod"];
            /** @example 现金支付 */
            method_label: string;
            voucher_no?: string | null;
            note?: string | null;
            corrects?: null | components["schemas"]["PaymentId"];
            corrected_by?: null | components["schemas"]["PaymentId"];
            /**
             * Format: int32
             * @description The repayment plan version in force when recorded; null before any plan (not matched
             *     to instalments).
             */
            plan_version?: number | null;
            unit_id?: null | components["schemas"]["UnitId"];
            recorded_by: string;
            recorded_by_kind: components["schemas"]["ActorKind"];
            /** Format: date-time */
            recorded_at: string;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        PaymentId: string;
        /**
         * @description What a payment record is.
         * @enum {string}
         */
        PaymentKind: "payment" | "correction" | "opening";
        /** @description A problem's payment records and their sums. */
        PaymentList: {
            /** @description Oldest first. */
            items: components["schemas"]["PaymentDto"][];
            /**
             * Format: int64
             * @description 应付金额, in fen.
             */
            amount_due_fen: number;
            /**
             * Format: int64
             * @description 已化解: the sum of every record (the problem's `amount_resolved_fen`).
             */
            resolved_fen: number;
            /**
             * Format: int64
             * @description Of it, paid (every method but 协商减免).
             */
            paid_fen: number;
            /**
             * Format: int64
             * @description Of it, 协商减免.
             */
            negotiated_fen: number;
            /**
             * Format: int64
             * @description 未还: due less resolved, not below zero.
             */
            outstanding_fen: number;
            /** @description Whether the caller may record a payment now. */
            may_record: boolean;
        };
        /**
         * @description How money was resolved (化解方式).
         * @enum {string}
         */
        PaymentMethod: "cash" | "instalment" | "offset" | "negotiated" | "litigation" | "other";
        /**
         * @description An action on a kind of resource, independent of any one record.
         * @enum {string}
         */
        Permission: "read_organisation" | "manage_organisation" | "manage_users" | "manage_api_keys" | "manage_dictionaries" | "read_audit" | "read_issues" | "register_issues" | "export_issues" | "read_statistics" | "import_issues" | "migrate_issues" | "manage_settings" | "read_users" | "manage_roles" | "reset_credentials" | "manage_campaigns" | "submit_milestones";
        PhaseDto: {
            id: components["schemas"]["PhaseId"];
            /** @example 整改落实和核查销号 */
            name: string;
            /** Format: date */
            starts_on: string;
            /** Format: date */
            ends_on: string;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        PhaseId: string;
        /** @description One version of a plan, for the list of versions. */
        PlanVersionDto: {
            /** Format: int32 */
            version: number;
            is_current: boolean;
            set_by: string;
            /** Format: date-time */
            set_at: string;
        };
        /**
         * @description The level that issued a policy (发文层级).
         * @enum {string}
         */
        PolicyLevel: "province" | "city" | "district";
        /** @description The problem document (RFC 9457). */
        Problem: Record<string, unknown> & {
            /**
             * @description A URI naming the kind of problem.
             * @example urn:lvyue:problem:validation_failed
             */
            type: string;
            /**
             * @description A short Chinese title of the kind of problem.
             * @example 请求参数有误
             */
            title: string;
            /**
             * Format: int32
             * @description The HTTP status code.
             * @example 422
             */
            status: number;
            /**
             * @description What happened, in Chinese, for the user.
             * @example 请求中有 1 处错误
             */
            detail: string;
            /**
             * @description A stable machine-readable code.
             * @example validation_failed
             */
            code: string;
            /** @description The invalid fields, for validation problems. */
            errors?: components["schemas"]["FieldError"][];
        };
        /** @description A problem type of a catalogue service. */
        ProblemTypeLabel: {
            /** @example agency_delay */
            code: string;
            label: string;
        };
        ProgressRequest: {
            /** @example 已支付第一笔工程款 50 万元, 余款列入下月资金计划 */
            note: string;
        };
        /**
         * @description The pretext given for not honouring a promise (不兑现的借口).
         * @enum {string}
         */
        PromisePretext: "division_adjustment" | "government_change" | "restructuring" | "personnel_change" | "other";
        /** @description A problem as an integration client sees it. */
        PublicIssue: {
            /** @description Always `public`. */
            view: components["schemas"]["ViewKind"];
            id: components["schemas"]["IssueId"];
            /** @example LY2024-00042 */
            number: string;
            title: string;
            /** @example agency_arrears */
            category: string;
            /** @example 拖欠企业账款 */
            category_label: string;
            source: string;
            source_ref?: string | null;
            enterprise_name: string;
            state: components["schemas"]["State"];
            /** @example 整改 */
            state_label: string;
            closure_kind?: null | components["schemas"]["ClosureKind"];
            /**
             * @description The responsible unit's name, once assigned.
             * @example 区教育局
             */
            responsible_unit_name?: string | null;
            /**
             * Format: date
             * @description The rectification deadline (Asia/Shanghai date).
             */
            deadline?: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /** Format: date-time */
            closed_at?: string | null;
            /**
             * Format: int32
             * @description Increases with every change; the ETag carries it.
             */
            version: number;
            reply?: null | components["schemas"]["PublicReply"];
        };
        /** @description One page of the change feed (an integration's public view). */
        PublicIssueFeed: {
            items: components["schemas"]["PublicIssue"][];
            next_cursor: string;
            has_more: boolean;
        };
        /**
         * @description The reply to the enterprise as the public view carries it (no author: staff names are
         *     internal).
         */
        PublicReply: {
            /** @example 经核查, 区教育局已于 6 月 30 日支付全部工程款。 */
            body: string;
            /** Format: date-time */
            at: string;
        };
        /** @description A rate with what it is a rate of, so that a report can show and check it. */
        Rate: {
            /**
             * Format: double
             * @description numerator / denominator, rounded to 4 places; null when the denominator is 0.
             * @example 0.4
             */
            value?: number | null;
            /**
             * Format: int64
             * @example 6
             */
            numerator: number;
            /**
             * Format: int64
             * @example 15
             */
            denominator: number;
        };
        /**
         * @description A payment (or a correction of one) to record.
         * @example {
         *       "amount_fen": 3000000,
         *       "method": "cash",
         *       "note": "第一期工程款",
         *       "paid_on": "2026-03-01",
         *       "voucher_no": "记账凭证 2026-03-015"
         *     }
         */
        RecordPayment: {
            /**
             * Format: date
             * @description The day the money was paid (Asia/Shanghai); not after today.
             */
            paid_on: string;
            /**
             * Format: int64
             * @description In fen. Positive for a payment; negative for a correction (with `corrects`), at most
             *     the corrected record's amount.
             */
            amount_fen: number;
            method?: null | components["schemas"]["PaymentMethod"];
            /** @description 凭证号. */
            voucher_no?: string | null;
            /** @description Required for a correction: why. */
            note?: string | null;
            corrects?: null | components["schemas"]["PaymentId"];
            /** @description Confirms a payment that takes the total over the amount due. */
            confirm_overpayment?: boolean | null;
        };
        /** @description The one-time recovery codes, shown once. */
        RecoveryCodes: {
            /**
             * @description Each signs in once in place of a code, when the authenticator is lost.
             * @example [
             *       "K3PXP-JBSWY",
             *       "DPEHP-3PXPJ"
             *     ]
             */
            recovery_codes: string[];
        };
        /**
         * @example {
         *       "refresh_token": "rt_3q2-7ZbXn0Yk9mCwV4sL1eP8uA6dJ5hG"
         *     }
         */
        RefreshRequest: {
            /** @description The refresh token of the last sign-in or refresh; it is used up by this call. */
            refresh_token: string;
        };
        /**
         * @description 核查不通过: back to rectification, saying what is missing. With a verification recording the
         *     enterprise as dissatisfied it is 重办.
         */
        RejectRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "reject";
            /** @description Required: why. */
            comment: string | null;
            verification?: null | components["schemas"]["VerificationInput"];
        };
        /** @enum {string} */
        RejectTag: "reject";
        /**
         * @description The two reminders a unit that has not submitted gets: some days before, and on the day.
         * @enum {string}
         */
        ReminderKind: "ahead" | "due_day";
        /** @description 重新整改: a problem closed as rectified is reopened. */
        ReopenRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "reopen";
            /** @description Required: why. */
            comment: string | null;
        };
        /** @enum {string} */
        ReopenTag: "reopen";
        /** @description A repayment plan (one version) and how it stands. */
        RepaymentPlanDto: {
            issue_id: components["schemas"]["IssueId"];
            /** Format: int32 */
            version: number;
            is_current: boolean;
            /**
             * Format: int64
             * @description What was outstanding when this version was set (the instalments add up to it).
             */
            outstanding_fen: number;
            note?: string | null;
            set_by: string;
            /** Format: date-time */
            set_at: string;
            instalments: components["schemas"]["InstalmentDto"][];
            /**
             * Format: int64
             * @description Paid under this version (records made after it was set, corrections included).
             */
            paid_fen: number;
            status: components["schemas"]["RepaymentStatus"];
            missed_instalments: number;
            /** Format: date */
            next_due_on?: string | null;
            /** @description Every version, oldest first (`?version=N` reads one). */
            versions: components["schemas"]["PlanVersionDto"][];
            /** @description Whether the caller may set a new version now. */
            may_change: boolean;
        };
        /**
         * @description A plan's health, apart from the deadline warning.
         * @enum {string}
         */
        RepaymentStatus: "on_track" | "missed_instalment" | "completed";
        /** @description A problem's plan health on its read (`repayment`), apart from the deadline warning. */
        RepaymentSummary: {
            status: components["schemas"]["RepaymentStatus"];
            /** Format: int32 */
            plan_version: number;
            instalments: number;
            missed_instalments: number;
            /** Format: date */
            next_due_on?: string | null;
            /** Format: int64 */
            planned_fen: number;
            /** Format: int64 */
            paid_fen: number;
        };
        ReplyRequest: {
            /**
             * @description The reply as the enterprise will read it.
             * @example 经核查, 区教育局已于 6 月 30 日支付全部工程款。
             */
            body: string;
        };
        /**
         * @example {
         *       "password": "Initial#2025zd"
         *     }
         */
        ResetPassword: {
            /**
             * Format: password
             * @description A new initial password; the account must change it at its next sign-in.
             */
            password: string;
        };
        /** @description 退回: the responsible unit gives the problem back, saying why. */
        ReturnRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "return";
            /** @description Required: why. */
            comment: string | null;
        };
        /** @description 退回: why the office asks for another submission. */
        ReturnSubmission: {
            /** @example 清单缺少问题的整改时限, 请补充后重新报送 */
            comment: string;
        };
        /** @enum {string} */
        ReturnTag: "return";
        /**
         * @description A role. `group_lead` is held for one work group.
         * @enum {string}
         */
        Role: "office" | "leader" | "group_lead" | "unit" | "auditor" | "sysadmin" | "secadmin";
        /** @description A role as held. */
        RoleDto: {
            role: components["schemas"]["Role"];
            /** @example 综合办公室 */
            label: string;
            group_id?: null | components["schemas"]["GroupId"];
            /** @example investment */
            group_code?: string | null;
            /** @example 招商引资承诺清查兑现组 */
            group_name?: string | null;
        };
        /** @description A role to grant. */
        RoleInput: {
            role: components["schemas"]["Role"];
            group_id?: null | components["schemas"]["GroupId"];
        };
        RowError: {
            /**
             * @description The row as the user sees it in the spreadsheet (numbered as in the file, title rows
             *     included); the item's position (from 1) for JSON.
             */
            row: number;
            field: string;
            message: string;
            /** @description The offending cell as written in the file (absent when the cell is empty). */
            value?: string | null;
        };
        RowWarning: {
            row: number;
            message: string;
            existing_id?: null | components["schemas"]["IssueId"];
            /** @description The field the warning is about (an amount rounded to fen, a cell without a header). */
            field?: string | null;
            /** @description The cell as written in the file. */
            value?: string | null;
        };
        /**
         * @description The enterprise's satisfaction (回访).
         * @enum {string}
         */
        Satisfaction: "satisfied" | "basically_satisfied" | "dissatisfied";
        /**
         * @description One day's exception.
         * @example {
         *       "kind": "holiday",
         *       "name": "国庆节"
         *     }
         */
        SetCalendarDay: {
            /** @description `holiday` (放假, a weekday off) or `workday` (调休上班, a Saturday or Sunday worked). */
            kind: components["schemas"]["DayKind"];
            /** @example 国庆节 */
            name: string;
        };
        /**
         * @description The facts of a problem's money, replaced as a whole (a field left out is cleared): what is due
         *     and since when, the debtor (arrears), the document (contract, agreement, policy or fund), the
         *     enterprise's size and ownership, a promise's content, lawfulness and pretext, a policy's level.
         *     Every field is optional whatever the category.
         * @example {
         *       "agreed_payment_on": "2025-06-30",
         *       "amount_due_fen": 12800000,
         *       "debtor_name": "曾都区实验小学",
         *       "debtor_nature": "institution",
         *       "disputed": false
         *     }
         */
        SetFacts: {
            /**
             * Format: int64
             * @description 应付金额, in fen (default: the amount involved).
             */
            amount_due_fen?: number | null;
            /** @description 欠款主体: the actual debtor (may differ from the responsible unit). */
            debtor_name?: string | null;
            debtor_nature?: null | components["schemas"]["DebtorNature"];
            /**
             * Format: date
             * @description 约定付款日期 (账龄 counts from it).
             */
            agreed_payment_on?: string | null;
            /** @description 有无分歧 (default false). */
            disputed?: boolean | null;
            /** @description Required when disputed: what the dispute is. */
            dispute_note?: string | null;
            /** @description 合同名称 (arrears), 协议名称 (promises), 政策名称 (policies), 资金/项目名称 (funds). */
            doc_name?: string | null;
            /** @description 合同编号, 协议编号, or the 文号 of a policy or fund. */
            doc_no?: string | null;
            /**
             * Format: date
             * @description 合同签订日期 / 协议签订日期 / 发文日期.
             */
            doc_date?: string | null;
            /**
             * Format: int64
             * @description 合同金额, in fen (arrears).
             */
            contract_amount_fen?: number | null;
            enterprise_size?: null | components["schemas"]["EnterpriseSize"];
            enterprise_ownership?: null | components["schemas"]["Ownership"];
            /** @description 承诺内容 (promises). */
            promised_content?: string | null;
            /** @description 是否依法依规 (promises): an unlawful promise is to be cleaned up, not honoured. */
            promise_lawful?: boolean | null;
            pretext?: null | components["schemas"]["PromisePretext"];
            policy_level?: null | components["schemas"]["PolicyLevel"];
        };
        /**
         * @description A repayment plan to set: its instalments, in date order, adding up to what is outstanding.
         * @example {
         *       "instalments": [
         *         {
         *           "amount_fen": 4000000,
         *           "due_on": "2026-04-30"
         *         },
         *         {
         *           "amount_fen": 4000000,
         *           "due_on": "2026-06-30"
         *         },
         *         {
         *           "amount_fen": 4800000,
         *           "due_on": "2026-09-30"
         *         }
         *       ]
         *     }
         */
        SetRepaymentPlan: {
            instalments: components["schemas"]["InstalmentInput"][];
            note?: string | null;
        };
        /**
         * @description The roles an account is to hold (the security administrator's).
         * @example {
         *       "roles": [
         *         {
         *           "role": "unit"
         *         }
         *       ]
         *     }
         */
        SetRoles: {
            /** @description Replaces every role of the account; empty revokes them all. */
            roles: components["schemas"]["RoleInput"][];
        };
        /** @description One setting with its value in force. */
        SettingDto: {
            key: components["schemas"]["SettingKey"];
            /** @example 灰色模式 */
            label: string;
            /** @description A boolean or a number, as the setting's type says. */
            value: unknown;
            /** @description The administrator role that may change it. */
            managed_by: components["schemas"]["Role"];
            /** @description Whether the caller may change it. */
            editable: boolean;
            /**
             * Format: date-time
             * @description Unset: the default applies.
             */
            updated_at?: string | null;
            updated_by?: string | null;
        };
        /**
         * @description A setting.
         * @enum {string}
         */
        SettingKey: "display.grayscale" | "ledger.deadline_horizon_days" | "auth.login_requests_per_minute" | "auth.login_failures_per_account" | "auth.login_failures_per_address" | "auth.login_failure_delay_seconds" | "auth.login_failure_delay_max_seconds" | "auth.password_max_age_days" | "auth.totp_required_roles" | "stats.snapshot_hour" | "supervision.red_repeat_days" | "campaigns.milestone_reminder_days" | "supervision.digest_hour" | "attachments.max_file_mb" | "attachments.max_issue_mb" | "attachments.strip_image_location" | "ledger.submit_evidence_exempt_categories";
        /**
         * @example {
         *       "value": true
         *     }
         */
        SettingValue: {
            /** @description A boolean or a number, as the setting's type says. */
            value: unknown;
        };
        /**
         * @description Why a row was not read as a problem.
         * @enum {string}
         */
        SkipReason: "above_header" | "total" | "note" | "example" | "existing";
        SkippedRow: {
            row: number;
            reason: components["schemas"]["SkipReason"];
            /** @description What the row says, or why it was skipped. */
            message: string;
            existing_id?: null | components["schemas"]["IssueId"];
        };
        /** @enum {string} */
        Sort: "-created_at" | "created_at" | "deadline" | "-deadline" | "-updated_at" | "number" | "-number" | "-amount_involved_fen" | "amount_involved_fen";
        /**
         * @description The state of a problem.
         * @enum {string}
         */
        State: "self_check" | "assigned" | "rectifying" | "verifying" | "closed";
        /** @description A submission as read. */
        SubmissionDto: {
            id: components["schemas"]["SubmissionId"];
            milestone_id: components["schemas"]["MilestoneId"];
            group_id: components["schemas"]["GroupId"];
            group_name: string;
            unit_id: components["schemas"]["UnitId"];
            unit_name: string;
            summary: string;
            /** @description 零报告. */
            nil_return: boolean;
            /** @description Filed after the due date. */
            late: boolean;
            status: components["schemas"]["SubmissionStatus"];
            /** @example lead_finance */
            submitted_by: string;
            /** Format: date-time */
            submitted_at: string;
            reviewed_by?: string | null;
            /** Format: date-time */
            reviewed_at?: string | null;
            /** @description The office's remark (why it was returned). */
            review_comment?: string | null;
            issues: components["schemas"]["CoveredIssue"][];
            attachments: components["schemas"]["AttachmentDto"][];
            /** @description What the caller may do with it now: `accept`, `return`. */
            allowed_actions: string[];
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        SubmissionId: string;
        /**
         * @description A filed submission as the office reviews it.
         * @enum {string}
         */
        SubmissionStatus: "submitted" | "returned" | "accepted";
        /**
         * @description 报送: what a unit files for a milestone.
         * @example {
         *       "attachment_ids": [],
         *       "issue_ids": [
         *         "01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b"
         *       ],
         *       "nil_return": false,
         *       "summary": "经全面自查, 发现拖欠账款问题 2 个, 清单附后。"
         *     }
         */
        SubmitMilestone: {
            /** @description 报送说明. */
            summary: string;
            /** @description 零报告: nothing found; lists no problems. */
            nil_return: boolean;
            /** @description The problems it covers (a 自查清单's list), each one the caller may see. */
            issue_ids: components["schemas"]["IssueId"][];
            /**
             * @description Files uploaded for this milestone by the caller's unit (`POST /milestones/{id}/attachments`)
             *     and not yet part of a submission.
             */
            attachment_ids?: components["schemas"]["AttachmentId"][];
            group_id?: null | components["schemas"]["GroupId"];
        };
        /** @description 提交核查: the responsible unit reports completion. */
        SubmitRequest: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "submit";
            /** @description Required: what was done. */
            comment: string | null;
        };
        /** @enum {string} */
        SubmitTag: "submit";
        /**
         * @description Who a milestone asks to submit: each work group's lead unit (the plan's 「各工作组牵头单位」),
         *     or its member units as well.
         * @enum {string}
         */
        Submitters: "group_leads" | "member_units";
        /** @description One step of a problem's history. */
        TimelineEntry: {
            /**
             * @description `transition` (including `register`), `progress`, `urge`, `extension_request`,
             *     `extension_decision`, `supplement` (补充材料: `payload` names each changed field's
             *     `from` and `to`), `reply` (答复意见: the text in `note`), `payment` (a payment record or
             *     correction), `repayment_plan` or `attachment` (a file uploaded or withdrawn).
             * @example transition
             */
            kind: string;
            /** Format: date-time */
            at: string;
            actor: components["schemas"]["ActorDto"];
            /**
             * @description The transition's action (`register` for the registration).
             * @example assign
             */
            action?: string | null;
            /** @example 交办 */
            action_label?: string | null;
            from_state?: string | null;
            to_state?: string | null;
            comment?: string | null;
            /** @description The transition's data (e.g. responsible unit and deadline of an assignment). */
            payload?: Record<string, unknown> | null;
            /** @description A progress report's text. */
            note?: string | null;
            /** Format: int64 */
            amount_resolved_fen?: number | null;
            /** @description A transition's id (files linked to the step name it in `transition_id`). */
            transition_id?: string | null;
        };
        TokenResponse: {
            /** @description JWT for `Authorization: Bearer …`. */
            access_token: string;
            /** @example Bearer */
            token_type: string;
            /**
             * Format: int64
             * @description Seconds the access token is valid (900).
             * @example 900
             */
            expires_in: number;
            /** @description Opaque; exchange it at `/auth/refresh` before it idles out (30 minutes). */
            refresh_token: string;
            /**
             * Format: int64
             * @example 1800
             */
            refresh_expires_in: number;
            user: components["schemas"]["Me"];
        };
        /**
         * @description The password was right; a code from the account's authenticator (or a recovery code) must
         *     follow, at `POST /auth/login/totp`, within `expires_in` seconds.
         */
        TotpChallenge: {
            /** @description Always `true`: the sign-in needs a second factor. */
            totp_required: boolean;
            /**
             * @description Opaque, signed; hand it back with the code.
             * @example 0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b.1764790000.3f9a…
             */
            challenge: string;
            /**
             * Format: int64
             * @description Seconds the challenge stays good (300).
             * @example 300
             */
            expires_in: number;
        };
        /**
         * @example {
         *       "code": "492039"
         *     }
         */
        TotpCodeRequest: {
            /** @description The 6 digits the authenticator shows now. */
            code: string;
        };
        /** @description A second factor being set up: what the authenticator app needs. */
        TotpEnrollment: {
            /**
             * @description The shared secret, base32 (for typing in when the QR code cannot be scanned).
             * @example JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
             */
            secret: string;
            /**
             * @description `otpauth://totp/…`: what the QR code shows.
             * @example otpauth://totp/%E5%B1%A5%E7%BA%A6:sysadmin?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=%E5%B1%A5%E7%BA%A6&algorithm=SHA1&digits=6&period=30
             */
            otpauth_uri: string;
        };
        /**
         * @example {
         *       "challenge": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b.1764790000.3f9a",
         *       "code": "492039"
         *     }
         */
        TotpLoginRequest: {
            /** @description The `challenge` `/auth/login` answered with. */
            challenge: string;
            /** @description The 6 digits the authenticator shows, or one of the recovery codes (`XXXXX-XXXXX`). */
            code: string;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        TransitionId: string;
        /**
         * @description A transition (流转): one member per action, chosen by `action`; each carries exactly its
         *     own fields. A field of another action is refused with 422 naming it.
         */
        TransitionRequest: components["schemas"]["AssignRequest"] | components["schemas"]["ReturnRequest"] | components["schemas"]["AcceptRequest"] | components["schemas"]["SubmitRequest"] | components["schemas"]["ApproveRequest"] | components["schemas"]["RejectRequest"] | components["schemas"]["ReopenRequest"] | components["schemas"]["DismissRequest"];
        TrendPoint: {
            /**
             * @description `2024-W27` or `2024-07`.
             * @example 2024-W27
             */
            period: string;
            /** Format: date */
            start: string;
            /** Format: int64 */
            registered: number;
            /** Format: int64 */
            closed: number;
            /**
             * Format: int64
             * @description Paid in the period (by the records' paid-on date, 协商减免 not included; corrections
             *     count on their own date), in fen, of the problems not dismissed.
             */
            paid_fen: number;
            /**
             * Format: int64
             * @description 协商减免 resolved in the period, in fen.
             */
            negotiated_fen: number;
        };
        /** @description The trend with the time its figures are of. */
        TrendReport: {
            /**
             * Format: date-time
             * @description The figures include every change up to this time (see docs/performance.md, "Statistics").
             */
            as_of: string;
            interval: components["schemas"]["Interval"];
            /** @description Every period from the first registration to the last event, empty ones as zero. */
            points: components["schemas"]["TrendPoint"][];
        };
        UnitDto: {
            id: components["schemas"]["UnitId"];
            /**
             * @description A stable code (e.g. `finance`).
             * @example finance
             */
            code: string;
            /** @example 区财政局 */
            name: string;
            /**
             * @description Another name the same unit is known by (e.g. 区国资局).
             * @example 区国资局
             */
            alias?: string | null;
            kind: components["schemas"]["UnitKind"];
            active: boolean;
            /** Format: int32 */
            sort_order: number;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        UnitId: string;
        /**
         * @description What kind of body a unit is.
         * @enum {string}
         */
        UnitKind: "department" | "town" | "street" | "development_zone" | "soe";
        /** @description A reference to a unit, with its name. */
        UnitRef: {
            id: components["schemas"]["UnitId"];
            /** @example 区营商办 */
            name: string;
        };
        UnitStat: {
            unit_id: components["schemas"]["UnitId"];
            unit_name: string;
            /**
             * Format: int64
             * @description Problems the unit is responsible for, dismissed ones (不予立项) not included.
             */
            assigned: number;
            /** Format: int64 */
            open: number;
            /**
             * Format: int64
             * @description Closed as rectified (已销号).
             */
            closed: number;
            /**
             * Format: int64
             * @description 不予立项 (duplicates, unfounded clues): counted apart, in no figure above.
             */
            dismissed: number;
            /**
             * Format: int64
             * @description Past the deadline today and not yet reported complete.
             */
            overdue: number;
            /**
             * Format: int64
             * @description Ever overdue in the unit's hands: still open past the deadline, or submitted late.
             */
            late: number;
            /**
             * Format: int64
             * @description Days overdue summed over those problems (docs/scoring.md).
             */
            overdue_days: number;
            /** Format: int64 */
            closed_on_time: number;
            /**
             * Format: int64
             * @description Closed as rectified on a day after the deadline.
             */
            late_closures: number;
            /** Format: int64 */
            rejections: number;
            /** Format: int64 */
            reopenings: number;
            /** Format: int64 */
            urges: number;
            /**
             * Format: int64
             * @description 重办: rejections at 核查 with the enterprise dissatisfied (also counted in `rejections`).
             */
            redo: number;
            /** @description 重办率: 重办 of the 核查 records (approvals and rejections) of the unit's problems. */
            redo_rate: components["schemas"]["Rate"];
            /**
             * @description 满意率: verifications recording the enterprise satisfied or basically satisfied, of those
             *     recording its satisfaction.
             */
            satisfaction_rate: components["schemas"]["Rate"];
            /**
             * Format: int64
             * @description Of the assigned, problems the unit found itself (no deductions).
             */
            self_reported: number;
            /** @description 清偿率, 兑现率, 拨付率 of the problems the unit is responsible for. */
            money: components["schemas"]["MoneyRates"];
            /**
             * Format: double
             * @description 履约评分: 100 minus the deductions (see docs/scoring.md).
             */
            score: number;
            /** @description Why the score is what it is. */
            deductions: components["schemas"]["Deduction"][];
        };
        /**
         * @description Whose score: every unit in the caller's scope, or the caller's own unit only.
         * @enum {string}
         */
        UnitsOf: "scope" | "mine";
        UnitsReport: {
            /**
             * Format: date-time
             * @description The figures include every change up to this time; days overdue are counted up to it.
             */
            as_of: string;
            weights: components["schemas"]["Weights"];
            units: components["schemas"]["UnitStat"][];
        };
        /** @description 编辑专项行动: what changes (the code never does: numbers carry it). */
        UpdateCampaign: {
            name?: string | null;
            /** Format: date */
            starts_on?: string | null;
            /** Format: date */
            ends_on?: string | null;
            /**
             * @description The whole milestone list, in order: an item with the `id` of one of the campaign's
             *     milestones changes it (its submissions stay), one without is new; a milestone left out is
             *     removed unless units have filed or uploaded for it (409).
             */
            milestones?: components["schemas"]["EditMilestone"][] | null;
        };
        UpdateGroup: {
            name?: string | null;
            lead_unit_id?: null | components["schemas"]["UnitId"];
            /** @description Replaces the member (配合) units. */
            member_unit_ids?: components["schemas"]["UnitId"][] | null;
        };
        /**
         * @description Fields to change; each must be editable by the caller in the problem's state
         *     (`editable_fields`). An empty string clears an optional text.
         * @example {
         *       "amount_involved_fen": 12800000,
         *       "title": "区教育局拖欠某建筑公司校舍维修工程款 (二期)"
         *     }
         */
        UpdateIssue: {
            title?: string | null;
            description?: string | null;
            category?: string | null;
            problem_type?: string | null;
            arrear_object?: string | null;
            enterprise_name?: string | null;
            /**
             * Format: uscc
             * @description 统一社会信用代码 (`format: uscc`, check character validated); an empty string clears it.
             */
            enterprise_uscc?: string | null;
            enterprise_contact?: string | null;
            enterprise_phone?: string | null;
            /** Format: int64 */
            amount_involved_fen?: number | null;
            measures?: string | null;
            responsible_leader?: string | null;
            responsible_person?: string | null;
        };
        /**
         * @example {
         *       "active": false,
         *       "name": "区水务投资集团"
         *     }
         */
        UpdateUnit: {
            name?: string | null;
            /** @description Another name; an empty string removes it. */
            alias?: string | null;
            kind?: null | components["schemas"]["UnitKind"];
            /** @description `false` deactivates the unit: it keeps its history but receives nothing new. */
            active?: boolean | null;
            /** Format: int32 */
            sort_order?: number | null;
        };
        UpdateUser: {
            display_name?: string | null;
            unit_id?: null | components["schemas"]["UnitId"];
            /** @description `false` deactivates the account and ends its sessions. */
            active?: boolean | null;
        };
        /** @description The form of an upload (`multipart/form-data`). */
        UploadForm: {
            /** @description What the files are evidence of. */
            kind: components["schemas"]["AttachmentKind"];
            transition_id?: null | components["schemas"]["TransitionId"];
            payment_id?: null | components["schemas"]["PaymentId"];
            /** @description One or more files: PDF, OFD, JPEG, PNG, DOCX or XLSX, recognised by their content. */
            file: string[];
        };
        UrgeDto: {
            id: components["schemas"]["UrgeId"];
            issue_id: components["schemas"]["IssueId"];
            message: string;
            /** @example office */
            by: string;
            /** Format: date-time */
            created_at: string;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        UrgeId: string;
        UrgeRequest: {
            /** @example 请于本周内完成整改并报送进展 */
            message: string;
        };
        UserDto: {
            id: components["schemas"]["UserId"];
            /** @example unit_finance */
            username: string;
            /** @example 区财政局·郑芳 */
            display_name: string;
            unit_id: components["schemas"]["UnitId"];
            /** @example 区财政局 */
            unit_name: string;
            roles: components["schemas"]["RoleDto"][];
            active: boolean;
            must_change_password: boolean;
            /**
             * Format: date-time
             * @description Set while some address must wait before it may try this account again after repeated
             *     failed sign-ins (no account is ever locked; 解锁 lifts the waits).
             */
            locked_until?: string | null;
            /**
             * Format: int32
             * @description Failed sign-ins with this account name in the last 30 minutes, from any address.
             */
            failed_attempts: number;
            /** Format: date-time */
            last_login_at?: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /**
             * @description Set when the account's roles break 三员分立 (held since an earlier release, which allowed
             *     it): what the security administrator should correct. New grants never do.
             * @example null
             */
            separation_conflict?: string | null;
        };
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        UserId: string;
        /**
         * @example {
         *       "checked": 1284,
         *       "checked_against": {
         *         "checkpoints": 12,
         *         "key": true,
         *         "key_id": "3f2a9c0d11b2e4f5",
         *         "structure_only": 0
         *       },
         *       "first_broken_seq": null,
         *       "ok": true,
         *       "reason": null
         *     }
         */
        Verification: {
            /** @description Whether the whole chain is intact. */
            ok: boolean;
            /**
             * Format: int64
             * @description How many records were checked.
             */
            checked: number;
            /**
             * Format: int64
             * @description The first record whose content, link or sequence does not hold; null when intact.
             */
            first_broken_seq?: number | null;
            /** @description Why that record fails, in Chinese. */
            reason?: string | null;
            /** @description What the records were checked against. */
            checked_against: components["schemas"]["CheckedAgainst"];
        };
        /**
         * @description 核查记录: how the office verified the rectification and, for a problem raised by an
         *     enterprise (投诉, 网上, 平台转办, 信访), what the enterprise said when asked (回访).
         */
        VerificationInput: {
            method: null | components["schemas"]["VerificationMethod"];
            /**
             * Format: date
             * @description Required; not after today (Asia/Shanghai).
             */
            verified_on: string | null;
            /** @description Required: the verifiers' names, 1 to 10, each at most 50 characters. */
            verifiers: string[] | null;
            /** @description Required: what the verification found. */
            findings: string | null;
            /** @description Whether the enterprise was asked. */
            enterprise_contacted?: boolean | null;
            /**
             * @description Whether the enterprise confirmed the problem resolved (是/否); required for a problem it
             *     raised when it was asked.
             */
            enterprise_confirmed?: boolean | null;
            satisfaction?: null | components["schemas"]["Satisfaction"];
            /** @description The enterprise's words. */
            enterprise_words?: string | null;
            /** @description Files of this problem already uploaded (核查照片) that belong to this verification. */
            attachment_ids?: components["schemas"]["AttachmentId"][] | null;
        };
        /**
         * @description How the office verified the rectification.
         * @enum {string}
         */
        VerificationMethod: "on_site" | "phone" | "written" | "system_check";
        /**
         * @description Marks the public view (so that it is told apart from the staff's read model).
         * @enum {string}
         */
        ViewKind: "public";
        /**
         * @description A deadline warning.
         * @enum {string}
         */
        Warning: "none" | "yellow" | "red";
        WebhookDto: {
            id: components["schemas"]["WebhookId"];
            client_id: components["schemas"]["IntegrationClientId"];
            /** @example https://portal.example.cn/lvyue/events */
            url: string;
            /**
             * @description The event kinds it receives; `["*"]`: all.
             * @example [
             *       "issue.closed",
             *       "issue.replied"
             *     ]
             */
            events: string[];
            active: boolean;
            health: components["schemas"]["WebhookHealth"];
            /**
             * Format: int32
             * @description Failed attempts since the last success.
             */
            consecutive_failures: number;
            /** Format: date-time */
            last_success_at?: string | null;
            /** Format: date-time */
            last_failure_at?: string | null;
            /** @description The last failure's cause (HTTP status or connection error). */
            last_error?: string | null;
            /**
             * Format: int64
             * @description Deliveries waiting for their (next) attempt.
             */
            pending: number;
            /**
             * Format: int64
             * @description Deliveries given up after 24 hours of retries (redeliver them when the receiver is fixed).
             */
            failed: number;
            created_by: string;
            /** Format: date-time */
            created_at: string;
        };
        /**
         * @description How a webhook's deliveries go.
         * @enum {string}
         */
        WebhookHealth: "unknown" | "healthy" | "failing" | "disabled";
        /**
         * Format: uuid
         * @example 01936f3e-8c6a-7b3d-9a51-2f1c0d4e5a6b
         */
        WebhookId: string;
        /** @description Points deducted per occurrence; configurable (LVYUE_SCORE_* variables). */
        Weights: {
            /**
             * Format: double
             * @description Per problem that was ever overdue in the unit's hands (still open, or done late).
             */
            overdue: number;
            /**
             * Format: double
             * @description Per day overdue, summed over those problems (a part day counts as a day).
             */
            overdue_day: number;
            /**
             * Format: double
             * @description Per rejection at verification.
             */
            rejection: number;
            /**
             * Format: double
             * @description Per reopening after closure.
             */
            reopening: number;
            /**
             * Format: double
             * @description Per 重办 (a rejection with the enterprise dissatisfied), instead of the rejection's weight.
             */
            redo: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description API 密钥 (不含密钥本身) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyDto"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKey"];
            };
        };
        responses: {
            /** @description 已签发 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 密钥 id */
                id: components["schemas"]["ApiKeyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已吊销 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 密钥不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    downloadAttachment: {
        parameters: {
            query?: {
                /** @description `true`: always as a download (`attachment`), also for images and PDFs. */
                download?: boolean;
            };
            header?: never;
            path: {
                /** @description 附件 id */
                id: components["schemas"]["AttachmentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 文件内容 (按内容识别的类型) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": number[];
                    "application/ofd": number[];
                    "image/jpeg": number[];
                    "image/png": number[];
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": number[];
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": number[];
                    "application/octet-stream": number[];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权查看 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 附件不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 附件已撤回 */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    withdrawAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 附件 id */
                id: components["schemas"]["AttachmentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已撤回 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttachmentDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 不能撤回 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 附件不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 已撤回 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAudit: {
        parameters: {
            query?: {
                actor_id?: string;
                /** @description The actor's username (or the name tried, for failed sign-ins). */
                actor_name?: string;
                /** @description An action (`auth.login`), or a family of actions ending with a dot (`auth.`). */
                action?: string;
                entity_type?: string;
                entity_id?: string;
                /** @description From this time (inclusive). */
                from?: string;
                /** @description Until this time (exclusive). */
                to?: string;
                /** @description Page number, 1 to 1000000. */
                page?: number;
                /** @description Items per page, 1 to 200. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 审计记录 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AuditRecordDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 仅安全审计员 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 分页参数有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyAudit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 校验结果 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Verification"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 仅安全审计员 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description 登录成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description 密码正确, 还需两步验证码: 用 `challenge` 调用 `/auth/login/totp` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpChallenge"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 用户名或密码错误 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 用户名或密码超过长度上限 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 尝试过于频繁: `Retry-After` 秒后再试 */
            429: {
                headers: {
                    /** @description 需要等待的秒数 */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    loginTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TotpLoginRequest"];
            };
        };
        responses: {
            /** @description 登录成功 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 验证码错误或已使用 (`invalid_totp_code`), 或登录验证已过期 (`invalid_challenge`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段超过长度上限 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 尝试过于频繁: `Retry-After` 秒后再试 */
            429: {
                headers: {
                    /** @description 需要等待的秒数 */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已退出 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 当前用户 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChangeRequest"];
            };
        };
        responses: {
            /** @description 密码已修改 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 当前密码错误或新密码不符合要求 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description 新的令牌 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 刷新令牌无效、已过期或已被使用 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求过于频繁: `Retry-After` 秒后再试 */
            429: {
                headers: {
                    /** @description 需要等待的秒数 */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmTotpEnrollment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TotpCodeRequest"];
            };
        };
        responses: {
            /** @description 两步验证已启用; 恢复码只显示这一次 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodes"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description API 密钥不能设置两步验证 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 尚未开始设置 (`totp_not_started`) 或已启用 (`totp_already_enabled`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 验证码不正确 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startTotpEnrollment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 新的密钥 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpEnrollment"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description API 密钥不能设置两步验证 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 两步验证已启用 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCalendar: {
        parameters: {
            query?: {
                /** @description The year (2000–2100); default this year. */
                year?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 该年的放假日与调休上班日 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarDay"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 年份超出范围 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setCalendarDay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 日期, 如 2026-10-01 */
                day: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetCalendarDay"];
            };
        };
        responses: {
            /** @description 已保存 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarDay"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 日期格式不对 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteCalendarDay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 日期, 如 2026-10-01 */
                day: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已删除 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 该日期不在日历中 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 专项行动 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignDto"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCampaign"];
            };
        };
        responses: {
            /** @description 已创建 (筹备) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 只有综合办公室可以管理专项行动 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 编号代码已被使用 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 专项行动 id */
                id: components["schemas"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCampaign"];
            };
        };
        responses: {
            /** @description 已保存 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 只有综合办公室可以管理专项行动 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 专项行动不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 已结束, 或要删除的节点已有报送 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (指明字段) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    closeCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 专项行动 id */
                id: components["schemas"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CloseCampaign"];
            };
        };
        responses: {
            /** @description 已结束 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 只有综合办公室可以管理专项行动 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 专项行动不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 尚未开启、已结束, 或为常态化监测 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCampaignMilestones: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 专项行动 id */
                id: components["schemas"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 节点 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MilestoneDto"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 专项行动不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 专项行动 id */
                id: components["schemas"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已开启 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 只有综合办公室可以管理专项行动 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 专项行动不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 已开启、已结束, 或另一专项行动正在进行中 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    campaignSummaryReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 专项行动 id */
                id: components["schemas"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description XLSX 工作簿 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": components["schemas"]["FileBytes"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权导出 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 专项行动不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 专项行动尚未结束 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getServiceCatalogue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 服务目录 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueService"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDictionaries: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 各类代码及中文名称 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Dictionaries"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putDictionaryItem: {
        parameters: {
            query?: never;
            header?: {
                /** @description `*`: 只新增, 代码已存在时 412 */
                "If-None-Match"?: string | null;
            };
            path: {
                /** @description 字典类别: category, problem_type, source, arrear_object */
                kind: string;
                /** @description 代码: 小写字母、数字、下划线 */
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DictItemInput"];
            };
        };
        responses: {
            /** @description 已保存 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DictEntry"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字典类别不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-None-Match: * 而代码已存在 */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportIssuesCsv: {
        parameters: {
            query?: {
                /**
                 * @description One state or several, comma separated (`assigned,rectifying`).
                 * @example [
                 *       "rectifying"
                 *     ]
                 */
                state?: components["schemas"]["State"][];
                group_id?: components["schemas"]["GroupId"];
                /** @description Responsible or cooperating unit. */
                unit_id?: components["schemas"]["UnitId"];
                category?: string;
                source?: string;
                warning?: components["schemas"]["Warning"];
                campaign_id?: components["schemas"]["CampaignId"];
                /**
                 * @description Searches title, description, enterprise name and number (at most 100 characters). A
                 *     keyword of one or two characters in very many problems gives a `total` that is a lower
                 *     bound (`total_exact: false`).
                 */
                q?: string;
                enterprise_uscc?: string;
                deadline_from?: string;
                deadline_to?: string;
                /** @description Registered on or after this date (Asia/Shanghai). */
                created_from?: string;
                /** @description Registered on or before this date (Asia/Shanghai). */
                created_to?: string;
                /** @description `-created_at` (default), `created_at`, `deadline`, `-deadline`, `-updated_at`, `number`, `-number`, `amount_involved_fen`, `-amount_involved_fen`. */
                sort?: components["schemas"]["Sort"];
                /**
                 * @description Change feed: the problems changed at or after this time (RFC 3339), in the order of their
                 *     changes; the answer's `next_cursor` continues it. `page` and `sort` do not apply.
                 * @example 2024-06-01T00:00:00+08:00
                 */
                updated_since?: string;
                /** @description Change feed: continue after the page that answered this `next_cursor` (opaque). */
                cursor?: string;
                /**
                 * @description `missed_instalment`: only problems behind their repayment plan (an instalment past due
                 *     and not fully paid).
                 */
                repayment?: "missed_instalment";
                /** @description 账龄 band from the agreed payment date: `lt_6m`, `m6_12`, `y1_2`, `gt_2y`. */
                arrears_age?: "lt_6m" | "m6_12" | "y1_2" | "gt_2y";
                /** @description 欠款主体性质: `agency`, `institution`, `soe`. */
                debtor_nature?: "agency" | "institution" | "soe";
                /** @description 有无分歧. */
                disputed?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV (UTF-8, 带 BOM) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权导出 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 查询参数有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 导出任务较多, 稍后重试 (见 Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportIssuesXlsx: {
        parameters: {
            query?: {
                /**
                 * @description One state or several, comma separated (`assigned,rectifying`).
                 * @example [
                 *       "rectifying"
                 *     ]
                 */
                state?: components["schemas"]["State"][];
                group_id?: components["schemas"]["GroupId"];
                /** @description Responsible or cooperating unit. */
                unit_id?: components["schemas"]["UnitId"];
                category?: string;
                source?: string;
                warning?: components["schemas"]["Warning"];
                campaign_id?: components["schemas"]["CampaignId"];
                /**
                 * @description Searches title, description, enterprise name and number (at most 100 characters). A
                 *     keyword of one or two characters in very many problems gives a `total` that is a lower
                 *     bound (`total_exact: false`).
                 */
                q?: string;
                enterprise_uscc?: string;
                deadline_from?: string;
                deadline_to?: string;
                /** @description Registered on or after this date (Asia/Shanghai). */
                created_from?: string;
                /** @description Registered on or before this date (Asia/Shanghai). */
                created_to?: string;
                /** @description `-created_at` (default), `created_at`, `deadline`, `-deadline`, `-updated_at`, `number`, `-number`, `amount_involved_fen`, `-amount_involved_fen`. */
                sort?: components["schemas"]["Sort"];
                /**
                 * @description Change feed: the problems changed at or after this time (RFC 3339), in the order of their
                 *     changes; the answer's `next_cursor` continues it. `page` and `sort` do not apply.
                 * @example 2024-06-01T00:00:00+08:00
                 */
                updated_since?: string;
                /** @description Change feed: continue after the page that answered this `next_cursor` (opaque). */
                cursor?: string;
                /**
                 * @description `missed_instalment`: only problems behind their repayment plan (an instalment past due
                 *     and not fully paid).
                 */
                repayment?: "missed_instalment";
                /** @description 账龄 band from the agreed payment date: `lt_6m`, `m6_12`, `y1_2`, `gt_2y`. */
                arrears_age?: "lt_6m" | "m6_12" | "y1_2" | "gt_2y";
                /** @description 欠款主体性质: `agency`, `institution`, `soe`. */
                debtor_nature?: "agency" | "institution" | "soe";
                /** @description 有无分歧. */
                disputed?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description XLSX 工作簿 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": components["schemas"]["FileBytes"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权导出 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 查询参数有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 导出任务较多, 稍后重试 (见 Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listGroups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 工作组及其牵头、配合单位 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupDto"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 工作组 id */
                id: components["schemas"]["GroupId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateGroup"];
            };
        };
        responses: {
            /** @description 已修改 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 工作组不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 同时提交的修改冲突 (如两个工作组同时改为同一牵头单位), 请刷新后重试 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importIssues: {
        parameters: {
            query?: {
                /** @description Validate everything and write nothing. */
                dry_run?: boolean;
                /**
                 * @description `all_or_nothing` (default), `skip_invalid`, or `migrate` (迁移导入: office only, all or
                 *     nothing, each problem in the state its 状态 column gives).
                 */
                mode?: components["schemas"]["ImportMode"];
                /**
                 * @description The file's name as the user chose it: a migration records it on each problem's timeline
                 *     and in the audit trail.
                 */
                file_name?: string;
                /**
                 * @description 线索来源 of the rows whose 线索来源 cell is empty (a dictionary code or label, e.g.
                 *     `self_inspection` or `自查`): the importer's explicit choice for a file without the
                 *     column. Without it, every row must name its source.
                 */
                source?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description JSON 数组、CSV、XLSX 或 XLS 文件 */
        requestBody: {
            content: {
                /**
                 * @example [
                 *       {
                 *         "amount_involved_fen": 12800000,
                 *         "category": "agency_arrears",
                 *         "description": "验收后逾期未付",
                 *         "enterprise_name": "随州市鑫源建筑工程有限公司",
                 *         "problem_type": "agency_delay",
                 *         "source": "complaint",
                 *         "title": "区教育局拖欠校舍维修工程款"
                 *       }
                 *     ]
                 */
                "application/json": unknown[];
                "application/vnd.ms-excel": components["schemas"]["FileBytes"];
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": components["schemas"]["FileBytes"];
                /**
                 * @example 问题标题,问题描述,问题类别,问题类型,拖欠对象,线索来源,来源编号,涉及企业,统一社会信用代码,涉及金额(元)
                 *     区教育局拖欠校舍维修工程款,校舍维修工程验收后逾期未付,机关事业单位拖欠企业账款,延迟支付,工程,营商环境问题投诉,TS-2024-0815,随州市鑫源建筑工程有限公司,91350100M000100Y43,128000.00
                 */
                "text/csv": components["schemas"]["FileBytes"];
            };
        };
        responses: {
            /** @description 导入结果 (dry_run 时只校验) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无导入权限 (需 imports:write); mode=migrate 只限综合办公室 (权限 migrate_issues), 拒绝记入审计 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 超过上限: 20 MB、50000 行、200 列、解压后 100 MB、共享字符串或文字 20 MB (code 与 limit 指明哪一项) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 不支持的文件类型 */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 文件无法读取 (格式、编码、空表、缺少必填列、重复列、无法识别的金额单位) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 同时进行的导入已达上限, 稍后重试 (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importColumns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 模板的列 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportColumn"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无导入权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description XLSX 模板 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": components["schemas"]["FileBytes"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无导入权限 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIntegrationClients: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 集成客户端 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationClientDto"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createIntegrationClient: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateIntegrationClient"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationClientDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 名称已存在, 或来源已属于另一个客户端 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getIntegrationClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 客户端 id */
                id: components["schemas"]["IntegrationClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 集成客户端与其密钥 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationClientDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 客户端不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createIntegrationClientKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 客户端 id */
                id: components["schemas"]["IntegrationClientId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateClientKey"];
            };
        };
        responses: {
            /** @description 已签发 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 客户端不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 客户端 id */
                id: components["schemas"]["IntegrationClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Webhook 列表 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDto"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 客户端不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 客户端 id */
                id: components["schemas"]["IntegrationClientId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhook"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 客户端不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 客户端的 Webhook 已达上限 (10 个) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 网址、事件或密钥有误 (逐项指明字段) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIssues: {
        parameters: {
            query?: {
                /**
                 * @description One state or several, comma separated (`assigned,rectifying`).
                 * @example [
                 *       "rectifying"
                 *     ]
                 */
                state?: components["schemas"]["State"][];
                group_id?: components["schemas"]["GroupId"];
                /** @description Responsible or cooperating unit. */
                unit_id?: components["schemas"]["UnitId"];
                category?: string;
                source?: string;
                warning?: components["schemas"]["Warning"];
                campaign_id?: components["schemas"]["CampaignId"];
                /**
                 * @description Searches title, description, enterprise name and number (at most 100 characters). A
                 *     keyword of one or two characters in very many problems gives a `total` that is a lower
                 *     bound (`total_exact: false`).
                 */
                q?: string;
                enterprise_uscc?: string;
                deadline_from?: string;
                deadline_to?: string;
                /** @description Registered on or after this date (Asia/Shanghai). */
                created_from?: string;
                /** @description Registered on or before this date (Asia/Shanghai). */
                created_to?: string;
                /** @description `-created_at` (default), `created_at`, `deadline`, `-deadline`, `-updated_at`, `number`, `-number`, `amount_involved_fen`, `-amount_involved_fen`. */
                sort?: components["schemas"]["Sort"];
                /**
                 * @description Change feed: the problems changed at or after this time (RFC 3339), in the order of their
                 *     changes; the answer's `next_cursor` continues it. `page` and `sort` do not apply.
                 * @example 2024-06-01T00:00:00+08:00
                 */
                updated_since?: string;
                /** @description Change feed: continue after the page that answered this `next_cursor` (opaque). */
                cursor?: string;
                /**
                 * @description `missed_instalment`: only problems behind their repayment plan (an instalment past due
                 *     and not fully paid).
                 */
                repayment?: "missed_instalment";
                /** @description 账龄 band from the agreed payment date: `lt_6m`, `m6_12`, `y1_2`, `gt_2y`. */
                arrears_age?: "lt_6m" | "m6_12" | "y1_2" | "gt_2y";
                /** @description 欠款主体性质: `agency`, `institution`, `soe`. */
                debtor_nature?: "agency" | "institution" | "soe";
                /** @description 有无分歧. */
                disputed?: boolean;
                /** @description Page number, 1 to 1000000. */
                page?: number;
                /** @description Items per page, 1 to 200. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 问题列表 (或带 updated_since / cursor 时的变更流); API 密钥得到公开视图 */
            200: {
                headers: {
                    /** @description 本页内容的弱 ETag */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuePageView"];
                };
            };
            /** @description If-None-Match 与当前页相同 */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权查看问题 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 查询参数有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createIssue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateIssue"];
            };
        };
        responses: {
            /** @description API 密钥重复推送本客户端已登记的来源编号: 内容未变 (幂等), 或变更作为补充材料记入时间线; 答复该问题的公开视图 */
            200: {
                headers: {
                    /** @description 版本 */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueView"];
                };
            };
            /** @description 已登记 (状态 self_check); API 密钥得到公开视图 */
            201: {
                headers: {
                    /** @description 版本 */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueView"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权登记问题 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 同一来源的编号已登记; 调用方可见该问题时 `existing_id` 为已有问题 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    batchAssignIssues: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchAssignRequest"];
            };
        };
        responses: {
            /** @description 逐个问题的处理结果 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchReport"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权处理问题 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 没有选择问题、超过 200 个或有重复 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    batchUrgeIssues: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchUrgeRequest"];
            };
        };
        responses: {
            /** @description 逐个问题的处理结果 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchReport"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权处理问题 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 没有选择问题、超过 200 个或有重复 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getIssueByRef: {
        parameters: {
            query: {
                /** @example complaint */
                source: string;
                /** @example TS-2024-0815 */
                ref: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 问题; API 密钥得到公开视图 */
            200: {
                headers: {
                    /** @description 版本 */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueView"];
                };
            };
            /** @description If-None-Match 与当前版本相同 */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 问题; API 密钥得到公开视图 */
            200: {
                headers: {
                    /** @description 版本 */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueView"];
                };
            };
            /** @description If-None-Match 与当前版本相同 */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateIssue: {
        parameters: {
            query?: never;
            header: {
                /** @description 上次读取时的 ETag */
                "If-Match": string;
            };
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateIssue"];
            };
        };
        responses: {
            /** @description 已修改 */
            200: {
                headers: {
                    /** @description 新版本 */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 版本已过期 */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 缺少 If-Match */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAttachments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 附件 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttachmentList"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadAttachments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["UploadForm"];
            };
        };
        responses: {
            /** @description 已上传 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttachmentList"];
                };
            };
            /** @description 表单有误 */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 文件过大 (指明文件) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 文件类型不受支持 (指明文件) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestExtension: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExtensionRequestBody"];
            };
        };
        responses: {
            /** @description 已提交 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExtensionDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 已有待审批的申请、时限已过或问题不在办理中 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decideExtension: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExtensionDecisionBody"];
            };
        };
        responses: {
            /** @description 已审批; 答复为更新后的问题 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 没有待审批的延期申请 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putIssueFacts: {
        parameters: {
            query?: never;
            header: {
                /** @description 上次读取时的 ETag */
                "If-Match": string;
            };
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetFacts"];
            };
        };
        responses: {
            /** @description 已修改 */
            200: {
                headers: {
                    /** @description 新版本 */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 版本已过期 */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 缺少 If-Match */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIssuePayments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 还款记录 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentList"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordIssuePayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordPayment"];
            };
        };
        responses: {
            /** @description 已登记 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题已不予立项, 或刚被他人修改 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addIssueProgress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProgressRequest"];
            };
        };
        responses: {
            /** @description 已报送; 答复为更新后的问题 */
            201: {
                headers: {
                    /** @description 版本 */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不在整改中 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRepaymentPlan: {
        parameters: {
            query?: {
                /** @description A version of the plan (default: the current one). */
                version?: number;
            };
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 还款计划 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepaymentPlanDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setRepaymentPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetRepaymentPlan"];
            };
        };
        responses: {
            /** @description 新的当前版本 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepaymentPlanDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题已不予立项, 或刚被他人修改 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replyToEnterprise: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplyRequest"];
            };
        };
        responses: {
            /** @description 已答复; 答复为更新后的问题 */
            200: {
                headers: {
                    /** @description 版本 */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getIssueTimeline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 时间线 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelineEntry"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    transitionIssue: {
        parameters: {
            query?: never;
            header?: {
                /** @description 可选: 上次读取时的 ETag */
                "If-Match"?: string | null;
            };
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransitionRequest"];
            };
        };
        responses: {
            /** @description 流转后的问题 */
            200: {
                headers: {
                    /** @description 新版本 */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssueDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 当前状态不允许该操作, `allowed_actions` 列出可执行的操作 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 版本已过期 */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    urgeIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 问题 id */
                id: components["schemas"]["IssueId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UrgeRequest"];
            };
        };
        responses: {
            /** @description 已催办 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UrgeDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权执行该操作 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不存在或不在数据范围内 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 问题不在交办或整改中 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    acceptSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 报送 id */
                id: components["schemas"]["SubmissionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptSubmission"];
            };
        };
        responses: {
            /** @description 已通过 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 只有综合办公室可以审核报送 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 报送不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 已审核 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    returnSubmission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 报送 id */
                id: components["schemas"]["SubmissionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReturnSubmission"];
            };
        };
        responses: {
            /** @description 已退回 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 只有综合办公室可以审核报送 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 报送不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 已审核 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMilestoneAttachments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 节点 id */
                id: components["schemas"]["MilestoneId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 待报送附件 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttachmentList"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权报送 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 节点不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadMilestoneAttachments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 节点 id */
                id: components["schemas"]["MilestoneId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["UploadForm"];
            };
        };
        responses: {
            /** @description 已上传 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttachmentList"];
                };
            };
            /** @description 表单有误 */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 该节点不需要您报送 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 节点不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 专项行动未开启或已结束 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 文件过大 (指明文件) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 文件类型不受支持 (指明文件) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    milestoneBoard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 节点 id */
                id: components["schemas"]["MilestoneId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 报送情况 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MilestoneBoard"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权查看 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 节点不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitMilestone: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 节点 id */
                id: components["schemas"]["MilestoneId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmitMilestone"];
            };
        };
        responses: {
            /** @description 已报送 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmissionDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 该节点不需要您报送 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 节点不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 专项行动未开启或已结束; 已报送待审核或已通过 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (指明字段) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                /** @description Only unread ones. */
                unread_only?: boolean;
                /** @description Page number, 1 to 1000000. */
                page?: number;
                /** @description Items per page, 1 to 200. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 通知 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPage"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 分页参数有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markAllNotificationsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已读 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markNotificationRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 通知 id */
                id: components["schemas"]["NotificationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已读 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 通知不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    dispatchReport: {
        parameters: {
            query?: {
                /** @description Default: the current campaign. */
                campaign_id?: components["schemas"]["CampaignId"];
                /**
                 * @description The report date (Asia/Shanghai); default today. A past date is printed from the
                 *     snapshot stored that day (422 when there is none).
                 */
                date?: string;
                /**
                 * @description The previous report's date, for the changes (its stored snapshot; 422 when there is
                 *     none); default the latest snapshot at least seven days before `date`, if any.
                 */
                previous_date?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description XLSX 工作簿 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": components["schemas"]["FileBytes"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权导出 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 专项行动不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 该日期没有统计快照, 或日期晚于今天 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 系统设置 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettingDto"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无权查看系统设置 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateSetting: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 设置项, 例如 display.grayscale */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SettingValue"];
            };
        };
        responses: {
            /** @description 已保存 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettingDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 该设置由其他管理员管理 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 设置项不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    statsOverview: {
        parameters: {
            query?: {
                campaign_id?: components["schemas"]["CampaignId"];
                group_id?: components["schemas"]["GroupId"];
                /** @description Responsible or cooperating unit. */
                unit_id?: components["schemas"]["UnitId"];
                category?: string;
                source?: string;
                /** @description Problems registered on or after this date (Asia/Shanghai). */
                from?: string;
                /** @description Problems registered on or before this date (Asia/Shanghai). */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 按状态、工作组、类别、来源、预警统计, 清偿率、兑现率、拨付率, 销号率, 按期销号率 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Overview"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权查看统计 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 查询参数有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    statsTrend: {
        parameters: {
            query?: {
                campaign_id?: components["schemas"]["CampaignId"];
                group_id?: components["schemas"]["GroupId"];
                /** @description Responsible or cooperating unit. */
                unit_id?: components["schemas"]["UnitId"];
                category?: string;
                source?: string;
                /** @description Problems registered on or after this date (Asia/Shanghai). */
                from?: string;
                /** @description Problems registered on or before this date (Asia/Shanghai). */
                to?: string;
                /** @description `week` (default) or `month`. */
                interval?: components["schemas"]["Interval"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 每周或每月登记数、销号数与还款金额 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrendReport"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权查看统计 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 查询参数有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    statsUnits: {
        parameters: {
            query?: {
                campaign_id?: components["schemas"]["CampaignId"];
                group_id?: components["schemas"]["GroupId"];
                /** @description Responsible or cooperating unit. */
                unit_id?: components["schemas"]["UnitId"];
                category?: string;
                source?: string;
                /** @description Problems registered on or after this date (Asia/Shanghai). */
                from?: string;
                /** @description Problems registered on or before this date (Asia/Shanghai). */
                to?: string;
                /**
                 * @description `mine`: the caller's own unit only (what a unit's staff always get); default every unit
                 *     in the caller's scope.
                 */
                unit?: components["schemas"]["UnitsOf"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 各责任单位的统计与评分 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnitsReport"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色无权查看统计 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 查询参数有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUnits: {
        parameters: {
            query?: {
                /** @description Include deactivated units. */
                include_inactive?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 单位列表 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnitDto"][];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUnit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUnit"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnitDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 编码或名称已存在 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteUnit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 单位 id */
                id: components["schemas"]["UnitId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已删除 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 单位不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 单位仍被引用, 只能停用 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateUnit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 单位 id */
                id: components["schemas"]["UnitId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUnit"];
            };
        };
        responses: {
            /** @description 已修改 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnitDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 单位不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 名称已存在 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /** @description Part of the username or display name. */
                q?: string;
                unit_id?: components["schemas"]["UnitId"];
                role?: components["schemas"]["Role"];
                active?: boolean;
                /** @description `true`: only the accounts whose roles break 三员分立 (kept from an earlier release). */
                separation_conflict?: boolean;
                /** @description Page number, 1 to 1000000. */
                page?: number;
                /** @description Items per page, 1 to 200. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 账号列表 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_UserDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 分页参数有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUser"];
            };
        };
        responses: {
            /** @description 已创建 */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 用户名已存在 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 账号 id */
                id: components["schemas"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 账号 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 账号不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 账号 id */
                id: components["schemas"]["UserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUser"];
            };
        };
        responses: {
            /** @description 已修改 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 账号不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 会使系统失去最后一个启用的系统管理员、安全管理员或安全审计员 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 字段有误 (如文本含空字符 U+0000) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetUserPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 账号 id */
                id: components["schemas"]["UserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetPassword"];
            };
        };
        responses: {
            /** @description 已重置 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 账号不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 密码不符合要求 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetUserTotp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 账号 id */
                id: components["schemas"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已重置 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 账号不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setUserRoles: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 账号 id */
                id: components["schemas"]["UserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetRoles"];
            };
        };
        responses: {
            /** @description 已授予 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 仅安全管理员, 且不能修改自己的角色 */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 账号不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 会使系统失去最后一个启用的系统管理员、安全管理员或安全审计员 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体过大 */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 请求体须为 JSON (Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 角色组合违反三员分立, 或工作组有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unlockUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description 账号 id */
                id: components["schemas"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已解锁 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 账号不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Webhook id */
                id: components["schemas"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook 不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Webhook id */
                id: components["schemas"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已删除 */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook 不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Only deliveries in this status. */
                status?: components["schemas"]["DeliveryStatus"];
                /** @description Page number, 1 to 1000000. */
                page?: number;
                /** @description Items per page, 1 to 200. */
                page_size?: number;
            };
            header?: never;
            path: {
                /** @description Webhook id */
                id: components["schemas"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 投递记录 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_DeliveryDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook 不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 分页参数有误 */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    redeliverWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Webhook id */
                id: components["schemas"]["WebhookId"];
                /** @description 投递 id */
                delivery_id: components["schemas"]["DeliveryId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已安排重新投递 */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook 或投递记录不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 该投递尚在等待投递 */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disableWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Webhook id */
                id: components["schemas"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已停用 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook 不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enableWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Webhook id */
                id: components["schemas"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 已启用 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDto"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 未登录或令牌无效 */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 无此管理权限 (三员分立: 系统管理员、安全管理员、安全审计员各管其事) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhook 不存在 */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 进程运行中 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description 数据库可达 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description 请求格式有误 (未知的查询参数, 或查询参数、路径、请求体无法解析) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description 数据库不可达 */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
