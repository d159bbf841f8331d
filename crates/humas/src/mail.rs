//! SMTP delivery of notification e-mails (lettre), to the office's relay.

use crate::config::SmtpConfig;
use humas_core::mail::{Email, Mailer};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(c: &SmtpConfig) -> anyhow::Result<Self> {
        let from: Mailbox = c.from.parse().map_err(|e| anyhow::anyhow!("smtp.from {:?}: {e}", c.from))?;
        // Plain SMTP to a relay on the office network or this host; the relay
        // does TLS to the outside world.
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&c.host)
            .port(c.port)
            .timeout(Some(std::time::Duration::from_secs(20)));
        if let (Some(user), Some(pass)) = (&c.username, &c.password) {
            b = b.credentials(Credentials::new(user.clone(), pass.0.clone()));
        }
        Ok(Self { transport: b.build(), from })
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, email: &Email) -> Result<(), String> {
        let to: Mailbox = email.to.parse().map_err(|e| format!("alamat e-mail {:?} tidak valid: {e}", email.to))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&email.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| e.to_string())?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| format!("SMTP: {e}"))
    }
}
