//! What each role may do (role × action), as one table. Data scope over problems is decided
//! here too; the query that applies it lives in `store`.

use serde::Serialize;
use utoipa::ToSchema;

use super::roles::Role;

/// An action on a kind of resource, independent of any one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Read units, groups and dictionaries (the SPA's pickers).
    ReadOrganisation,
    /// Create, rename, deactivate units; edit groups and their members.
    ManageOrganisation,
    /// Create accounts, edit their profile (name, unit), deactivate and reactivate them; never
    /// their roles nor their credentials (三员分立).
    ManageUsers,
    /// Issue and revoke API keys.
    ManageApiKeys,
    /// Edit the category, problem type and source dictionaries.
    ManageDictionaries,
    /// Read the audit trail and verify its chain.
    ReadAudit,
    /// Read problems (within the data scope).
    ReadIssues,
    /// Register a problem (自查登记 or from a clue).
    RegisterIssues,
    /// Export problem lists and reports (within the data scope).
    ExportIssues,
    /// Read dashboards and statistics (within the data scope).
    ReadStatistics,
    /// Import problem lists (JSON, CSV, XLSX).
    ImportIssues,
    /// Migrate a ledger already in progress (imports in any state, `mode=migrate`).
    MigrateIssues,
    /// Read the run-time settings (系统设置) and change the ones the role manages.
    ManageSettings,
    /// List and read accounts (用户管理).
    ReadUsers,
    /// Grant and revoke roles (and their groups) of other accounts.
    ManageRoles,
    /// Reset other accounts' passwords and second factors; lift sign-in waits.
    ResetCredentials,
    /// Create, open and close campaigns (专项行动); review milestone submissions.
    ManageCampaigns,
    /// File a milestone submission (节点报送) for one's unit.
    SubmitMilestones,
}

impl Permission {
    pub const ALL: [Permission; 18] = [
        Permission::ReadOrganisation,
        Permission::ManageOrganisation,
        Permission::ManageUsers,
        Permission::ManageApiKeys,
        Permission::ManageDictionaries,
        Permission::ReadAudit,
        Permission::ReadIssues,
        Permission::RegisterIssues,
        Permission::ExportIssues,
        Permission::ReadStatistics,
        Permission::ImportIssues,
        Permission::MigrateIssues,
        Permission::ManageSettings,
        Permission::ReadUsers,
        Permission::ManageRoles,
        Permission::ResetCredentials,
        Permission::ManageCampaigns,
        Permission::SubmitMilestones,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Permission::ReadOrganisation => "read_organisation",
            Permission::ManageOrganisation => "manage_organisation",
            Permission::ManageUsers => "manage_users",
            Permission::ManageApiKeys => "manage_api_keys",
            Permission::ManageDictionaries => "manage_dictionaries",
            Permission::ReadAudit => "read_audit",
            Permission::ReadIssues => "read_issues",
            Permission::RegisterIssues => "register_issues",
            Permission::ExportIssues => "export_issues",
            Permission::ReadStatistics => "read_statistics",
            Permission::ImportIssues => "import_issues",
            Permission::MigrateIssues => "migrate_issues",
            Permission::ManageSettings => "manage_settings",
            Permission::ReadUsers => "read_users",
            Permission::ManageRoles => "manage_roles",
            Permission::ResetCredentials => "reset_credentials",
            Permission::ManageCampaigns => "manage_campaigns",
            Permission::SubmitMilestones => "submit_milestones",
        }
    }
}

/// The role × permission table. Business roles never administer; administrative roles
/// never see business data (三员分立).
pub fn role_grants(role: Role, permission: Permission) -> bool {
    use Permission as P;
    use Role as R;
    match permission {
        P::ReadOrganisation => true,
        P::ManageOrganisation | P::ManageUsers | P::ManageApiKeys | P::ManageDictionaries => role == R::Sysadmin,
        P::ReadAudit => role == R::Auditor,
        P::ReadUsers => matches!(role, R::Sysadmin | R::Secadmin),
        P::ManageRoles | P::ResetCredentials => role == R::Secadmin,
        P::ReadIssues => matches!(role, R::Office | R::Leader | R::GroupLead | R::Unit),
        // A group lead registers and imports its group's 自查 findings (#20).
        P::RegisterIssues | P::ImportIssues => matches!(role, R::Office | R::Unit | R::GroupLead),
        P::ExportIssues | P::ReadStatistics => matches!(role, R::Office | R::Leader | R::GroupLead),
        P::MigrateIssues | P::ManageCampaigns => role == R::Office,
        P::SubmitMilestones => matches!(role, R::GroupLead | R::Unit),
        // The roles that manage at least one setting (the ledger's rules are the office's).
        P::ManageSettings => super::settings::SettingKey::ALL.iter().any(|k| k.managed_by() == role),
    }
}

