//! The organisation (一办五组): units (单位) and work groups (工作组). Read by every signed-in
//! user for the SPA's pickers; changed by the system administrator, each change audited.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    audit::{self, Entry},
    db::{DbConnection, GroupId, UnitId},
    domain::{org::UnitKind, permissions::Permission},
    error::ApiError,
    service::{Committed, Context, guarded, validate::Validator},
    store::{self, groups::Group, units::Unit},
};

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDto {
    pub id: UnitId,
    /// A stable code (e.g. `finance`).
    #[schema(example = "finance")]
    pub code: String,
    #[schema(example = "区财政局")]
    pub name: String,
    /// Another name the same unit is known by (e.g. 区国资局).
    #[schema(example = "区国资局")]
    pub alias: Option<String>,
    pub kind: UnitKind,
    pub active: bool,
    pub sort_order: i32,
}

impl From<Unit> for UnitDto {
    fn from(u: Unit) -> Self {
        Self {
            id: u.id,
            code: u.code,
            name: u.name,
            alias: u.alias,
            kind: u.kind,
            active: u.active,
            sort_order: u.sort_order,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUnit {
    /// A stable code: lower-case letters, digits and `_`.
    #[schema(example = "soe_water", pattern = "^[a-z][a-z0-9_]{1,39}$")]
    pub code: String,
    #[schema(example = "区水务集团", max_length = 50, pattern = r"\S")]
    pub name: String,
    #[schema(max_length = 50)]
    pub alias: Option<String>,
    pub kind: UnitKind,
    pub sort_order: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "区水务投资集团", "active": false}))]
pub struct UpdateUnit {
    #[schema(max_length = 50, pattern = r"\S")]
    pub name: Option<String>,
    /// Another name; an empty string removes it.
    #[schema(max_length = 50)]
    pub alias: Option<String>,
    pub kind: Option<UnitKind>,
    /// `false` deactivates the unit: it keeps its history but receives nothing new.
    pub active: Option<bool>,
    pub sort_order: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupDto {
    pub id: GroupId,
    #[schema(example = "funds")]
    pub code: String,
    #[schema(example = "涉企资金规范拨付组")]
    pub name: String,
    pub lead_unit_id: UnitId,
    #[schema(example = "区财政局")]
    pub lead_unit_name: String,
    /// The problem category the group handles; none for the 综合办公室.
    #[schema(example = "funds")]
    pub category: Option<String>,
    /// Member (配合) units.
    pub member_unit_ids: Vec<UnitId>,
    pub sort_order: i32,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateGroup {
    #[schema(max_length = 50, pattern = r"\S")]
    pub name: Option<String>,
    pub lead_unit_id: Option<UnitId>,
    /// Replaces the member (配合) units.
    pub member_unit_ids: Option<Vec<UnitId>>,
}

fn unit_not_found() -> ApiError {
    ApiError::not_found("单位不存在")
}

fn group_not_found() -> ApiError {
    ApiError::not_found("工作组不存在")
}

fn valid_code(s: &str) -> bool {
    let b = s.as_bytes();
    (2..=40).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}

/// 409 when a unit name (or alias) clashes with another unit's name or alias.
fn refuse_taken_name(conn: &mut DbConnection, name: &str, except: Option<&UnitId>) -> Result<(), ApiError> {
    if store::units::find_by_name(conn, name)?.is_some_and(|u| Some(&u.id) != except) {
        return Err(ApiError::conflict("unit_name_taken", format!("单位名称 {name} 已存在")));
    }
    Ok(())
}

/// The units, for every signed-in user.
pub fn list_units(conn: &mut DbConnection, cx: &Context, include_inactive: bool) -> Result<Vec<UnitDto>, ApiError> {
    cx.principal.require(Permission::ReadOrganisation)?;
    Ok(store::units::list(conn, include_inactive)?.into_iter().map(UnitDto::from).collect())
}

/// 新建单位: the code is stable (imports use it), name and alias unique among names and aliases.
pub fn create_unit(conn: &mut DbConnection, cx: &Context, cmd: CreateUnit) -> Result<Committed<Unit>, ApiError> {
    guarded(conn, cx, Permission::ManageOrganisation, ("unit.create", "unit"), |conn| {
        let mut v = Validator::default();
        let code = cmd.code.trim().to_owned();
        v.check(valid_code(&code), "code", "编码应为 2 到 40 个小写字母、数字或下划线, 以字母开头");
        let name = v.text("name", &cmd.name, 50);
        let alias = v.optional_text("alias", cmd.alias.as_deref(), 50);
        v.finish()?;
        if store::units::find_by_code(conn, &code)?.is_some() {
            return Err(ApiError::conflict("unit_code_taken", format!("单位编码 {code} 已存在")));
        }
        refuse_taken_name(conn, &name, None)?;
        if let Some(a) = alias.as_deref() {
            // An alias that clashes is reported under the unit's name, as it always was.
            refuse_taken_name(conn, a, None)
                .map_err(|_| ApiError::conflict("unit_name_taken", format!("单位名称 {name} 已存在")))?;
        }
        let now = cx.clock.now();
        let unit = Unit {
            id: UnitId::new(),
            code,
            name,
            alias,
            kind: cmd.kind,
            active: true,
            sort_order: cmd.sort_order.unwrap_or(1000),
            created_at: now,
            updated_at: now,
        };
        store::units::insert(conn, &unit)?;
        audit::append(conn, Entry::new(&cx.actor(), &cx.meta, "unit.create", "unit").entity(&unit.id).after(&unit))?;
        Ok(unit)
    })
}

/// 修改单位 (改名、停用): a deactivated unit keeps its problems but receives nothing new.
pub fn update_unit(
    conn: &mut DbConnection,
    cx: &Context,
    id: &UnitId,
    cmd: UpdateUnit,
) -> Result<Committed<Unit>, ApiError> {
    guarded(conn, cx, Permission::ManageOrganisation, ("unit.update", "unit"), |conn| {
        let before = store::units::find(conn, id)?.ok_or_else(unit_not_found)?;
        let mut unit = before.clone();
        let mut v = Validator::default();
        if let Some(name) = &cmd.name {
            unit.name = v.text("name", name, 50);
        }
        if let Some(alias) = &cmd.alias {
            unit.alias = v.optional_text("alias", Some(alias), 50);
        }
        v.finish()?;
        if unit.name != before.name {
            refuse_taken_name(conn, &unit.name, Some(id))?;
        }
        if let Some(alias) = unit.alias.as_deref().filter(|a| Some(*a) != before.alias.as_deref()) {
            refuse_taken_name(conn, alias, Some(id))?;
        }
        unit.kind = cmd.kind.unwrap_or(unit.kind);
        unit.active = cmd.active.unwrap_or(unit.active);
        unit.sort_order = cmd.sort_order.unwrap_or(unit.sort_order);
        unit.updated_at = cx.clock.now();
        store::units::update(conn, &unit)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "unit.update", "unit").entity(id).before(&before).after(&unit),
        )?;
        Ok(unit)
    })
}

