//! JavaScript bindings (being written).
