//! Settings administrators change while the system runs: each key's type, default, and which
//! administrator manages it. Values are JSON; [`Settings`] is the typed view every use case reads.

use serde_json::Value;

use super::roles::Role;

crate::coded_enum! {
    /// A setting.
    pub enum SettingKey("setting") {
        /// 灰色模式: the whole SPA in grey (national mourning days).
        Grayscale = ("display.grayscale", "灰色模式"),
        /// How far ahead a deadline (or a requested extension) may be set, in days: a deadline
        /// years away would never warn.
        DeadlineHorizonDays = ("ledger.deadline_horizon_days", "整改时限最长天数"),
        /// Sign-in and refresh requests one client address may make per minute (per server).
        LoginRequestsPerMinute = ("auth.login_requests_per_minute", "每个地址每分钟登录请求上限"),
        /// Failed sign-ins of one account name from one address before the waits start.
        LoginFailuresPerAccount = ("auth.login_failures_per_account", "同一地址同一账号连续失败次数上限"),
        /// Failed sign-ins of any account names from one address before the waits start.
        LoginFailuresPerAddress = ("auth.login_failures_per_address", "同一地址连续失败次数上限"),
        /// The first wait after the limit, in seconds; each further failure doubles it.
        LoginFailureDelaySeconds = ("auth.login_failure_delay_seconds", "登录失败首次等待秒数"),
        /// The longest wait, in seconds.
        LoginFailureDelayMaxSeconds = ("auth.login_failure_delay_max_seconds", "登录失败最长等待秒数"),
        /// Days a password lasts before sign-in forces a change (0: never).
        PasswordMaxAgeDays = ("auth.password_max_age_days", "密码有效期（天）"),
        /// Business roles whose holders must sign in with a second factor too (the three
        /// administrators always must, whatever this says).
        TotpRequiredRoles = ("auth.totp_required_roles", "必须启用两步验证的业务角色"),
        /// The hour of the day (Asia/Shanghai, 0–23) from which the daily statistics snapshot
        /// is taken: late enough that the day's work is in it.
        SnapshotHour = ("stats.snapshot_hour", "每日统计快照时间（时）"),
        /// A red problem is notified again every this many days while it stays red (0: once).
        RedRepeatDays = ("supervision.red_repeat_days", "逾期重复提醒间隔（天）"),
        /// Days before a milestone's due date that units which have not submitted are reminded
        /// (they are reminded on the day too; 0: only on the day).
        MilestoneReminderDays = ("campaigns.milestone_reminder_days", "节点报送提前提醒天数"),
        /// The hour of the day (Asia/Shanghai) from which leaders get the daily overdue list.
        DigestHour = ("supervision.digest_hour", "领导逾期日报时间（时）"),
        /// The largest attachment accepted, in MB.
        AttachmentMaxFileMb = ("attachments.max_file_mb", "单个附件大小上限（MB）"),
        /// The most attachments one problem may hold, in MB (withdrawn files not counted).
        AttachmentMaxIssueMb = ("attachments.max_issue_mb", "每个问题附件总量上限（MB）"),
        /// Whether JPEG and PNG uploads lose where they were taken (EXIF GPS, XMP) before they
        /// are stored (`domain::image_location`).
        AttachmentStripImageLocation = ("attachments.strip_image_location", "去除图片中的拍摄位置信息"),
        /// Categories whose 提交核查 needs no 书面反馈 or 付款凭证 (every other category does).
        SubmitEvidenceExemptCategories = ("ledger.submit_evidence_exempt_categories", "提交核查无需佐证材料的问题类别"),
    }
}

