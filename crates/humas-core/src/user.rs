//! Users: civil servants with one role, Officials and Operators bound to one agency.

use crate::ids::{AgencyId, UserId};
use crate::policy::{Actor, Role};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub agency_id: Option<AgencyId>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.id, username: self.username.clone(), role: self.role, agency_id: self.agency_id }
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    pub role: Role,
    pub agency_id: Option<AgencyId>,
    pub password: String,
}

/// A user ready to be stored: validated fields and the password hash.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub agency_id: Option<AgencyId>,
    pub password_hash: String,
}

pub fn parse_username(s: &str) -> Result<String> {
    let u = s.trim().to_lowercase();
    let ok = (3..=32).contains(&u.len())
        && u.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(u)
    } else {
        Err(Error::invalid(
            "username",
            "Nama pengguna 3–32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.",
        ))
    }
}

pub fn check_password_strength(p: &str) -> Result<()> {
    if p.chars().count() < 10 {
        return Err(Error::invalid("password", "Kata sandi minimal 10 karakter."));
    }
    if p.len() > 256 {
        return Err(Error::invalid("password", "Kata sandi terlalu panjang (maksimal 256 karakter)."));
    }
    Ok(())
}

impl UserInput {
    /// Validates everything but the password hash, which the caller computes.
    pub fn validate(&self) -> Result<(String, String, String)> {
        let username = parse_username(&self.username)?;
        let display_name = self.display_name.trim().to_string();
        if display_name.is_empty() || display_name.chars().count() > 120 {
            return Err(Error::invalid("display_name", "Nama lengkap wajib diisi (maksimal 120 karakter)."));
        }
        let email = self.email.trim().to_string();
        if !email.is_empty() && (email.len() > 254 || !email.contains('@') || email.contains(char::is_whitespace)) {
            return Err(Error::invalid("email", "Alamat e-mail tidak valid."));
        }
        match (self.role.is_agency_scoped(), self.agency_id) {
            (true, None) => {
                return Err(Error::invalid("agency_id", "Pejabat dan Petugas harus terikat pada satu instansi."));
            }
            (false, Some(_)) => {
                return Err(Error::invalid("agency_id", "Peran ini berlaku untuk seluruh daerah, tanpa instansi."));
            }
            _ => {}
        }
        check_password_strength(&self.password)?;
        Ok((username, display_name, email))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lowercased_and_restricted() {
        assert_eq!(parse_username(" Budi.Santoso ").ok().as_deref(), Some("budi.santoso"));
        for bad in ["ab", "budi santoso", "<b>", "x".repeat(33).as_str()] {
            assert!(parse_username(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn an_operator_needs_an_agency_and_an_auditor_has_none() {
        let mut u = UserInput {
            username: "petugas1".into(),
            display_name: "Petugas".into(),
            email: String::new(),
            role: Role::Operator,
            agency_id: None,
            password: "rahasia-panjang".into(),
        };
        assert!(u.validate().is_err());
        u.agency_id = Some(AgencyId(1));
        assert!(u.validate().is_ok());
        u.role = Role::Auditor;
        assert!(u.validate().is_err());
    }
}