/// A scope of an API key (an integration: the portal, complaint platforms, scripts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, ToSchema)]
pub enum ApiScope {
    /// Read the problems the key registered.
    #[serde(rename = "issues:read")]
    IssuesRead,
    /// Register problems.
    #[serde(rename = "issues:write")]
    IssuesWrite,
    /// Import problem lists.
    #[serde(rename = "imports:write")]
    ImportsWrite,
}

impl ApiScope {
    pub const ALL: [ApiScope; 3] = [ApiScope::IssuesRead, ApiScope::IssuesWrite, ApiScope::ImportsWrite];

    pub fn code(self) -> &'static str {
        match self {
            ApiScope::IssuesRead => "issues:read",
            ApiScope::IssuesWrite => "issues:write",
            ApiScope::ImportsWrite => "imports:write",
        }
    }

    pub fn from_code(code: &str) -> Option<ApiScope> {
        ApiScope::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What an API key's scopes allow: nothing administrative, no transitions.
pub fn scope_grants(scopes: &[ApiScope], permission: Permission) -> bool {
    let needed = match permission {
        Permission::ReadIssues => ApiScope::IssuesRead,
        Permission::RegisterIssues => ApiScope::IssuesWrite,
        Permission::ImportIssues => ApiScope::ImportsWrite,
        _ => return false,
    };
    scopes.contains(&needed)
}

/// Whether any of `roles` grants `permission`.
pub fn granted(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|r| role_grants(*r, permission))
}

/// Every permission `roles` grant, in a stable order.
pub fn effective(roles: &[Role]) -> Vec<Permission> {
    Permission::ALL.into_iter().filter(|p| granted(roles, *p)).collect()
}

crate::coded_enum! {
    /// How a unit is involved in a problem (the membership that decides a unit's data scope).
    pub enum Relation("membership relation") {
        /// 责任单位
        Responsible = ("responsible", "责任单位"),
        /// 报送单位
        Reporting = ("reporting", "报送单位"),
        /// 配合单位
        Cooperating = ("cooperating", "配合单位"),
        /// 曾经办理: held the problem and gave it back (returned, or no longer cooperating);
        /// keeps read access to its history.
        Former = ("former", "曾经办理"),
        /// 发现单位: found the problem itself (自查) — registered it, or the office registered it on
        /// its behalf. A fact of the problem's history: never removed, decides the self-report
        /// exemption (docs/scoring.md).
        FoundBy = ("found_by", "发现单位"),
    }
}

/// Which problems a caller sees.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IssueScope<G, U> {
    /// office, leader: every problem.
    All,
    /// group_lead and/or unit: the problems of these groups, and those this unit is involved
    /// in (any [`Relation`]).
    Limited { groups: Vec<G>, unit: Option<U> },
    /// auditor, sysadmin: none.
    Nothing,
}