impl SettingKey {
    /// The administrator who changes it (三员分立: display and organisation settings are the
    /// system administrator's, security settings the security administrator's).
    pub fn managed_by(self) -> Role {
        match self {
            SettingKey::Grayscale => Role::Sysadmin,
            // The ledger's rules are the office's to set.
            SettingKey::DeadlineHorizonDays
            | SettingKey::SnapshotHour
            | SettingKey::RedRepeatDays
            | SettingKey::MilestoneReminderDays
            | SettingKey::DigestHour => Role::Office,
            // Security settings: the security administrator's (三员分立).
            SettingKey::LoginRequestsPerMinute
            | SettingKey::LoginFailuresPerAccount
            | SettingKey::LoginFailuresPerAddress
            | SettingKey::LoginFailureDelaySeconds
            | SettingKey::LoginFailureDelayMaxSeconds
            | SettingKey::PasswordMaxAgeDays
            | SettingKey::TotpRequiredRoles => Role::Secadmin,
            // Personal information in uploads: the security administrator's.
            SettingKey::AttachmentStripImageLocation => Role::Secadmin,
            SettingKey::AttachmentMaxFileMb | SettingKey::AttachmentMaxIssueMb => Role::Sysadmin,
            SettingKey::SubmitEvidenceExemptCategories => Role::Office,
        }
    }

    pub fn default_value(self) -> Value {
        match self {
            SettingKey::Grayscale => Value::Bool(false),
            SettingKey::DeadlineHorizonDays => Value::from(730),
            // Generous per address: a whole office building often reaches us from one NAT address.
            SettingKey::LoginRequestsPerMinute => Value::from(60),
            SettingKey::LoginFailuresPerAccount => Value::from(5),
            SettingKey::LoginFailuresPerAddress => Value::from(50),
            SettingKey::LoginFailureDelaySeconds => Value::from(30),
            SettingKey::LoginFailureDelayMaxSeconds => Value::from(900),
            SettingKey::PasswordMaxAgeDays => Value::from(90),
            SettingKey::TotpRequiredRoles => Value::Array(Vec::new()),
            SettingKey::SnapshotHour => Value::from(22),
            SettingKey::RedRepeatDays => Value::from(3),
            SettingKey::MilestoneReminderDays => Value::from(3),
            SettingKey::DigestHour => Value::from(8),
            SettingKey::AttachmentMaxFileMb => Value::from(20),
            SettingKey::AttachmentMaxIssueMb => Value::from(200),
            SettingKey::AttachmentStripImageLocation => Value::Bool(true),
            SettingKey::SubmitEvidenceExemptCategories => Value::Array(Vec::new()),
        }
    }

    /// Checks a new value; `Err` says what is wrong, in Chinese.
    pub fn check(self, value: &Value) -> Result<(), String> {
        match self {
            SettingKey::Grayscale | SettingKey::AttachmentStripImageLocation => {
                value.as_bool().map(|_| ()).ok_or_else(|| "应为 true 或 false".to_owned())
            }
            SettingKey::DeadlineHorizonDays => value
                .as_i64()
                .filter(|d| (30..=3650).contains(d))
                .map(|_| ())
                .ok_or_else(|| "应为 30 到 3650 之间的天数".to_owned()),
            SettingKey::LoginRequestsPerMinute => integer_in(value, 1, 100_000, "次"),
            SettingKey::LoginFailuresPerAccount => integer_in(value, 1, 1_000, "次"),
            SettingKey::LoginFailuresPerAddress => integer_in(value, 1, 100_000, "次"),
            SettingKey::LoginFailureDelaySeconds => integer_in(value, 1, 3_600, "秒"),
            SettingKey::LoginFailureDelayMaxSeconds => integer_in(value, 1, 86_400, "秒"),
            SettingKey::PasswordMaxAgeDays => integer_in(value, 0, 3_650, "天, 0 表示不过期"),
            SettingKey::SnapshotHour | SettingKey::DigestHour => integer_in(value, 0, 23, "时, 北京时间"),
            SettingKey::RedRepeatDays => integer_in(value, 0, 30, "天, 0 表示只提醒一次"),
            SettingKey::MilestoneReminderDays => integer_in(value, 0, 30, "天, 0 表示只在当天提醒"),
            SettingKey::AttachmentMaxFileMb => integer_in(value, 1, 1_024, "MB"),
            SettingKey::AttachmentMaxIssueMb => integer_in(value, 1, 102_400, "MB"),
            SettingKey::SubmitEvidenceExemptCategories => codes(value),
            SettingKey::TotpRequiredRoles => business_roles(value),
        }
    }
}

