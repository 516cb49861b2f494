/** Persistence: runs, progress, scores and feedback in H2 (embedded) or PostgreSQL. */
@NullMarked
package org.saferlhub.app.db;

import org.jspecify.annotations.NullMarked;
