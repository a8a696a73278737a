//! Reading and changing run-time settings.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    audit::{self, Actor, Entry, RequestMeta},
    clock::Clock,
    db::DbConnection,
    domain::{
        permissions::Permission,
        roles::Role,
        settings::{SettingKey, Settings},
    },
    error::ApiError,
    service::{Committed, Context, validate::Validator},
    store::{self, settings::SettingRow},
};

/// One setting with its value in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct SettingDto {
    pub key: SettingKey,
    #[schema(example = "灰色模式")]
    pub label: String,
    /// A boolean or a number, as the setting's type says.
    pub value: serde_json::Value,
    /// The administrator role that may change it.
    pub managed_by: Role,
    /// Whether the caller may change it.
    pub editable: bool,
    /// Unset: the default applies.
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"value": true}))]
pub struct SettingValue {
    /// A boolean or a number, as the setting's type says.
    pub value: serde_json::Value,
}

fn stored(conn: &mut DbConnection) -> Result<Vec<(SettingKey, serde_json::Value, SettingRow)>, ApiError> {
    store::settings::all(conn)?
        .into_iter()
        .map(|row| {
            let key = SettingKey::from_code(&row.key)
                .ok_or_else(|| ApiError::internal(format!("unknown setting {:?} in the database", row.key)))?;
            let value = serde_json::from_str(&row.value_json)
                .map_err(|e| ApiError::internal(format!("setting {}: {e}", row.key)))?;
            Ok((key, value, row))
        })
        .collect()
}

/// The settings in force, typed (what use cases read).
pub fn current(conn: &mut DbConnection) -> Result<Settings, ApiError> {
    let values: Vec<_> = stored(conn)?.into_iter().map(|(k, v, _)| (k, v)).collect();
    Settings::from_values(&values).map_err(ApiError::internal)
}

/// Every setting with its value in force, for the administrators.
pub fn list(conn: &mut DbConnection, cx: &Context) -> Result<Vec<SettingDto>, ApiError> {
    cx.principal.require(Permission::ManageSettings)?;
    let rows = stored(conn)?;
    Ok(SettingKey::ALL
        .iter()
        .map(|k| {
            let row = rows.iter().find(|(key, ..)| key == k);
            SettingDto {
                key: *k,
                label: k.label().to_owned(),
                value: row.map_or_else(|| k.default_value(), |(_, v, _)| v.clone()),
                managed_by: k.managed_by(),
                editable: cx.principal.has_role(k.managed_by()),
                updated_at: row.map(|(.., r)| r.updated_at.and_utc()),
                updated_by: row.and_then(|(.., r)| r.updated_by.clone()),
            }
        })
        .collect())
}

/// Changes one setting: only its managing administrator; checked, audited (a refusal too,
/// committed as the outcome: `state.write(..).await??`).
pub fn update(
    conn: &mut DbConnection,
    cx: &Context,
    key: SettingKey,
    body: SettingValue,
) -> Result<Committed<SettingDto>, ApiError> {
    if !cx.principal.has_role(key.managed_by()) {
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "setting.update", "setting").entity(key.code()).result("denied"),
        )?;
        return Ok(Err(ApiError::forbidden(format!("「{}」只能由{}修改", key.label(), key.managed_by().label()))));
    }
    let mut dto = store_value(conn, &cx.clock, &cx.actor(), &cx.meta, &cx.principal.username, key, body.value)?;
    dto.editable = true;
    Ok(Ok(dto))
}

/// Changes one setting from the server host (`lvyue settings set`): the operator stands in for
/// the managing administrator; checked and audited as the system.
pub fn set_by_operator(
    conn: &mut DbConnection,
    clock: &Clock,
    key: SettingKey,
    value: serde_json::Value,
) -> Result<SettingDto, ApiError> {
    store_value(conn, clock, &Actor::system("cli"), &RequestMeta::internal(), "cli", key, value)
}

fn store_value(
    conn: &mut DbConnection,
    clock: &Clock,
    actor: &Actor,
    meta: &RequestMeta,
    by: &str,
    key: SettingKey,
    value: serde_json::Value,
) -> Result<SettingDto, ApiError> {
    let mut v = Validator::default();
    if let Err(msg) = key.check(&value) {
        v.add("value", msg);
    }
    v.finish()?;
    let before = store::settings::find(conn, key.code())?;
    let row = SettingRow {
        key: key.code().to_owned(),
        value_json: value.to_string(),
        updated_at: clock.now(),
        updated_by: Some(by.to_owned()),
    };
    store::settings::upsert(conn, &row)?;
    audit::append(
        conn,
        Entry::new(actor, meta, "setting.update", "setting")
            .entity(key.code())
            .before(
                before.map_or_else(|| key.default_value(), |b| serde_json::from_str(&b.value_json).unwrap_or_default()),
            )
            .after(&value),
    )?;
    Ok(SettingDto {
        key,
        label: key.label().to_owned(),
        value,
        managed_by: key.managed_by(),
        editable: false,
        updated_at: Some(row.updated_at.and_utc()),
        updated_by: row.updated_by,
    })
}