fn integer_in(value: &Value, min: i64, max: i64, unit: &str) -> Result<(), String> {
    value
        .as_i64()
        .filter(|v| (min..=max).contains(v))
        .map(|_| ())
        .ok_or_else(|| format!("应为 {min} 到 {max} 之间的整数 ({unit})"))
}

/// A list of distinct business role codes (`office`, `leader`, `group_lead`, `unit`).
fn business_roles(value: &Value) -> Result<(), String> {
    const MESSAGE: &str = "应为业务角色代码的数组 (office、leader、group_lead、unit, 不重复)";
    let items = value.as_array().ok_or(MESSAGE)?;
    let mut seen = Vec::new();
    for item in items {
        match item.as_str().and_then(Role::from_code) {
            Some(r) if !r.is_administrator() && !seen.contains(&r) => seen.push(r),
            _ => return Err(MESSAGE.to_owned()),
        }
    }
    Ok(())
}

/// A list of at most 100 distinct codes (letters, digits, `_`, at most 50 characters each).
fn codes(value: &Value) -> Result<(), String> {
    const MESSAGE: &str = "应为问题类别代码的数组 (最多 100 个, 不重复)";
    let items = value.as_array().filter(|a| a.len() <= 100).ok_or(MESSAGE)?;
    let mut seen = Vec::new();
    for item in items {
        let code = item
            .as_str()
            .filter(|c| !c.is_empty() && c.len() <= 50 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'));
        match code {
            Some(c) if !seen.contains(&c) => seen.push(c),
            _ => return Err(MESSAGE.to_owned()),
        }
    }
    Ok(())
}

/// The settings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub grayscale: bool,
    pub deadline_horizon_days: i64,
    pub login_requests_per_minute: i64,
    pub login_failures_per_account: i64,
    pub login_failures_per_address: i64,
    pub login_failure_delay_seconds: i64,
    pub login_failure_delay_max_seconds: i64,
    pub password_max_age_days: i64,
    pub snapshot_hour: i64,
    pub red_repeat_days: i64,
    pub milestone_reminder_days: i64,
    pub digest_hour: i64,
    pub attachment_max_file_mb: i64,
    pub attachment_max_issue_mb: i64,
    pub attachment_strip_image_location: bool,
    pub submit_evidence_exempt_categories: Vec<String>,
    /// Business roles that must sign in with a second factor (besides the administrators).
    pub totp_required_roles: Vec<Role>,
}

impl Default for Settings {
    fn default() -> Self {
        Self::from_values(&[]).expect("defaults are valid")
    }
}

