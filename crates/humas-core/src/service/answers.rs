//! The answer library and the hold that shows who has an item open.

use super::Humas;
use crate::answers::{Answer, AnswerInput, suggest};
use crate::desk::Item;
use crate::ids::{AgencyId, UserId};
use crate::policy::Actor;
use crate::{Error, Result};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// Who has an item open, as the second officer sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hold {
    pub user_id: UserId,
    pub user_name: String,
    pub since: DateTime<Utc>,
    /// True when the caller holds it.
    pub mine: bool,
}

/// How long opening an item holds it for others.
pub const HOLD_MINUTES: i64 = 5;

impl Humas {
    /// The entries an actor may use: the agency's own and the region-wide ones
    /// (all of them for region-wide roles).
    pub async fn answer_library(&self, actor: &Actor) -> Result<Vec<Answer>> {
        Ok(self.store.answers(actor.read_scope()).await?)
    }

    /// Region-wide entries are the Dinas's; an agency's are its officers'.
    fn require_library_editor(actor: &Actor, agency: Option<AgencyId>) -> Result<()> {
        match agency {
            None => actor.require_dinas(),
            Some(a) => actor.require_edit_agency(a),
        }
    }

    pub async fn save_answer(&self, actor: &Actor, id: Option<i64>, input: AnswerInput) -> Result<Answer> {
        let input = input.validate()?;
        Self::require_library_editor(actor, input.agency_id)?;
        if let Some(id) = id {
            let existing = self.store.answer(id).await?.ok_or(Error::NotFound("Jawaban"))?;
            Self::require_library_editor(actor, existing.agency_id)?;
        }
        if let Some(a) = input.agency_id {
            self.agency(a).await?;
        }
        Ok(self.store.save_answer(id, &input, &self.audit(actor, "answer.save")).await?)
    }

    pub async fn delete_answer(&self, actor: &Actor, id: i64) -> Result<()> {
        let existing = self.store.answer(id).await?.ok_or(Error::NotFound("Jawaban"))?;
        Self::require_library_editor(actor, existing.agency_id)?;
        Ok(self.store.delete_answer(id, &self.audit(actor, "answer.delete")).await?)
    }

    pub async fn library_entry(&self, actor: &Actor, id: i64) -> Result<Answer> {
        let a = self.store.answer(id).await?.ok_or(Error::NotFound("Jawaban"))?;
        match a.agency_id {
            Some(g) if !actor.can_read_agency(g) => Err(Error::NotFound("Jawaban")),
            _ => Ok(a),
        }
    }

    /// Library entries that fit an item, best first.
    pub async fn suggest_answers(&self, item: &Item) -> Result<Vec<Answer>> {
        let library = self.store.answers(Some(item.agency_id)).await?;
        let today = self.today().await?;
        Ok(suggest(&item.text, &library, today, 3).into_iter().cloned().collect())
    }

    /// Opening an item takes a short hold on it for the officers who may act
    /// on it; a second officer sees who holds it.
    pub async fn hold_item(&self, actor: &Actor, item: &Item) -> Result<Hold> {
        let now = self.clock.now();
        let (user_id, user_name, since) = self
            .store
            .hold_item(item.id, actor.user_id, &actor.username, now, now + Duration::minutes(HOLD_MINUTES))
            .await?;
        Ok(Hold { mine: user_id == actor.user_id, user_id, user_name, since })
    }
}
