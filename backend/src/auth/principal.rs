//! Who is calling: the principal extractor. Every protected handler takes a [`Principal`]
//! (or a [`SessionPrincipal`] where an account that must change its password is still let in).

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};

use crate::{
    audit::Actor,
    db::Id,
    domain::{
        permissions::{self, ApiScope, IssueScope, Permission},
        roles::Role,
    },
    error::ApiError,
    startup::AppState,
    store::{self, users::HeldRole},
};

#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: Id,
    pub username: String,
    pub display_name: String,
    pub unit_id: Id,
    pub unit_name: String,
    pub roles: Vec<HeldRole>,
    /// The sign-in session (refresh-token family) of the access token.
    pub session_id: Id,
    pub must_change_password: bool,
    /// Set for an integration signed in with an API key: its scopes (it holds no role).
    pub api_key: Option<Vec<ApiScope>>,
}

impl Principal {
    pub fn role_list(&self) -> Vec<Role> {
        let mut v: Vec<Role> = self.roles.iter().map(|r| r.role).collect();
        v.dedup();
        v
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|r| r.role == role)
    }

    pub fn can(&self, p: Permission) -> bool {
        match &self.api_key {
            Some(scopes) => permissions::scope_grants(scopes, p),
            None => permissions::granted(&self.role_list(), p),
        }
    }

    pub fn is_integration(&self) -> bool {
        self.api_key.is_some()
    }

    /// `user` or `api_key`, as problems and the audit trail record the author.
    pub fn kind(&self) -> &'static str {
        if self.is_integration() { "api_key" } else { "user" }
    }

    /// 403 unless a role grants `p`.
    pub fn require(&self, p: Permission) -> Result<(), ApiError> {
        match (self.can(p), self.is_integration()) {
            (true, _) => Ok(()),
            (false, true) => Err(ApiError::forbidden("该 API 密钥没有执行此操作的权限范围 (scope)")),
            (false, false) => Err(ApiError::forbidden("当前账号的角色无权执行此操作")),
        }
    }

    /// The groups this user leads.
    pub fn lead_groups(&self) -> Vec<Id> {
        self.roles.iter().filter(|r| r.role == Role::GroupLead).filter_map(|r| r.group_id.clone()).collect()
    }

    pub fn issue_scope(&self) -> IssueScope<Id, Id> {
        let grants: Vec<(Role, Option<Id>)> = self.roles.iter().map(|r| (r.role, r.group_id.clone())).collect();
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
            id: Some(self.user_id.to_string()),
            name: Some(self.username.clone()),
            roles: Some(self.roles_text()),
            unit_id: Some(self.unit_id.to_string()),
        }
    }
}

/// A signed-in user whose account may still have to change its password (for `/auth/me`,
/// `/auth/password`, `/auth/logout`).
#[derive(Debug, Clone)]
pub struct SessionPrincipal(pub Principal);

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

fn invalid_token() -> ApiError {
    ApiError::unauthorized("invalid_token", "登录已失效, 请重新登录")
}

/// Loads the principal behind the request's bearer token.
async fn authenticate(req: HttpRequest) -> Result<Principal, ApiError> {
    let state = req.app_data::<web::Data<AppState>>().cloned().ok_or_else(|| ApiError::internal("no app state"))?;
    let token = bearer(&req).ok_or_else(|| ApiError::unauthorized("unauthenticated", "请先登录"))?;
    if token.starts_with("lvk_") {
        return authenticate_key(state, token).await;
    }
    let claims = super::jwt::verify(&state.config.jwt_secret, &token).ok_or_else(invalid_token)?;
    let user_id: Id = claims.sub.parse().map_err(|_| invalid_token())?;
    let session_id: Id = claims.sid.parse().map_err(|_| invalid_token())?;
    state
        .db(move |conn| {
            let now = store::now();
            // A signed-out or expired session ends its access tokens at once, not after 15 minutes.
            if !store::sessions::session_live(conn, &session_id, now)? {
                return Err(invalid_token());
            }
            let user = store::users::find(conn, &user_id)?.filter(|u| u.active).ok_or_else(invalid_token)?;
            let unit = store::units::find(conn, &user.unit_id)?.ok_or_else(invalid_token)?;
            let roles = store::users::roles_of(conn, &user.id)?;
            Ok(Principal {
                user_id: user.id,
                username: user.username,
                display_name: user.display_name,
                unit_id: unit.id,
                unit_name: unit.name,
                roles,
                session_id,
                must_change_password: user.must_change_password,
                api_key: None,
            })
        })
        .await
}

/// An integration's API key: unknown, revoked or expired → 401.
async fn authenticate_key(state: web::Data<AppState>, token: String) -> Result<Principal, ApiError> {
    let hash = super::tokens::digest(&token);
    state
        .db(move |conn| {
            let now = store::now();
            let invalid = || ApiError::unauthorized("invalid_api_key", "API 密钥无效、已吊销或已过期");
            let key = store::api_keys::find_by_hash(conn, &hash)?.ok_or_else(invalid)?;
            if key.revoked_at.is_some() || key.expires_at.is_some_and(|e| e <= now) {
                return Err(invalid());
            }
            if key.last_used_at.is_none_or(|t| t < now - chrono::Duration::seconds(60)) {
                conn.write_tx(|c| store::api_keys::touch(c, &key.id, now))?;
            }
            let unit = store::units::find(conn, &key.unit_id)?.ok_or_else(invalid)?;
            let scopes = key.scope_list().iter().filter_map(|s| ApiScope::from_code(s)).collect();
            Ok(Principal {
                user_id: key.id.clone(),
                username: key.name.clone(),
                display_name: key.name,
                unit_id: unit.id,
                unit_name: unit.name,
                roles: Vec::new(),
                session_id: key.id,
                must_change_password: false,
                api_key: Some(scopes),
            })
        })
        .await
}

impl FromRequest for SessionPrincipal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await.map(SessionPrincipal) })
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let p = authenticate(req).await?;
            if p.must_change_password {
                return Err(
                    ApiError::forbidden("首次登录或密码已被重置, 请先修改密码").with_code("password_change_required")
                );
            }
            Ok(p)
        })
    }
}