/// The data scope of a user from its grants and unit.
pub fn issue_scope<G: Clone, U: Clone>(grants: &[(Role, Option<G>)], unit: &U) -> IssueScope<G, U> {
    if grants.iter().any(|(r, _)| matches!(r, Role::Office | Role::Leader)) {
        return IssueScope::All;
    }
    let groups: Vec<G> = grants.iter().filter(|(r, _)| *r == Role::GroupLead).filter_map(|(_, g)| g.clone()).collect();
    let unit = grants.iter().any(|(r, _)| *r == Role::Unit).then(|| unit.clone());
    if groups.is_empty() && unit.is_none() { IssueScope::Nothing } else { IssueScope::Limited { groups, unit } }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as docs/domain.md and the README state it, written out cell by cell.
    const EXPECTED: [(Role, &[Permission]); 7] = {
        use Permission as P;
        [
            (
                Role::Office,
                &[
                    P::ReadOrganisation,
                    P::ReadIssues,
                    P::RegisterIssues,
                    P::ExportIssues,
                    P::ReadStatistics,
                    P::ImportIssues,
                    P::MigrateIssues,
                    P::ManageSettings,
                    P::ManageCampaigns,
                ],
            ),
            (Role::Leader, &[P::ReadOrganisation, P::ReadIssues, P::ExportIssues, P::ReadStatistics]),
            (
                Role::GroupLead,
                &[
                    P::ReadOrganisation,
                    P::ReadIssues,
                    P::RegisterIssues,
                    P::ExportIssues,
                    P::ReadStatistics,
                    P::ImportIssues,
                    P::SubmitMilestones,
                ],
            ),
            (
                Role::Unit,
                &[P::ReadOrganisation, P::ReadIssues, P::RegisterIssues, P::ImportIssues, P::SubmitMilestones],
            ),
            (Role::Auditor, &[P::ReadOrganisation, P::ReadAudit]),
            (
                Role::Sysadmin,
                &[
                    P::ReadOrganisation,
                    P::ManageOrganisation,
                    P::ManageUsers,
                    P::ManageApiKeys,
                    P::ManageDictionaries,
                    P::ManageSettings,
                    P::ReadUsers,
                ],
            ),
            (
                Role::Secadmin,
                &[P::ReadOrganisation, P::ManageSettings, P::ReadUsers, P::ManageRoles, P::ResetCredentials],
            ),
        ]
    };

    #[test]
    fn every_cell_of_the_table() {
        for (role, allowed) in EXPECTED {
            for p in Permission::ALL {
                assert_eq!(role_grants(role, p), allowed.contains(&p), "{role:?} × {p:?}");
            }
        }
    }

    #[test]
    fn administration_and_business_are_separate() {
        for p in [Permission::ReadIssues, Permission::ExportIssues, Permission::ReadStatistics] {
            assert!(!granted(&[Role::Sysadmin], p));
            assert!(!granted(&[Role::Auditor], p));
        }
        assert!(!granted(&[Role::Sysadmin], Permission::ReadAudit));
        assert!(!granted(&[Role::Auditor], Permission::ManageUsers));
        // Who creates an account never grants it roles nor resets its password.
        for role in Role::ALL.iter().copied() {
            assert!(!(role_grants(role, Permission::ManageUsers) && role_grants(role, Permission::ManageRoles)));
            assert!(!(role_grants(role, Permission::ManageUsers) && role_grants(role, Permission::ResetCredentials)));
            assert!(!(role_grants(role, Permission::ReadAudit) && role_grants(role, Permission::ManageRoles)));
        }
    }

    #[test]
    fn effective_is_the_union() {
        let e = effective(&[Role::Unit, Role::GroupLead]);
        assert!(e.contains(&Permission::RegisterIssues) && e.contains(&Permission::ExportIssues));
        assert!(!e.contains(&Permission::ManageUsers));
    }

    #[test]
    fn api_key_scopes() {
        for p in Permission::ALL {
            let expected = matches!(p, Permission::ReadIssues | Permission::RegisterIssues | Permission::ImportIssues);
            assert_eq!(scope_grants(&ApiScope::ALL, p), expected, "{p:?}");
        }
        assert!(!scope_grants(&[ApiScope::IssuesRead], Permission::ImportIssues));
        assert!(scope_grants(&[ApiScope::ImportsWrite], Permission::ImportIssues));
        assert_eq!(ApiScope::from_code("imports:write"), Some(ApiScope::ImportsWrite));
        assert_eq!(serde_json::to_value(ApiScope::IssuesRead).unwrap(), "issues:read");
    }

    #[test]
    fn scopes() {
        assert_eq!(issue_scope::<u8, u8>(&[(Role::Office, None)], &9), IssueScope::All);
        assert_eq!(issue_scope::<u8, u8>(&[(Role::Leader, None), (Role::Unit, None)], &9), IssueScope::All);
        assert_eq!(
            issue_scope(&[(Role::GroupLead, Some(1)), (Role::GroupLead, Some(2))], &9),
            IssueScope::Limited { groups: vec![1, 2], unit: None }
        );
        assert_eq!(
            issue_scope::<u8, u8>(&[(Role::Unit, None)], &9),
            IssueScope::Limited { groups: vec![], unit: Some(9) }
        );
        assert_eq!(issue_scope::<u8, u8>(&[(Role::Auditor, None)], &9), IssueScope::Nothing);
        assert_eq!(issue_scope::<u8, u8>(&[(Role::Sysadmin, None)], &9), IssueScope::Nothing);
    }
}
