//! The domain of humas: who may do what, the registry of official accounts and
//! their decrees, users, and the tamper-evident audit log.
//!
//! This crate knows no HTTP and no SQL driver. Storage is reached through the
//! [`store::Store`] trait, shaped as domain operations; the [`Humas`] service
//! checks every call against the caller's role and agency before touching it,
//! so no handler can forget to.

pub mod account;
pub mod agency;
pub mod answers;
pub mod audit;
pub mod auth;
pub mod blob;
pub mod channel;
pub mod clock;
pub mod decree;
pub mod desk;
pub mod error;
pub mod ids;
pub mod insight;
pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod policy;
pub mod publishing;
pub mod region;
pub mod report;
pub mod rules;
pub mod secret;
pub mod service;
pub mod store;
pub mod user;

pub use error::{Error, Result};
pub use policy::{Actor, Role};
pub use service::Humas;
