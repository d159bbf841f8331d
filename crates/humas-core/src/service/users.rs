//! Managing users: the Dinas creates and disables them; others read within their scope.

use super::Humas;
use crate::auth::hash_password;
use crate::ids::UserId;
use crate::policy::Actor;
use crate::user::{NewUser, User, UserInput, check_password_strength};
use crate::{Error, Result};

impl Humas {
    /// Users the actor may see: all for region-wide roles, their own agency's otherwise.
    pub async fn users(&self, actor: &Actor) -> Result<Vec<User>> {
        Ok(self.store.users(actor.read_scope()).await?)
    }

    pub async fn user(&self, actor: &Actor, id: UserId) -> Result<User> {
        let user = self.store.user(id).await?.ok_or(Error::NotFound("Pengguna"))?;
        let visible = actor.reads_region()
            || user.id == actor.user_id
            || (user.agency_id.is_some() && user.agency_id == actor.agency_id);
        if visible { Ok(user) } else { Err(Error::NotFound("Pengguna")) }
    }

    pub async fn create_user(&self, actor: &Actor, input: UserInput) -> Result<User> {
        actor.require_dinas()?;
        let (username, display_name, email) = input.validate()?;
        if let Some(agency) = input.agency_id {
            self.agency(agency).await.map_err(|_| Error::invalid("agency_id", "Instansi tidak ditemukan."))?;
        }
        let password_hash = hash_password(&input.password)?;
        let new =
            NewUser { username, display_name, email, role: input.role, agency_id: input.agency_id, password_hash };
        Ok(self.store.create_user(&new, &self.audit(actor, "user.create")).await?)
    }

    /// Disabling ends every session and token of that user at once.
    pub async fn set_user_disabled(&self, actor: &Actor, id: UserId, disabled: bool) -> Result<User> {
        actor.require_dinas()?;
        if id == actor.user_id && disabled {
            return Err(Error::conflict("self_disable", "Anda tidak dapat menonaktifkan akun Anda sendiri."));
        }
        self.store.user(id).await?.ok_or(Error::NotFound("Pengguna"))?;
        let action = if disabled { "user.disable" } else { "user.enable" };
        let user = self.store.set_user_disabled(id, disabled, &self.audit(actor, action)).await?;
        if disabled {
            self.store.delete_user_sessions(id).await?;
        }
        Ok(user)
    }

    /// A Dinas admin (or the command line) sets a user's password.
    pub async fn reset_password(&self, actor: &Actor, id: UserId, password: &str) -> Result<()> {
        actor.require_dinas()?;
        check_password_strength(password)?;
        self.store.user(id).await?.ok_or(Error::NotFound("Pengguna"))?;
        let hash = hash_password(password)?;
        self.store.set_password(id, &hash, &self.audit(actor, "user.password_reset")).await?;
        self.store.delete_user_sessions(id).await?;
        Ok(())
    }

    pub async fn user_by_username(&self, actor: &Actor, username: &str) -> Result<User> {
        let username = crate::user::parse_username(username)?;
        let (user, _) = self.store.user_credentials(&username).await?.ok_or(Error::NotFound("Pengguna"))?;
        self.user(actor, user.id).await
    }
}
