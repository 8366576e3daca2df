//! Pallet configurations, one module per concern.

mod consensus;
mod monetary;
mod system;

pub use system::RuntimeBlockWeights;
