//! Roles (docs/domain.md) and the rules on which roles one account may hold together.

crate::coded_enum! {
    /// A role. `group_lead` is held for one work group.
    pub enum Role("role") {
        /// 综合办公室
        Office = ("office", "综合办公室"),
        /// 领导
        Leader = ("leader", "领导"),
        /// 工作组牵头单位
        GroupLead = ("group_lead", "工作组牵头单位"),
        /// 责任单位
        Unit = ("unit", "责任单位"),
        /// 安全审计员
        Auditor = ("auditor", "安全审计员"),
        /// 系统管理员
        Sysadmin = ("sysadmin", "系统管理员"),
        /// 安全管理员
        Secadmin = ("secadmin", "安全管理员"),
    }
}

impl Role {
    /// The three administrators of 三员分立 (GB/T 22239): 系统管理员, 安全管理员, 安全审计员.
    pub const ADMINISTRATORS: [Role; 3] = [Role::Sysadmin, Role::Secadmin, Role::Auditor];

    /// Whether this is one of the three administrators (else a business role).
    pub fn is_administrator(self) -> bool {
        Role::ADMINISTRATORS.contains(&self)
    }
}

/// A role as held: `group` is set exactly for `group_lead`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Grant<G> {
    pub role: Role,
    pub group: Option<G>,
}

/// Why a set of roles may not be held by one account. Messages are for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleSetError {
    /// 三员分立: no account holds two of sysadmin, secadmin and auditor.
    TwoAdministrators(Role, Role),
    /// 三员分立: an administrator holds no business role besides.
    AdministratorWithBusiness(Role, Role),
    GroupLeadWithoutGroup(usize),
    GroupOnNonLead(usize),
    Duplicate(usize),
}

impl RoleSetError {
    /// The request field the error belongs to, and the message.
    pub fn field_and_message(&self) -> (String, String) {
        match self {
            RoleSetError::TwoAdministrators(a, b) => {
                ("roles".into(), format!("三员分立: 同一账号不能同时担任{}和{}", a.label(), b.label()))
            }
            RoleSetError::AdministratorWithBusiness(a, b) => {
                ("roles".into(), format!("三员分立: {}不能同时担任业务角色{}", a.label(), b.label()))
            }
            RoleSetError::GroupLeadWithoutGroup(i) => {
                (format!("roles[{i}].group_id"), "工作组牵头单位角色必须指定工作组".into())
            }
            RoleSetError::GroupOnNonLead(i) => {
                (format!("roles[{i}].group_id"), "只有工作组牵头单位角色可以指定工作组".into())
            }
            RoleSetError::Duplicate(i) => (format!("roles[{i}]"), "角色重复".into()),
        }
    }
}

/// Checks a set of grants: no duplicates, groups exactly on `group_lead`, at most one of the
/// three administrators and then no business role besides (三员分立). An empty set is an
/// account waiting for the security administrator to grant its roles.
pub fn check_role_set<G: PartialEq>(grants: &[Grant<G>]) -> Result<(), RoleSetError> {
    for (i, g) in grants.iter().enumerate() {
        match (g.role, &g.group) {
            (Role::GroupLead, None) => return Err(RoleSetError::GroupLeadWithoutGroup(i)),
            (r, Some(_)) if r != Role::GroupLead => return Err(RoleSetError::GroupOnNonLead(i)),
            _ => {}
        }
        if grants[..i].iter().any(|o| o.role == g.role && o.group == g.group) {
            return Err(RoleSetError::Duplicate(i));
        }
    }
    separation_conflict(grants.iter().map(|g| g.role))
}

/// The first 三员分立 conflict among `roles`, if any (also used to list the accounts that an
/// earlier release let hold two such roles: they are kept, and shown to the security administrator).
pub fn separation_conflict(roles: impl IntoIterator<Item = Role>) -> Result<(), RoleSetError> {
    let roles: Vec<Role> = roles.into_iter().collect();
    let mut admins = Role::ADMINISTRATORS.into_iter().filter(|a| roles.contains(a));
    let Some(admin) = admins.next() else { return Ok(()) };
    if let Some(other) = admins.next() {
        return Err(RoleSetError::TwoAdministrators(admin, other));
    }
    match roles.iter().find(|r| !r.is_administrator()) {
        Some(business) => Err(RoleSetError::AdministratorWithBusiness(admin, *business)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(role: Role, group: Option<u8>) -> Grant<u8> {
        Grant { role, group }
    }

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL.iter().copied() {
            assert_eq!(Role::from_code(r.code()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        }
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn every_pair_of_roles_is_judged() {
        for a in Role::ALL.iter().copied() {
            for b in Role::ALL.iter().copied() {
                let ga = if a == Role::GroupLead { Some(1) } else { None };
                let gb = if b == Role::GroupLead { Some(2) } else { None };
                let set = [g(a, ga), g(b, gb)];
                let result = check_role_set(&set);
                if a == b && a != Role::GroupLead {
                    assert_eq!(result, Err(RoleSetError::Duplicate(1)), "{a:?}+{b:?}");
                } else if a.is_administrator() && b.is_administrator() {
                    assert!(matches!(result, Err(RoleSetError::TwoAdministrators(..))), "{a:?}+{b:?}");
                } else if a.is_administrator() || b.is_administrator() {
                    assert!(matches!(result, Err(RoleSetError::AdministratorWithBusiness(..))), "{a:?}+{b:?}");
                } else {
                    assert_eq!(result, Ok(()), "{a:?}+{b:?}");
                }
            }
        }
    }

    #[test]
    fn groups_belong_to_group_lead_only() {
        assert_eq!(check_role_set::<u8>(&[]), Ok(()), "an account waiting for its roles");
        assert_eq!(check_role_set(&[g(Role::GroupLead, None)]), Err(RoleSetError::GroupLeadWithoutGroup(0)));
        assert_eq!(
            check_role_set(&[g(Role::Unit, None), g(Role::Office, Some(1))]),
            Err(RoleSetError::GroupOnNonLead(1))
        );
        assert_eq!(
            check_role_set(&[g(Role::GroupLead, Some(1)), g(Role::GroupLead, Some(1))]),
            Err(RoleSetError::Duplicate(1))
        );
        assert_eq!(check_role_set(&[g(Role::GroupLead, Some(1)), g(Role::GroupLead, Some(2))]), Ok(()));
        let (field, msg) = RoleSetError::TwoAdministrators(Role::Sysadmin, Role::Auditor).field_and_message();
        assert_eq!(field, "roles");
        assert!(msg.contains("三员分立") && msg.contains("系统管理员") && msg.contains("安全审计员"), "{msg}");
    }

    #[test]
    fn three_administrators_are_separate() {
        assert_eq!(Role::ADMINISTRATORS.len(), 3);
        assert!(Role::ALL.iter().filter(|r| r.is_administrator()).count() == 3);
        assert_eq!(separation_conflict([Role::Secadmin]), Ok(()));
        assert_eq!(
            separation_conflict([Role::Office, Role::Secadmin]),
            Err(RoleSetError::AdministratorWithBusiness(Role::Secadmin, Role::Office))
        );
        assert_eq!(
            separation_conflict([Role::Auditor, Role::Sysadmin, Role::Secadmin]),
            Err(RoleSetError::TwoAdministrators(Role::Sysadmin, Role::Secadmin))
        );
        assert_eq!(separation_conflict([Role::Leader, Role::Unit, Role::GroupLead]), Ok(()));
    }
}
