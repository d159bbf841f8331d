//! Adapters for the platforms of Lampiran A, one per platform behind
//! [`humas_core::channel::Adapter`]. This crate speaks HTTP to platforms and
//! nothing else: it knows no database and no users.

mod html;
pub mod http;
mod mastodon;
mod mediawiki;
mod wordpress;

pub use http::HttpConfig;
pub use mastodon::Mastodon;
pub use mediawiki::Mediawiki;
pub use wordpress::Wordpress;

use humas_core::account::Platform;
use humas_core::channel::{Adapter, Gateway};
use std::sync::Arc;

/// The adapters of every platform humas can reach by API.
pub struct Channels {
    mastodon: Arc<Mastodon>,
    wordpress: Arc<Wordpress>,
    mediawiki: Arc<Mediawiki>,
}

impl Channels {
    pub fn new(config: &HttpConfig) -> Self {
        let client = http::client(config);
        Self {
            mastodon: Arc::new(Mastodon::new(client.clone())),
            wordpress: Arc::new(Wordpress::new(client)),
            mediawiki: Arc::new(Mediawiki::new(config.clone())),
        }
    }
}

impl Gateway for Channels {
    fn adapter(&self, platform: Platform) -> Option<Arc<dyn Adapter>> {
        match platform {
            Platform::Mastodon => Some(self.mastodon.clone()),
            Platform::Wordpress => Some(self.wordpress.clone()),
            Platform::Mediawiki => Some(self.mediawiki.clone()),
            _ => None,
        }
    }
}
