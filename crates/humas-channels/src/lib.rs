//! Adapters for the platforms of Lampiran A, one per platform behind
//! [`humas_core::channel::Adapter`]. This crate speaks HTTP to platforms and
//! nothing else: it knows no database and no users.

mod graph;
mod html;
pub mod http;
pub mod import;
mod mastodon;
mod mediawiki;
mod misago;
mod wordpress;
mod x;
mod youtube;

pub use graph::{Graph, Surface};
pub use http::HttpConfig;
pub use mastodon::Mastodon;
pub use mediawiki::Mediawiki;
pub use misago::Misago;
pub use wordpress::Wordpress;
pub use x::X;
pub use youtube::Youtube;

use humas_core::account::Platform;
use humas_core::channel::{Adapter, Gateway};
use std::sync::Arc;

/// The adapters of every platform humas can reach by API.
pub struct Channels {
    mastodon: Arc<Mastodon>,
    wordpress: Arc<Wordpress>,
    mediawiki: Arc<Mediawiki>,
    facebook: Arc<Graph>,
    instagram: Arc<Graph>,
    x: Arc<X>,
    youtube: Arc<Youtube>,
    forum: Arc<Misago>,
}

impl Channels {
    pub fn new(config: &HttpConfig) -> Self {
        let client = http::client(config);
        Self {
            mastodon: Arc::new(Mastodon::new(client.clone())),
            wordpress: Arc::new(Wordpress::new(client.clone())),
            mediawiki: Arc::new(Mediawiki::new(config.clone())),
            facebook: Arc::new(Graph::new(client.clone(), Surface::FacebookPage)),
            instagram: Arc::new(Graph::new(client.clone(), Surface::Instagram)),
            x: Arc::new(X::new(client.clone())),
            youtube: Arc::new(Youtube::new(client)),
            forum: Arc::new(Misago::new(config.clone())),
        }
    }
}

impl Gateway for Channels {
    fn adapter(&self, platform: Platform) -> Option<Arc<dyn Adapter>> {
        match platform {
            Platform::Mastodon => Some(self.mastodon.clone()),
            Platform::Wordpress => Some(self.wordpress.clone()),
            Platform::Mediawiki => Some(self.mediawiki.clone()),
            Platform::Facebook => Some(self.facebook.clone()),
            Platform::Instagram => Some(self.instagram.clone()),
            Platform::X => Some(self.x.clone()),
            Platform::Youtube => Some(self.youtube.clone()),
            // The forum platform is Misago (the one forum humas speaks to).
            Platform::Forum => Some(self.forum.clone()),
            _ => None,
        }
    }
}
