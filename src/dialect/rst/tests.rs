//! What the reStructuredText dialect reads from small documents.

use super::*;