impl Settings {
    /// The typed view of the stored values (defaults for keys never set); a stored value of the
    /// wrong type is an error naming the key, never silently replaced.
    pub fn from_values(stored: &[(SettingKey, Value)]) -> Result<Self, String> {
        let get = |key: SettingKey| -> Result<Value, String> {
            let value = stored.iter().find(|(k, _)| *k == key).map_or_else(|| key.default_value(), |(_, v)| v.clone());
            key.check(&value).map_err(|e| format!("setting {}: {e}", key.code()))?;
            Ok(value)
        };
        Ok(Self {
            grayscale: get(SettingKey::Grayscale)?.as_bool().unwrap_or_default(),
            deadline_horizon_days: get(SettingKey::DeadlineHorizonDays)?.as_i64().unwrap_or_default(),
            login_requests_per_minute: get(SettingKey::LoginRequestsPerMinute)?.as_i64().unwrap_or_default(),
            login_failures_per_account: get(SettingKey::LoginFailuresPerAccount)?.as_i64().unwrap_or_default(),
            login_failures_per_address: get(SettingKey::LoginFailuresPerAddress)?.as_i64().unwrap_or_default(),
            login_failure_delay_seconds: get(SettingKey::LoginFailureDelaySeconds)?.as_i64().unwrap_or_default(),
            login_failure_delay_max_seconds: get(SettingKey::LoginFailureDelayMaxSeconds)?.as_i64().unwrap_or_default(),
            password_max_age_days: get(SettingKey::PasswordMaxAgeDays)?.as_i64().unwrap_or_default(),
            snapshot_hour: get(SettingKey::SnapshotHour)?.as_i64().unwrap_or_default(),
            red_repeat_days: get(SettingKey::RedRepeatDays)?.as_i64().unwrap_or_default(),
            milestone_reminder_days: get(SettingKey::MilestoneReminderDays)?.as_i64().unwrap_or_default(),
            digest_hour: get(SettingKey::DigestHour)?.as_i64().unwrap_or_default(),
            attachment_max_file_mb: get(SettingKey::AttachmentMaxFileMb)?.as_i64().unwrap_or_default(),
            attachment_max_issue_mb: get(SettingKey::AttachmentMaxIssueMb)?.as_i64().unwrap_or_default(),
            attachment_strip_image_location: get(SettingKey::AttachmentStripImageLocation)?
                .as_bool()
                .unwrap_or_default(),
            submit_evidence_exempt_categories: serde_json::from_value(get(SettingKey::SubmitEvidenceExemptCategories)?)
                .map_err(|e| format!("setting {}: {e}", SettingKey::SubmitEvidenceExemptCategories.code()))?,
            totp_required_roles: get(SettingKey::TotpRequiredRoles)?
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().and_then(Role::from_code)).collect())
                .unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn defaults_apply_until_a_value_is_stored() {
        assert!(!Settings::default().grayscale);
        let s = Settings::from_values(&[(SettingKey::Grayscale, json!(true))]).unwrap();
        assert!(s.grayscale);
    }

    #[test]
    fn values_of_the_wrong_type_are_refused_and_never_defaulted() {
        assert!(SettingKey::Grayscale.check(&json!("yes")).is_err());
        let err = Settings::from_values(&[(SettingKey::Grayscale, json!(1))]).unwrap_err();
        assert!(err.contains("display.grayscale"), "{err}");
    }

    #[test]
    fn the_deadline_horizon_is_bounded() {
        assert!(SettingKey::DeadlineHorizonDays.check(&json!(29)).is_err());
        assert!(SettingKey::DeadlineHorizonDays.check(&json!(365)).is_ok());
        assert_eq!(Settings::default().deadline_horizon_days, 730);
    }

    #[test]
    fn evidence_exemptions_are_a_list_of_codes() {
        let key = SettingKey::SubmitEvidenceExemptCategories;
        assert!(key.check(&json!(["agency_arrears"])).is_ok());
        assert!(key.check(&json!(["a", "a"])).is_err());
        assert!(key.check(&json!("agency_arrears")).is_err());
        assert!(key.check(&json!(["a b"])).is_err());
        assert!(Settings::default().submit_evidence_exempt_categories.is_empty());
        assert_eq!(
            (Settings::default().attachment_max_file_mb, Settings::default().attachment_max_issue_mb),
            (20, 200)
        );
    }

    #[test]
    fn totp_roles_are_business_roles() {
        let key = SettingKey::TotpRequiredRoles;
        assert!(key.check(&json!(["office", "leader"])).is_ok());
        assert!(key.check(&json!(["sysadmin"])).is_err());
        assert!(key.check(&json!(["office", "office"])).is_err());
        assert!(key.check(&json!(["nobody"])).is_err());
        let s = Settings::from_values(&[(key, json!(["unit"]))]).unwrap();
        assert_eq!(s.totp_required_roles, vec![Role::Unit]);
    }

    #[test]
    fn every_default_passes_its_own_check() {
        for k in SettingKey::ALL {
            assert!(k.check(&k.default_value()).is_ok(), "{k:?}");
        }
    }
}
