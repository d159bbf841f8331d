//! The region profile, its kecamatan and its agencies.

use super::Humas;
use crate::agency::{Agency, AgencyInput};
use crate::ids::AgencyId;
use crate::policy::Actor;
use crate::region::{District, Region, parse_district_name};
use crate::{Error, Result};

impl Humas {
    /// The region profile; public (the directory shows its name).
    pub async fn region(&self) -> Result<Region> {
        self.store.region().await?.ok_or(Error::NotFound("Profil daerah"))
    }

    /// The letterhead documents print, with the logo's bytes; a missing
    /// logo file leaves the text alone rather than failing a report.
    pub async fn letterhead(&self) -> Result<crate::region::Letterhead> {
        let region = self.region().await?;
        let mut lines: Vec<String> =
            region.letterhead.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        if lines.is_empty() {
            lines.push(region.name.clone());
        }
        let logo = match &region.logo_blob {
            Some(key) => self.blobs.get(key).await.unwrap_or_else(|e| {
                tracing::warn!(error = %e, "the letterhead logo could not be read");
                None
            }),
            None => None,
        };
        Ok(crate::region::Letterhead { lines, logo })
    }

    pub async fn update_region(&self, actor: &Actor, region: Region) -> Result<Region> {
        actor.require_dinas()?;
        let mut region = region.validated()?;
        if region.logo_blob.is_none() {
            region.logo_blob = self.store.region().await?.and_then(|r| r.logo_blob);
        }
        self.store.save_region(&region, &self.audit(actor, "region.update")).await?;
        Ok(region)
    }

    /// Stores a new letterhead logo (PNG or JPEG, checked by content).
    pub async fn set_region_logo(&self, actor: &Actor, bytes: &[u8]) -> Result<Region> {
        actor.require_dinas()?;
        if bytes.len() > 2 * 1024 * 1024 {
            return Err(Error::invalid("logo", "Logo terlalu besar (maksimal 2 MB)."));
        }
        match crate::decree::sniff_decree_file(bytes) {
            Some("image/png") | Some("image/jpeg") => {}
            _ => return Err(Error::invalid("logo", "Logo harus berupa gambar PNG atau JPEG.")),
        }
        let key = self.blobs.put(bytes).await?;
        let mut region = self.region().await?;
        region.logo_blob = Some(key);
        self.store.save_region(&region, &self.audit(actor, "region.logo")).await?;
        Ok(region)
    }

    pub async fn districts(&self) -> Result<Vec<District>> {
        Ok(self.store.districts().await?)
    }

    pub async fn add_district(&self, actor: &Actor, name: &str) -> Result<District> {
        actor.require_dinas()?;
        let name = parse_district_name(name)?;
        Ok(self.store.add_district(&name, &self.audit(actor, "district.create")).await?)
    }

    /// All agencies; their names and codes are public information.
    pub async fn agencies(&self) -> Result<Vec<Agency>> {
        Ok(self.store.agencies().await?)
    }

    pub async fn agency(&self, id: AgencyId) -> Result<Agency> {
        self.store.agency(id).await?.ok_or(Error::NotFound("Instansi"))
    }

    pub async fn agency_by_code(&self, code: &str) -> Result<Agency> {
        self.store.agency_by_code(&code.trim().to_uppercase()).await?.ok_or(Error::NotFound("Instansi"))
    }

    pub async fn create_agency(&self, actor: &Actor, input: AgencyInput) -> Result<Agency> {
        actor.require_dinas()?;
        let valid = input.parse()?;
        Ok(self.store.create_agency(&valid, &self.audit(actor, "agency.create")).await?)
    }

    pub async fn update_agency(&self, actor: &Actor, id: AgencyId, input: AgencyInput) -> Result<Agency> {
        actor.require_dinas()?;
        let valid = input.parse()?;
        self.agency(id).await?;
        Ok(self.store.update_agency(id, &valid, &self.audit(actor, "agency.update")).await?)
    }
}
