//! Who is acting: a signed-in user or an integration's API key, with what it may do. The HTTP
//! layer builds one per request (`api::extract`); service functions take it.

use crate::{
    audit::Actor,
    db::{ApiKeyId, GroupId, IntegrationClientId, SessionId, UnitId, UserId},
    domain::{
        org::ActorKind,
        permissions::{self, ApiScope, IssueScope, Permission},
        roles::Role,
    },
    error::ApiError,
    store::users::HeldRole,
};

/// The account behind a principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A person, signed in within a session (a refresh-token family).
    User { id: UserId, session: SessionId },
    /// An integration signed in with an API key, holding its scopes (and no role), and the
    /// integration client the key belongs to (none for a key issued before clients existed and
    /// not carried into one, or by the deprecated `POST /api-keys`).
    ApiKey { id: ApiKeyId, scopes: Vec<ApiScope>, client_id: Option<IntegrationClientId> },
}

#[derive(Debug, Clone)]
pub struct Principal {
    pub subject: Subject,
    pub username: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub roles: Vec<HeldRole>,
    pub must_change_password: bool,
    /// The account signs in with a second factor (TOTP).
    pub totp_enabled: bool,
    /// The account's roles require a second factor it has not set up: until it does, it can do
    /// nothing but enrol (like a forced password change).
    pub must_enroll_totp: bool,
}

impl Principal {
    pub fn user_id(&self) -> Option<&UserId> {
        match &self.subject {
            Subject::User { id, .. } => Some(id),
            Subject::ApiKey { .. } => None,
        }
    }

    /// The user behind the request; 403 for an API key (the operation is for people).
    pub fn require_user(&self) -> Result<&UserId, ApiError> {
        self.user_id().ok_or_else(|| ApiError::forbidden("该操作只能由登录用户执行, API 密钥不能执行"))
    }

    pub fn session_id(&self) -> Option<&SessionId> {
        match &self.subject {
            Subject::User { session, .. } => Some(session),
            Subject::ApiKey { .. } => None,
        }
    }

    /// The user's or key's id as text, as problems and timelines record their author.
    pub fn subject_id(&self) -> String {
        match &self.subject {
            Subject::User { id, .. } => id.to_string(),
            Subject::ApiKey { id, .. } => id.to_string(),
        }
    }

    pub fn role_list(&self) -> Vec<Role> {
        let mut v: Vec<Role> = self.roles.iter().map(|r| r.role).collect();
        v.dedup();
        v
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|r| r.role == role)
    }

    pub fn can(&self, p: Permission) -> bool {
        match &self.subject {
            Subject::ApiKey { scopes, .. } => permissions::scope_grants(scopes, p),
            Subject::User { .. } => permissions::granted(&self.role_list(), p),
        }
    }

    /// The integration client of an API key.
    pub fn client_id(&self) -> Option<&IntegrationClientId> {
        match &self.subject {
            Subject::ApiKey { client_id, .. } => client_id.as_ref(),
            Subject::User { .. } => None,
        }
    }

    pub fn is_integration(&self) -> bool {
        matches!(self.subject, Subject::ApiKey { .. })
    }

    /// `user` or `api_key`, as problems and the audit trail record the author.
    pub fn kind(&self) -> ActorKind {
        if self.is_integration() { ActorKind::ApiKey } else { ActorKind::User }
    }

    /// 403 unless a role (or, for a key, a scope) grants `p`.
    pub fn require(&self, p: Permission) -> Result<(), ApiError> {
        match (self.can(p), self.is_integration()) {
            (true, _) => Ok(()),
            (false, true) => Err(ApiError::forbidden("该 API 密钥没有执行此操作的权限范围 (scope)")),
            (false, false) => Err(ApiError::forbidden("当前账号的角色无权执行此操作")),
        }
    }

    /// The groups this user leads.
    pub fn lead_groups(&self) -> Vec<GroupId> {
        self.roles.iter().filter(|r| r.role == Role::GroupLead).filter_map(|r| r.group_id.clone()).collect()
    }

    pub fn issue_scope(&self) -> IssueScope<GroupId, UnitId> {
        let grants: Vec<(Role, Option<GroupId>)> = self.roles.iter().map(|r| (r.role, r.group_id.clone())).collect();
        permissions::issue_scope(&grants, &self.unit_id)
    }

    /// Roles as the audit trail records them: `office,group_lead:investment`.
    pub fn roles_text(&self) -> String {
        self.roles
            .iter()
            .map(|r| match &r.group_code {
                Some(g) => format!("{}:{g}", r.role.code()),
                None => r.role.code().to_owned(),
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn actor(&self) -> Actor {
        Actor {
            kind: self.kind(),
            id: Some(self.subject_id()),
            name: Some(self.username.clone()),
            roles: Some(self.roles_text()),
            unit_id: Some(self.unit_id.to_string()),
        }
    }
}
