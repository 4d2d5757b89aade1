//! Every keyword list the classifier uses, in one place.
