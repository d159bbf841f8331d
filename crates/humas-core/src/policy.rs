//! Who may do what. Every service call goes through these checks; handlers
//! never decide authorization themselves.

use crate::ids::{AgencyId, UserId};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// The roles of the regulation's people table (Pasal 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Diskominfo administrator: region-wide, manages agencies, accounts, users.
    DinasAdmin,
    /// The regent: reads everything, changes nothing.
    Bupati,
    /// Pejabat: responsible for one agency's social media.
    Official,
    /// Petugas: operates one agency's accounts.
    Operator,
    /// Reads everything including the audit log, changes nothing.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::DinasAdmin, Role::Bupati, Role::Official, Role::Operator, Role::Auditor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::DinasAdmin => "dinas_admin",
            Role::Bupati => "bupati",
            Role::Official => "official",
            Role::Operator => "operator",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| Error::invalid("role", format!("Peran tidak dikenal: {s}")))
    }

    /// Official and Operator belong to exactly one agency; the others to none.
    pub fn is_agency_scoped(self) -> bool {
        matches!(self, Role::Official | Role::Operator)
    }

    pub fn label_id(self) -> &'static str {
        match self {
            Role::DinasAdmin => "Admin Dinas",
            Role::Bupati => "Bupati",
            Role::Official => "Pejabat",
            Role::Operator => "Petugas",
            Role::Auditor => "Auditor",
        }
    }
}

/// The authenticated caller of a service operation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub role: Role,
    pub agency_id: Option<AgencyId>,
}

impl Actor {
    /// Sees everything in the region (read).
    pub fn reads_region(&self) -> bool {
        matches!(self.role, Role::DinasAdmin | Role::Bupati | Role::Auditor)
    }

    /// The agency whose data this actor may read, `None` meaning all of them.
    pub fn read_scope(&self) -> Option<AgencyId> {
        if self.reads_region() { None } else { self.agency_id }
    }

    pub fn can_read_agency(&self, agency: AgencyId) -> bool {
        self.reads_region() || self.agency_id == Some(agency)
    }

    pub fn require_read_agency(&self, agency: AgencyId) -> Result<()> {
        if self.can_read_agency(agency) { Ok(()) } else { Err(Error::Forbidden) }
    }

    pub fn require_dinas(&self) -> Result<()> {
        if self.role == Role::DinasAdmin { Ok(()) } else { Err(Error::Forbidden) }
    }

    /// Editing an agency's registry entries (accounts, decrees as drafts):
    /// its own Official and Operators, and the Dinas.
    pub fn require_edit_agency(&self, agency: AgencyId) -> Result<()> {
        match self.role {
            Role::DinasAdmin => Ok(()),
            Role::Official | Role::Operator if self.agency_id == Some(agency) => Ok(()),
            _ => Err(Error::Forbidden),
        }
    }

    /// Acts that commit the agency (requesting verification, archiving):
    /// its Official, or the Dinas.
    pub fn require_official_of(&self, agency: AgencyId) -> Result<()> {
        match self.role {
            Role::DinasAdmin => Ok(()),
            Role::Official if self.agency_id == Some(agency) => Ok(()),
            _ => Err(Error::Forbidden),
        }
    }

    pub fn require_audit_reader(&self) -> Result<()> {
        if matches!(self.role, Role::DinasAdmin | Role::Auditor) { Ok(()) } else { Err(Error::Forbidden) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, agency: Option<i64>) -> Actor {
        Actor { user_id: UserId(1), username: "u".into(), role, agency_id: agency.map(AgencyId) }
    }

    #[test]
    fn an_operator_edits_only_its_own_agency() {
        let op = actor(Role::Operator, Some(1));
        assert!(op.require_edit_agency(AgencyId(1)).is_ok());
        assert!(op.require_edit_agency(AgencyId(2)).is_err());
        assert!(op.require_official_of(AgencyId(1)).is_err());
        assert!(!op.can_read_agency(AgencyId(2)));
    }

    #[test]
    fn read_only_roles_read_everything_and_change_nothing() {
        for role in [Role::Bupati, Role::Auditor] {
            let a = actor(role, None);
            assert!(a.can_read_agency(AgencyId(7)));
            assert!(a.require_edit_agency(AgencyId(7)).is_err());
            assert!(a.require_dinas().is_err());
        }
        assert!(actor(Role::Auditor, None).require_audit_reader().is_ok());
        assert!(actor(Role::Bupati, None).require_audit_reader().is_err());
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).ok(), Some(r));
        }
        assert!(Role::parse("root").is_err());
    }
}
