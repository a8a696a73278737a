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
    Empty,
    /// 三员分立: the system administrator may not also audit.
    SysadminWithAuditor,
    GroupLeadWithoutGroup(usize),
    GroupOnNonLead(usize),
    Duplicate(usize),
}

impl RoleSetError {
    /// The request field the error belongs to, and the message.
    pub fn field_and_message(&self) -> (String, String) {
        match self {
            RoleSetError::Empty => ("roles".into(), "至少需要一个角色".into()),
            RoleSetError::SysadminWithAuditor => {
                ("roles".into(), "三员分立: 同一账号不能同时担任系统管理员和安全审计员".into())
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

/// Checks a set of grants: not empty, no duplicates, groups exactly on `group_lead`, and
/// never `sysadmin` together with `auditor`.
pub fn check_role_set<G: PartialEq>(grants: &[Grant<G>]) -> Result<(), RoleSetError> {
    if grants.is_empty() {
        return Err(RoleSetError::Empty);
    }
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
    let has = |r: Role| grants.iter().any(|g| g.role == r);
    if has(Role::Sysadmin) && has(Role::Auditor) {
        return Err(RoleSetError::SysadminWithAuditor);
    }
    Ok(())
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
                let separated = [a, b].contains(&Role::Sysadmin) && [a, b].contains(&Role::Auditor);
                if separated {
                    assert_eq!(result, Err(RoleSetError::SysadminWithAuditor), "{a:?}+{b:?}");
                } else if a == b && a != Role::GroupLead {
                    assert_eq!(result, Err(RoleSetError::Duplicate(1)), "{a:?}+{b:?}");
                } else {
                    assert_eq!(result, Ok(()), "{a:?}+{b:?}");
                }
            }
        }
    }

    #[test]
    fn groups_belong_to_group_lead_only() {
        assert_eq!(check_role_set::<u8>(&[]), Err(RoleSetError::Empty));
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
        let (field, msg) = RoleSetError::SysadminWithAuditor.field_and_message();
        assert_eq!(field, "roles");
        assert!(msg.contains("三员分立"));
    }
}