/// 删除单位: only a unit nothing refers to (no account, group or problem); otherwise deactivate it.
pub fn delete_unit(conn: &mut DbConnection, cx: &Context, id: &UnitId) -> Result<Committed<()>, ApiError> {
    guarded(conn, cx, Permission::ManageOrganisation, ("unit.delete", "unit"), |conn| {
        let unit = store::units::find(conn, id)?.ok_or_else(unit_not_found)?;
        if let Some(what) = store::units::referenced_by(conn, id)? {
            return Err(ApiError::conflict(
                "unit_referenced",
                format!("单位 {} 仍被{what}引用, 不能删除, 可改为停用", unit.name),
            ));
        }
        store::units::delete(conn, id)?;
        audit::append(conn, Entry::new(&cx.actor(), &cx.meta, "unit.delete", "unit").entity(id).before(&unit))?;
        Ok(())
    })
}

fn load_groups(conn: &mut DbConnection) -> Result<Vec<GroupDto>, ApiError> {
    let groups = store::groups::list(conn)?;
    let members = store::groups::all_members(conn)?;
    let units = store::units::list(conn, true)?;
    Ok(groups
        .into_iter()
        .map(|g| GroupDto {
            lead_unit_name: units.iter().find(|u| u.id == g.lead_unit_id).map(|u| u.name.clone()).unwrap_or_default(),
            member_unit_ids: members.iter().filter(|(gid, _)| *gid == g.id).map(|(_, u)| u.clone()).collect(),
            id: g.id,
            code: g.code,
            name: g.name,
            lead_unit_id: g.lead_unit_id,
            category: g.category,
            sort_order: g.sort_order,
        })
        .collect())
}

fn load_group(conn: &mut DbConnection, id: &GroupId) -> Result<GroupDto, ApiError> {
    load_groups(conn)?.into_iter().find(|g| &g.id == id).ok_or_else(group_not_found)
}

/// The 综合办公室 and the five work groups with their lead and member units.
pub fn list_groups(conn: &mut DbConnection, cx: &Context) -> Result<Vec<GroupDto>, ApiError> {
    cx.principal.require(Permission::ReadOrganisation)?;
    load_groups(conn)
}

/// Checks the units a group change names (the lead must be active; members must exist, once).
fn check_group_units(conn: &mut DbConnection, group: &mut Group, cmd: &UpdateGroup) -> Result<(), ApiError> {
    let mut v = Validator::default();
    if let Some(name) = &cmd.name {
        group.name = v.text("name", name, 50);
    }
    if let Some(lead) = &cmd.lead_unit_id {
        match store::units::find(conn, lead)? {
            Some(u) if u.active => group.lead_unit_id = lead.clone(),
            Some(_) => v.add("lead_unit_id", "单位已停用"),
            None => v.add("lead_unit_id", "单位不存在"),
        }
    }
    for (i, m) in cmd.member_unit_ids.iter().flatten().enumerate() {
        if store::units::find(conn, m)?.is_none() {
            v.add(format!("member_unit_ids[{i}]"), "单位不存在");
        }
        if cmd.member_unit_ids.as_ref().is_some_and(|all| all[..i].contains(m)) {
            v.add(format!("member_unit_ids[{i}]"), "单位重复");
        }
    }
    v.finish()
}

/// 修改工作组 (名称、牵头单位、配合单位), audited with its before and after.
pub fn update_group(
    conn: &mut DbConnection,
    cx: &Context,
    id: &GroupId,
    cmd: UpdateGroup,
) -> Result<Committed<GroupDto>, ApiError> {
    guarded(conn, cx, Permission::ManageOrganisation, ("group.update", "group"), |conn| {
        let before = load_group(conn, id)?;
        let mut group = store::groups::find(conn, id)?.ok_or_else(group_not_found)?;
        check_group_units(conn, &mut group, &cmd)?;
        group.updated_at = cx.clock.now();
        store::groups::save(conn, &group)?;
        if let Some(members) = &cmd.member_unit_ids {
            store::groups::set_members(conn, id, members)?;
        }
        let after = load_group(conn, id)?;
        audit::append(
            conn,
            Entry::new(&cx.actor(), &cx.meta, "group.update", "group").entity(id).before(&before).after(&after),
        )?;
        Ok(after)
    })
}
