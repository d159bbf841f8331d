//! E-mail for notifications. The service queues one `email` job per message;
//! the job hands it to a [`Mailer`] (SMTP in the binary), retrying on failure.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: &Email) -> Result<(), String>;
}

/// The job kind that sends one e-mail.
pub const EMAIL: &str = "email";
